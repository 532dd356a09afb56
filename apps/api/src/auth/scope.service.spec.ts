import type { DataSource } from 'typeorm';
import type { AuthUser, RoleGrant } from './auth-user';
import { isPathWithin, ScopeService } from './scope.service';

function user(roles: RoleGrant[], extra: Partial<AuthUser> = {}): AuthUser {
  return {
    id: 'u1',
    username: 'u',
    displayName: 'U',
    roles,
    departmentId: null,
    deputyId: null,
    sessionId: 's',
    ...extra,
  };
}

const grant = (role: RoleGrant['role'], regionPath: string | null = null): RoleGrant => ({
  role,
  regionId: regionPath ? `id-of-${regionPath}` : null,
  regionPath,
});

describe('ScopeService (no database)', () => {
  const scope = new ScopeService({} as DataSource);

  it('places paths by whole segments', () => {
    expect(isPathWithin('a/b/c', 'a/b')).toBe(true);
    expect(isPathWithin('a/b', 'a/b')).toBe(true);
    expect(isPathWithin('a/bc', 'a/b')).toBe(false);
    expect(isPathWithin('a', 'a/b')).toBe(false);
  });

  it('admin sees everything; a user without roles nothing', () => {
    expect(scope.issueVisibility(user([grant('admin')]))).toEqual({ where: 'TRUE', parameters: {} });
    expect(scope.issueVisibility(user([]))).toEqual({ where: 'FALSE', parameters: {} });
  });

  it('a regional grant without a region reaches nothing', () => {
    const u = user([grant('supervisor')]);
    expect(scope.regionPathsFor(u, 'supervisor')).toEqual([]);
    expect(scope.issueVisibility(u).where).toBe('FALSE');
  });

  it('ORs the reach of every role the user holds, with LIKE patterns escaped', () => {
    const u = user(
      [grant('deputy'), grant('department'), grant('liaison', 'x/under_score'), grant('supervisor', 'y')],
      {
        deputyId: 'd1',
        departmentId: 'dep1',
      },
    );
    const { where, parameters } = scope.issueVisibility(u, 'i');
    expect(where).toContain('i.submitted_by_user_id = :scopeUserId OR i.deputy_id = :scopeDeputyId');
    expect(where).toContain('scope_assignment.department_id = :scopeDepartmentId');
    expect(where).toContain('i.region_path LIKE ANY');
    expect(parameters).toEqual({
      scopeUserId: 'u1',
      scopeDeputyId: 'd1',
      scopeDepartmentId: 'dep1',
      scopeRegionPaths: ['x/under_score', 'y'],
      scopeRegionPrefixes: ['x/under\\_score/%', 'y/%'],
    });
  });

  it('a department role without a department reaches nothing by assignment', () => {
    expect(scope.issueVisibility(user([grant('department')])).where).toBe('FALSE');
    expect(scope.canActAsDepartment(user([grant('department')]), 'dep1')).toBe(false);
    expect(scope.canActAsDepartment(user([grant('supervisor', 'y')], { departmentId: 'dep1' }), 'dep1')).toBe(false);
    expect(scope.canActAsDepartment(user([grant('department')], { departmentId: 'dep1' }), 'dep1')).toBe(true);
  });
});
