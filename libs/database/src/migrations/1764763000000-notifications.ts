import type { MigrationInterface, QueryRunner } from 'typeorm';

// The in-app notification centre (issue #13 item 5). notifications: one row per notice per user, written in the same
// transaction as the mail of the same notice (unique per dedupe key, so a retried step writes none twice); read_at
// null = unread. Each insert announces itself with pg_notify('notifications', user id) so a signed-in user's bell
// can move without polling. users.language: the language of the mails rendered for that user (Chinese by default).
export class Notifications1764763000000 implements MigrationInterface {
  name = 'Notifications1764763000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users ADD COLUMN language text NOT NULL DEFAULT 'zh'`);
    await queryRunner.query(`ALTER TABLE users ADD CONSTRAINT ck_users_language CHECK (language IN ('zh', 'en'))`);
    await queryRunner.query(`
      CREATE TABLE notifications (
        id bigserial NOT NULL,
        dedupe_key text NOT NULL,
        user_id uuid NOT NULL,
        kind text NOT NULL,
        issue_id uuid NULL,
        title text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz NULL,
        CONSTRAINT pk_notifications PRIMARY KEY (id),
        CONSTRAINT uq_notifications_dedupe_key UNIQUE (dedupe_key),
        CONSTRAINT fk_notifications_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_notifications_issue FOREIGN KEY (issue_id) REFERENCES issues (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX ix_notifications_user ON notifications (user_id, id)`);
    await queryRunner.query(
      `CREATE INDEX ix_notifications_user_unread ON notifications (user_id) WHERE "read_at" IS NULL`,
    );
    await queryRunner.query(`
      CREATE FUNCTION notifications_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('notifications', NEW.user_id::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_notifications_notify AFTER INSERT ON notifications
        FOR EACH ROW EXECUTE FUNCTION notifications_notify()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notifications`);
    await queryRunner.query(`DROP FUNCTION notifications_notify()`);
    await queryRunner.query(`ALTER TABLE users DROP CONSTRAINT ck_users_language`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN language`);
  }
}
