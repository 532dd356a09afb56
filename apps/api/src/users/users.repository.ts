// Owns the SQL of user administration.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '@app/database';
import { ROLE_GRANTS_JSON } from '../auth/auth.repository';
import { escapeLike, queryRows } from '@app/database';
import type { UserView } from './users.dto';

export interface GrantRow {
  role: Role;
  regionId: string | null;
}

const USER_COLUMNS = `u.id, u.username, u.display_name AS "displayName", u.email, u.department_id AS "departmentId",
  u.deputy_id AS "deputyId", u.active, u.failed_logins AS "failedLogins", u.locked_until AS "lockedUntil",
  u.created_at AS "createdAt", ${ROLE_GRANTS_JSON} AS roles`;

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

  async create(input: {
    username: string;
    displayName: string;
    email: string | null;
    passwordHash: string;
    departmentId: string | null;
    deputyId: string | null;
    grants: GrantRow[];
  }): Promise<string> {
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
      return user.id;
    });
  }

  async replaceGrants(userId: string, grants: GrantRow[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM user_roles WHERE user_id = $1`, [userId]);
      await this.insertGrants(tx, userId, grants);
    });
  }

  async unlock(userId: string): Promise<boolean> {
    const rows = await queryRows(
      this.db,
      `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 RETURNING id`,
      [userId],
    );
    return rows.length > 0;
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

  /** Whether a user already stands for this deputy (either side of the users ↔ deputies link). */
  async deputyTaken(deputyId: string): Promise<boolean> {
    const rows = await queryRows(
      this.db,
      `SELECT 1 FROM users WHERE deputy_id = $1 UNION ALL SELECT 1 FROM deputies WHERE id = $1 AND user_id IS NOT NULL`,
      [deputyId],
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
