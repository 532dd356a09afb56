// Owns the signed-in principal every guarded handler receives through @CurrentUser().
import type { Role } from '@app/database';

/** One role the user holds, scoped to a region's subtree (`regionPath` null: no regional scope). */
export interface RoleGrant {
  role: Role;
  regionId: string | null;
  /** Materialised path of the scope root, e.g. 'yueyang/yueyang-county/rongjiawan'. */
  regionPath: string | null;
}

/** The signed-in user, loaded fresh from the database on every request (roles changed by an admin apply at once). */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
  /** The department the user answers for (department role). */
  departmentId: string | null;
  /** The deputy the user is (deputy role). */
  deputyId: string | null;
  /** The sign-in session the access token belongs to. */
  sessionId: string;
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return user.roles.some((grant) => roles.includes(grant.role));
}
