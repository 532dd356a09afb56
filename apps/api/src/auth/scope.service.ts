// Owns "which issues may this user see, and for which department may they act". Controllers gate by role
// with @Roles(); services decide per record with these methods, and list queries add issueVisibility().
//
//   deputy      the issues they submitted, or that were raised through them (issues.deputy_id)
//   department  the issues with an assignment (lead or co-handling, any round) for their department
//   liaison     the issues whose region_path lies under one of their liaison scopes
//   supervisor  the same, under their supervisor scopes
//   admin       every issue
//
// Reading out of scope answers 404 (existence is not revealed); a visible issue the user may not act on, 403.
import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '@app/database';
import { escapeLike } from '@app/database';
import { hasRole, type AuthUser } from './auth-user';

/** What scope decisions need to know of an issue (a subset of the Issue entity). */
export interface IssueScopeFacts {
  id: string;
  regionPath: string;
  deputyId: string;
  submittedByUserId: string;
}

/** A WHERE condition with named parameters, for TypeORM's query builder: `qb.andWhere(c.where, c.parameters)`. */
export interface SqlCondition {
  where: string;
  parameters: Record<string, unknown>;
}

export type RegionalRole = Extract<Role, 'liaison' | 'supervisor'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class ScopeService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  hasRole(user: AuthUser, ...roles: Role[]): boolean {
    return hasRole(user, ...roles);
  }

  /** The scope roots (region paths) of the user's grants of `role`; a grant without a region reaches nothing. */
  regionPathsFor(user: AuthUser, role: Role): string[] {
    return user.roles.filter((g) => g.role === role && g.regionPath !== null).map((g) => g.regionPath as string);
  }

  /** True when `regionPath` is one of the user's `role` scope roots or lies below one. */
  isInRegion(user: AuthUser, role: Role, regionPath: string): boolean {
    return this.regionPathsFor(user, role).some((root) => isPathWithin(regionPath, root));
  }

  /** 403 unless the user holds one of `roles` with a scope that covers `regionPath`. */
  assertInRegion(user: AuthUser, roles: Role[], regionPath: string): void {
    if (!roles.some((role) => this.isInRegion(user, role, regionPath))) {
      throw new ForbiddenException(`This needs the ${roles.join(' or ')} role for this region`);
    }
  }

  /** True when the user handles issues for `departmentId` (department role, and it is their department). */
  canActAsDepartment(user: AuthUser, departmentId: string): boolean {
    return hasRole(user, 'department') && user.departmentId !== null && user.departmentId === departmentId;
  }

  assertCanActAsDepartment(user: AuthUser, departmentId: string): void {
    if (!this.canActAsDepartment(user, departmentId)) throw new ForbiddenException('Only that department may do this');
  }

  /**
   * The issues `user` may see, as a condition on the issues table under `alias`. Lists use it so that the
   * query itself never returns an out-of-scope row:
   *
   *   qb.from(Issue, 'issue').andWhere(scope.issueVisibility(user).where, scope.issueVisibility(user).parameters)
   */
  issueVisibility(user: AuthUser, alias = 'issue'): SqlCondition {
    if (hasRole(user, 'admin')) return { where: 'TRUE', parameters: {} };
    const parts: string[] = [];
    const parameters: Record<string, unknown> = {};
    if (hasRole(user, 'deputy')) {
      parameters.scopeUserId = user.id;
      if (user.deputyId) {
        parameters.scopeDeputyId = user.deputyId;
        parts.push(`${alias}.submitted_by_user_id = :scopeUserId OR ${alias}.deputy_id = :scopeDeputyId`);
      } else {
        parts.push(`${alias}.submitted_by_user_id = :scopeUserId`);
      }
    }
    if (hasRole(user, 'department') && user.departmentId) {
      parameters.scopeDepartmentId = user.departmentId;
      parts.push(
        `EXISTS (SELECT 1 FROM assignments scope_assignment WHERE scope_assignment.issue_id = ${alias}.id ` +
          `AND scope_assignment.department_id = :scopeDepartmentId)`,
      );
    }
    const roots = [...new Set([...this.regionPathsFor(user, 'liaison'), ...this.regionPathsFor(user, 'supervisor')])];
    if (roots.length) {
      parameters.scopeRegionPaths = roots;
      parameters.scopeRegionPrefixes = roots.map((root) => `${escapeLike(root)}/%`);
      parts.push(
        `${alias}.region_path = ANY(CAST(:scopeRegionPaths AS text[])) ` +
          `OR ${alias}.region_path LIKE ANY(CAST(:scopeRegionPrefixes AS text[]))`,
      );
    }
    if (!parts.length) return { where: 'FALSE', parameters: {} };
    return { where: `(${parts.map((p) => `(${p})`).join(' OR ')})`, parameters };
  }

  /** The same rule as issueVisibility, for one issue already loaded. */
  async isIssueReadable(user: AuthUser, issue: IssueScopeFacts): Promise<boolean> {
    if (hasRole(user, 'admin')) return true;
    if (hasRole(user, 'deputy') && (issue.submittedByUserId === user.id || issue.deputyId === user.deputyId)) {
      return true;
    }
    if (this.isInRegion(user, 'liaison', issue.regionPath) || this.isInRegion(user, 'supervisor', issue.regionPath)) {
      return true;
    }
    if (hasRole(user, 'department') && user.departmentId) {
      const rows = await this.db.query<unknown[]>(
        `SELECT 1 FROM assignments WHERE issue_id = $1 AND department_id = $2 LIMIT 1`,
        [issue.id, user.departmentId],
      );
      return rows.length > 0;
    }
    return false;
  }

  /**
   * The issue, if the user may see it; 404 otherwise (also when it was not found). Pass what you loaded:
   *
   *   const issue = await this.scope.assertIssueReadable(user, await this.issues.findOneBy({ id }));
   */
  async assertIssueReadable<T extends IssueScopeFacts>(user: AuthUser, issue: T | null | undefined): Promise<T> {
    if (!issue || !(await this.isIssueReadable(user, issue))) throw new NotFoundException('Issue not found');
    return issue;
  }

  /** Whether the issue with this id exists and the user may see it (one SQL query, the issueVisibility rule). */
  async canReadIssue(user: AuthUser, issueId: string): Promise<boolean> {
    if (!UUID.test(issueId)) return false;
    const visibility = this.issueVisibility(user, 'issue');
    const row = await this.db
      .createQueryBuilder()
      .select('1', 'found')
      .from('issues', 'issue')
      .where('issue.id = :scopeIssueId', { scopeIssueId: issueId })
      .andWhere(visibility.where, visibility.parameters)
      .getRawOne<{ found: number }>();
    return row !== undefined;
  }
}

/** True when `path` is `root` or below it ('a/b/c' is within 'a/b'; 'a/bc' is not). */
export function isPathWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}
