import type { MigrationInterface, QueryRunner } from 'typeorm';

// Sign-in sessions with rotating refresh tokens, and the used nonces of single-use reply links.
export class AuthSessionsAndReplyLinks1764200000000 implements MigrationInterface {
  name = 'AuthSessionsAndReplyLinks1764200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE auth_sessions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_refreshed_at timestamptz NULL,
        revoked_at timestamptz NULL,
        revoked_reason text NULL,
        user_agent text NULL,
        ip text NULL,
        CONSTRAINT pk_auth_sessions PRIMARY KEY (id),
        CONSTRAINT ck_auth_sessions_revoked_reason CHECK (
          revoked_reason IN ('logout', 'refresh_reuse', 'password_change', 'admin')
        ),
        CONSTRAINT fk_auth_sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX ix_auth_sessions_user_id ON auth_sessions (user_id)`);

    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        token_hash text NOT NULL,
        session_id uuid NOT NULL,
        issued_at timestamptz NOT NULL,
        rotated_at timestamptz NULL,
        CONSTRAINT pk_refresh_tokens PRIMARY KEY (token_hash),
        CONSTRAINT fk_refresh_tokens_session FOREIGN KEY (session_id) REFERENCES auth_sessions (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX ix_refresh_tokens_session_id ON refresh_tokens (session_id)`);

    await queryRunner.query(`
      CREATE TABLE reply_link_uses (
        nonce text NOT NULL,
        assignment_id uuid NOT NULL,
        department_id uuid NOT NULL,
        used_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT pk_reply_link_uses PRIMARY KEY (nonce),
        CONSTRAINT fk_reply_link_uses_assignment FOREIGN KEY (assignment_id) REFERENCES assignments (id),
        CONSTRAINT fk_reply_link_uses_department FOREIGN KEY (department_id) REFERENCES departments (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_reply_link_uses_assignment_id ON reply_link_uses (assignment_id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE reply_link_uses`);
    await queryRunner.query(`DROP TABLE refresh_tokens`);
    await queryRunner.query(`DROP TABLE auth_sessions`);
  }
}
