// Owns the SQL of user administration.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AdminAuditAction, JsonObject, Role } from '@app/database';
import { recordAudit } from '../admin/admin-audit';
import { ROLE_GRANTS_JSON } from '../auth/auth.repository';
import { escapeLike, queryRows } from '@app/database';
import type { UserView } from './users.dto';

export interface GrantRow {
  role: Role;
  regionId: string | null;
}

const USER_COLUMNS = `u.id, u.username, u.display_name AS "displayName", u.email, u.department_id AS "departmentId",
  (SELECT name FROM departments WHERE id = u.department_id) AS "departmentName",
  u.deputy_id AS "deputyId", (SELECT name FROM deputies WHERE id = u.deputy_id) AS "deputyName",
  u.active, u.failed_logins AS "failedLogins", u.locked_until AS "lockedUntil",
  u.must_change_password AS "mustChangePassword", u.created_at AS "createdAt", ${ROLE_GRANTS_JSON} AS roles`;

/** What an account change does besides its audit entry: each runs inside the audited transaction. */
export type AccountChange =
  | { action: 'reset_password'; passwordHash: string }
  | { action: 'disable' }
  | { action: 'enable' }
  | { action: 'unlock' };

/** A user's links and grants as an admin sets them: `undefined` leaves a link alone, null removes it. */
export interface AccessChange {
  grants: GrantRow[];
  departmentId?: string | null;
  deputyId?: string | null;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(filter: {
    q?: string;
    role?: Role;
    limit: number;
    offset: number;
  }): Promise<{ rows: UserView[]; total: number }> {
    const where = `($1::text IS NULL OR u.username ILIKE $1 OR u.display_name ILIKE $1)
      AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM user_roles x WHERE x.user_id = u.id AND x.role = $2))`;
    const pattern = filter.q ? `%${escapeLike(filter.q)}%` : null;
    const [rows, [count]] = await Promise.all([
      queryRows<UserView>(
        this.db,
        `SELECT ${USER_COLUMNS} FROM users u WHERE ${where} ORDER BY u.username LIMIT $3 OFFSET $4`,
        [pattern, filter.role ?? null, filter.limit, filter.offset],
      ),
      queryRows<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM users u WHERE ${where}`, [
        pattern,
        filter.role ?? null,
      ]),
    ]);
    return { rows, total: count.total };
  }

  async findById(id: string): Promise<UserView | null> {
    const [row] = await queryRows<UserView>(this.db, `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
    return row ?? null;
  }

  async create(
    actorUserId: string,
    input: {
      username: string;
      displayName: string;
      email: string | null;
      passwordHash: string;
      departmentId: string | null;
      deputyId: string | null;
      grants: GrantRow[];
    },
  ): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [user] = await queryRows<{ id: string }>(
        tx,
        `INSERT INTO users (username, display_name, email, password_hash, department_id, deputy_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [input.username, input.displayName, input.email, input.passwordHash, input.departmentId, input.deputyId],
      );
      if (input.deputyId) {
        await tx.query(`UPDATE deputies SET user_id = $1 WHERE id = $2 AND user_id IS NULL`, [user.id, input.deputyId]);
      }
      await this.insertGrants(tx, user.id, input.grants);
      await audit(tx, actorUserId, 'create', user.id, null);
      return user.id;
    });
  }

  /** Replaces the grants and, where given, the department and deputy links (both sides of the deputy link). */
  async replaceAccess(actorUserId: string, userId: string, change: AccessChange): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await userSnapshot(tx, userId);
      if (change.departmentId !== undefined) {
        await tx.query(`UPDATE users SET department_id = $2 WHERE id = $1`, [userId, change.departmentId]);
      }
      if (change.deputyId !== undefined) {
        await tx.query(`UPDATE deputies SET user_id = NULL WHERE user_id = $1`, [userId]);
        await tx.query(`UPDATE users SET deputy_id = $2 WHERE id = $1`, [userId, change.deputyId]);
        if (change.deputyId) {
          await tx.query(`UPDATE deputies SET user_id = $1 WHERE id = $2`, [userId, change.deputyId]);
        }
      }
      await tx.query(`DELETE FROM user_roles WHERE user_id = $1`, [userId]);
      await this.insertGrants(tx, userId, change.grants);
      await audit(tx, actorUserId, 'update', userId, before);
    });
  }

  /**
   * Applies one account change with its audit entry, in one transaction; false when there is no such user. Resetting
   * and disabling end every session of the user: whoever held them no longer holds the account.
   */
  async changeAccount(actorUserId: string, userId: string, change: AccountChange, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const before = await userSnapshot(tx, userId);
      if (!before) return false;
      switch (change.action) {
        case 'reset_password':
          await tx.query(
            `UPDATE users SET password_hash = $2, must_change_password = true, failed_logins = 0, locked_until = NULL
              WHERE id = $1`,
            [userId, change.passwordHash],
          );
          break;
        case 'disable':
          await tx.query(`UPDATE users SET active = false WHERE id = $1`, [userId]);
          break;
        case 'enable':
          await tx.query(`UPDATE users SET active = true WHERE id = $1`, [userId]);
          break;
        case 'unlock':
          await tx.query(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [userId]);
          break;
      }
      if (change.action === 'reset_password' || change.action === 'disable') {
        await tx.query(
          `UPDATE auth_sessions SET revoked_at = $2, revoked_reason = 'admin' WHERE user_id = $1 AND revoked_at IS NULL`,
          [userId, now],
        );
      }
      await audit(tx, actorUserId, change.action, userId, before);
      return true;
    });
  }

  /** The ids among `ids` that exist in `table` (regions, departments or deputies). */
  async existing(table: 'regions' | 'departments' | 'deputies', ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await queryRows<{ id: string }>(this.db, `SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  async usernameTaken(username: string): Promise<boolean> {
    return (await queryRows(this.db, `SELECT 1 FROM users WHERE username = $1`, [username])).length > 0;
  }

  /** Whether a user (other than `exceptUserId`) already stands for this deputy (either side of the link). */
  async deputyTaken(deputyId: string, exceptUserId: string | null = null): Promise<boolean> {
    const rows = await queryRows(
      this.db,
      `SELECT 1 FROM users WHERE deputy_id = $1 AND id IS DISTINCT FROM $2::uuid
       UNION ALL SELECT 1 FROM deputies WHERE id = $1 AND user_id IS NOT NULL AND user_id IS DISTINCT FROM $2::uuid`,
      [deputyId, exceptUserId],
    );
    return rows.length > 0;
  }

  private async insertGrants(
    tx: { query(sql: string, p: unknown[]): Promise<unknown> },
    userId: string,
    grants: GrantRow[],
  ) {
    for (const grant of grants) {
      await tx.query(`INSERT INTO user_roles (user_id, role, region_id) VALUES ($1, $2, $3)`, [
        userId,
        grant.role,
        grant.regionId,
      ]);
    }
  }
}

/** The account as stored, without its password hash (which no audit trail should copy), with its grants. */
async function userSnapshot(tx: EntityManager, userId: string): Promise<JsonObject | null> {
  const [row] = await queryRows<{ row: JsonObject }>(
    tx,
    `SELECT (to_jsonb(u) - 'password_hash') || jsonb_build_object('roles', ${ROLE_GRANTS_JSON}) AS row
       FROM users u WHERE u.id = $1`,
    [userId],
  );
  return row?.row ?? null;
}

async function audit(
  tx: EntityManager,
  actorUserId: string,
  action: AdminAuditAction,
  userId: string,
  before: JsonObject | null,
): Promise<void> {
  await recordAudit(tx, {
    actorUserId,
    action,
    entity: 'user',
    entityId: userId,
    before,
    after: await userSnapshot(tx, userId),
  });
}
