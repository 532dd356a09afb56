import type { MigrationInterface, QueryRunner } from 'typeorm';

// Accounts an admin can run (issue #13, item 3): a password an admin reset must be changed at the next sign-in;
// failed sign-ins are also counted per client address (a higher limit than per account, and only failures, so an
// office behind one address is not locked out by its own colleagues signing in); resets, disabling, enabling,
// unlocking and imports are recorded in admin_audit_log under their own actions.
export class Accounts1764750000000 implements MigrationInterface {
  name = 'Accounts1764750000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users ADD must_change_password boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      CREATE TABLE login_address_failures (
        address text NOT NULL,
        failures integer NOT NULL,
        window_started_at timestamptz NOT NULL,
        blocked_until timestamptz NULL,
        CONSTRAINT pk_login_address_failures PRIMARY KEY (address),
        CONSTRAINT ck_login_address_failures_failures CHECK ("failures" >= 0)
      )`);
    await queryRunner.query(`
      ALTER TABLE admin_audit_log DROP CONSTRAINT ck_admin_audit_log_action,
        ADD CONSTRAINT ck_admin_audit_log_action CHECK (action IN ('create', 'update', 'delete', 'read', 'export',
          'reset_password', 'disable', 'enable', 'unlock', 'import'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE admin_audit_log DROP CONSTRAINT ck_admin_audit_log_action,
        ADD CONSTRAINT ck_admin_audit_log_action CHECK (action IN ('create', 'update', 'delete', 'read', 'export'))
          NOT VALID`);
    await queryRunner.query(`DROP TABLE login_address_failures`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN must_change_password`);
  }
}
