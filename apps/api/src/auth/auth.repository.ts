// Owns the SQL of sign-in: credentials and lock-out counters, sessions and their refresh tokens, and
// loading the signed-in principal with its scoped roles.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role, SessionRevokeReason } from '@app/database';
import { queryRows } from '@app/database';
import { recordAudit } from '../admin/admin-audit';
import type { AuthUser, RoleGrant } from './auth-user';

export interface Credentials {
  id: string;
  username: string;
  passwordHash: string | null;
  active: boolean;
  lockedUntil: Date | null;
  mustChangePassword: boolean;
}

export type RotationResult =
  { kind: 'rotated'; userId: string; sessionId: string } | { kind: 'reused'; sessionId: string } | { kind: 'invalid' };

export interface Profile {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  mustChangePassword: boolean;
  roles: (RoleGrant & { regionName: string | null })[];
  department: { id: string; code: string; name: string } | null;
  deputy: { id: string; name: string; level: string } | null;
}

/** SQL for a user's role grants as a JSON array; `u` is the users alias. */
export const ROLE_GRANTS_JSON = `COALESCE((
  SELECT json_agg(json_build_object('role', ur.role, 'regionId', ur.region_id, 'regionPath', r.path, 'regionName', r.name)
                  ORDER BY ur.role, r.path NULLS FIRST)
  FROM user_roles ur LEFT JOIN regions r ON r.id = ur.region_id
  WHERE ur.user_id = u.id), '[]'::json)`;

@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findCredentials(username: string): Promise<Credentials | null> {
    const [row] = await queryRows<Credentials>(
      this.db,
      `SELECT id, username, password_hash AS "passwordHash", active, locked_until AS "lockedUntil",
              must_change_password AS "mustChangePassword"
         FROM users WHERE username = $1`,
      [username],
    );
    return row ?? null;
  }

  async findCredentialsById(userId: string): Promise<Credentials | null> {
    const [row] = await queryRows<Credentials>(
      this.db,
      `SELECT id, username, password_hash AS "passwordHash", active, locked_until AS "lockedUntil",
              must_change_password AS "mustChangePassword"
         FROM users WHERE id = $1`,
      [userId],
    );
    return row ?? null;
  }

  /**
   * Counts a failed attempt in one statement (two concurrent guesses cannot both slip under the limit);
   * the attempt that reaches `maxFailures` locks the account until `lockUntil` and starts the count again.
   * Returns whether this attempt locked it.
   */
  async recordFailedLogin(userId: string, maxFailures: number, lockUntil: Date): Promise<boolean> {
    const [row] = await queryRows<{ locked: boolean }>(
      this.db,
      `UPDATE users
          SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
              locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END
        WHERE id = $1
      RETURNING locked_until = $3 AS locked`,
      [userId, maxFailures, lockUntil],
    );
    return row?.locked ?? false;
  }

  /** Until when sign-ins from this client address are refused (null: they are not). */
  async addressBlockedUntil(address: string, now: Date): Promise<Date | null> {
    const [row] = await queryRows<{ blockedUntil: Date }>(
      this.db,
      `SELECT blocked_until AS "blockedUntil" FROM login_address_failures WHERE address = $1 AND blocked_until > $2`,
      [address, now],
    );
    return row?.blockedUntil ?? null;
  }

  /**
   * Counts a failed sign-in from a client address in one statement: a window of `windowMs` starts at its first
   * failure; the failure that reaches `maxFailures` within it blocks the address until `now + windowMs`.
   */
  async recordAddressFailure(address: string, now: Date, windowMs: number, maxFailures: number): Promise<void> {
    const windowStart = new Date(now.getTime() - windowMs);
    const blockUntil = new Date(now.getTime() + windowMs);
    await this.db.query(
      `INSERT INTO login_address_failures AS f (address, failures, window_started_at, blocked_until)
       VALUES ($1, 1, $2, CASE WHEN $4::int <= 1 THEN $5::timestamptz END)
       ON CONFLICT (address) DO UPDATE SET
         failures = CASE WHEN f.window_started_at <= $3 THEN 1 ELSE f.failures + 1 END,
         window_started_at = CASE WHEN f.window_started_at <= $3 THEN $2 ELSE f.window_started_at END,
         blocked_until = CASE
           WHEN (CASE WHEN f.window_started_at <= $3 THEN 1 ELSE f.failures + 1 END) >= $4 THEN $5::timestamptz
           ELSE f.blocked_until END`,
      [address, now, windowStart, maxFailures, blockUntil],
    );
  }

  /** Clears the failure count and any lock; stores an upgraded hash when the parameters changed. */
  async recordSuccessfulLogin(userId: string, rehashed: string | null): Promise<void> {
    await this.db.query(
      `UPDATE users SET failed_logins = 0, locked_until = NULL, password_hash = COALESCE($2, password_hash)
        WHERE id = $1`,
      [userId, rehashed],
    );
  }

  /**
   * The user's own new password: it also ends a one-time password's obligation to change it. Recorded in the admin
   * audit trail with the user as the actor (without any hash), beside the resets admins make.
   */
  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [before] = await queryRows<{ mustChangePassword: boolean }>(
        tx,
        `SELECT must_change_password AS "mustChangePassword" FROM users WHERE id = $1 FOR UPDATE`,
        [userId],
      );
      await tx.query(
        `UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL, must_change_password = false
          WHERE id = $1`,
        [userId, passwordHash],
      );
      await recordAudit(tx, {
        actorUserId: userId,
        action: 'update',
        entity: 'user',
        entityId: userId,
        before: { password: 'previous', must_change_password: before?.mustChangePassword ?? false },
        after: { password: 'changed by the user', must_change_password: false },
      });
    });
  }

  async createSession(input: {
    userId: string;
    tokenHash: string;
    now: Date;
    expiresAt: Date;
    userAgent: string | null;
    ip: string | null;
  }): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [session] = await queryRows<{ id: string }>(
        tx,
        `INSERT INTO auth_sessions (user_id, created_at, expires_at, user_agent, ip) VALUES ($1, $2, $3, $4, $5)
         RETURNING id`,
        [input.userId, input.now, input.expiresAt, input.userAgent?.slice(0, 256) ?? null, input.ip],
      );
      await tx.query(`INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES ($1, $2, $3)`, [
        input.tokenHash,
        session.id,
        input.now,
      ]);
      return session.id;
    });
  }

  /**
   * Exchanges a refresh token for the next one. The old token's row is locked, so two concurrent uses of one
   * token cannot both succeed: the second sees it rotated, which counts as reuse and ends the session.
   */
  async rotateRefreshToken(input: {
    tokenHash: string;
    nextHash: string;
    now: Date;
    expiresAt: Date;
  }): Promise<RotationResult> {
    return this.db.transaction(async (tx): Promise<RotationResult> => {
      const [row] = await queryRows<{
        sessionId: string;
        userId: string;
        rotatedAt: Date | null;
        revokedAt: Date | null;
        expiresAt: Date;
        active: boolean;
      }>(
        tx,
        `SELECT t.session_id AS "sessionId", s.user_id AS "userId", t.rotated_at AS "rotatedAt",
                s.revoked_at AS "revokedAt", s.expires_at AS "expiresAt", u.active
           FROM refresh_tokens t
           JOIN auth_sessions s ON s.id = t.session_id
           JOIN users u ON u.id = s.user_id
          WHERE t.token_hash = $1
          FOR UPDATE OF t, s`,
        [input.tokenHash],
      );
      if (!row) return { kind: 'invalid' };
      if (row.rotatedAt) {
        if (!row.revokedAt) {
          await tx.query(`UPDATE auth_sessions SET revoked_at = $2, revoked_reason = 'refresh_reuse' WHERE id = $1`, [
            row.sessionId,
            input.now,
          ]);
        }
        return { kind: 'reused', sessionId: row.sessionId };
      }
      if (row.revokedAt || row.expiresAt <= input.now || !row.active) return { kind: 'invalid' };

      await tx.query(`UPDATE refresh_tokens SET rotated_at = $2 WHERE token_hash = $1`, [input.tokenHash, input.now]);
      await tx.query(`INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES ($1, $2, $3)`, [
        input.nextHash,
        row.sessionId,
        input.now,
      ]);
      await tx.query(`UPDATE auth_sessions SET expires_at = $2, last_refreshed_at = $3 WHERE id = $1`, [
        row.sessionId,
        input.expiresAt,
        input.now,
      ]);
      return { kind: 'rotated', userId: row.userId, sessionId: row.sessionId };
    });
  }

  /** The session a refresh token (current or rotated) belongs to. */
  async sessionOfRefreshToken(tokenHash: string): Promise<string | null> {
    const [row] = await queryRows<{ sessionId: string }>(
      this.db,
      `SELECT session_id AS "sessionId" FROM refresh_tokens WHERE token_hash = $1`,
      [tokenHash],
    );
    return row?.sessionId ?? null;
  }

  async revokeSession(sessionId: string, reason: SessionRevokeReason, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE auth_sessions SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, now, reason],
    );
  }

  /** Ends every session of the user except `keepSessionId` (null: all of them). */
  async revokeUserSessions(
    userId: string,
    reason: SessionRevokeReason,
    now: Date,
    keepSessionId: string | null,
  ): Promise<void> {
    await this.db.query(
      `UPDATE auth_sessions SET revoked_at = $2, revoked_reason = $3
        WHERE user_id = $1 AND revoked_at IS NULL AND ($4::uuid IS NULL OR id <> $4::uuid)`,
      [userId, now, reason, keepSessionId],
    );
  }

  /**
   * The principal behind a valid access token, or null when the user or the session is gone; with whether the user
   * still has to replace a one-time password (the guard's concern, not the handlers').
   */
  async loadPrincipal(
    userId: string,
    sessionId: string,
    now: Date,
  ): Promise<(AuthUser & { mustChangePassword: boolean }) | null> {
    const [row] = await queryRows<
      Omit<AuthUser, 'roles' | 'sessionId'> & { roles: RoleGrantRow[]; mustChangePassword: boolean }
    >(
      this.db,
      `SELECT u.id, u.username, u.display_name AS "displayName", u.department_id AS "departmentId",
              u.deputy_id AS "deputyId", u.must_change_password AS "mustChangePassword", ${ROLE_GRANTS_JSON} AS roles
         FROM users u
         JOIN auth_sessions s ON s.user_id = u.id AND s.id = $2
        WHERE u.id = $1 AND u.active AND s.revoked_at IS NULL AND s.expires_at > $3`,
      [userId, sessionId, now],
    );
    if (!row) return null;
    return {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      departmentId: row.departmentId,
      deputyId: row.deputyId,
      sessionId,
      mustChangePassword: row.mustChangePassword,
      roles: row.roles.map(({ role, regionId, regionPath }) => ({ role, regionId, regionPath })),
    };
  }

  async loadProfile(userId: string): Promise<Profile | null> {
    const [row] = await queryRows<Profile>(
      this.db,
      `SELECT u.id, u.username, u.display_name AS "displayName", u.email,
              u.must_change_password AS "mustChangePassword", ${ROLE_GRANTS_JSON} AS roles,
              CASE WHEN d.id IS NULL THEN NULL ELSE json_build_object('id', d.id, 'code', d.code, 'name', d.name) END
                AS department,
              CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'name', p.name, 'level', p.level) END
                AS deputy
         FROM users u
         LEFT JOIN departments d ON d.id = u.department_id
         LEFT JOIN deputies p ON p.id = u.deputy_id
        WHERE u.id = $1`,
      [userId],
    );
    return row ?? null;
  }
}

interface RoleGrantRow {
  role: Role;
  regionId: string | null;
  regionPath: string | null;
  regionName: string | null;
}
