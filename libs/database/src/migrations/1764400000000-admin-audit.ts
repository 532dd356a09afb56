import type { MigrationInterface, QueryRunner } from 'typeorm';

// Who changed the reference data (regions, stations, deputies, departments, categories, routing rules, the
// calendar), when, and from what to what: routing and deadlines depend on it, so a changed rule must be traceable.
export class AdminAudit1764400000000 implements MigrationInterface {
  name = 'AdminAudit1764400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE admin_audit_log (
        id bigserial NOT NULL,
        actor_user_id uuid NOT NULL,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text NOT NULL,
        before jsonb NULL,
        after jsonb NULL,
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_admin_audit_log PRIMARY KEY (id),
        CONSTRAINT ck_admin_audit_log_action CHECK (action IN ('create', 'update', 'delete')),
        CONSTRAINT fk_admin_audit_log_actor_user FOREIGN KEY (actor_user_id) REFERENCES users (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_admin_audit_log_entity ON admin_audit_log (entity, entity_id)`);
    // Evidence, like issue_events: nobody, the application included, rewrites it.
    await queryRunner.query(`
      CREATE FUNCTION admin_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'admin_audit_log is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER admin_audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON admin_audit_log
      FOR EACH ROW EXECUTE FUNCTION admin_audit_log_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER admin_audit_log_no_truncate BEFORE TRUNCATE ON admin_audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION admin_audit_log_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE admin_audit_log`);
    await queryRunner.query(`DROP FUNCTION admin_audit_log_append_only()`);
  }
}
