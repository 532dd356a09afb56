import type { MigrationInterface, QueryRunner } from 'typeorm';

// Requests from the people concerned (issue #16, item 3): an admin finding (read) and exporting (export) what is
// held about a voter is recorded in admin_audit_log like a change is, so the trail shows every step of a request.
export class SubjectRequestAudit1764741000001 implements MigrationInterface {
  name = 'SubjectRequestAudit1764741000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE admin_audit_log DROP CONSTRAINT ck_admin_audit_log_action,
        ADD CONSTRAINT ck_admin_audit_log_action CHECK (action IN ('create', 'update', 'delete', 'read', 'export'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE admin_audit_log DROP CONSTRAINT ck_admin_audit_log_action,
        ADD CONSTRAINT ck_admin_audit_log_action CHECK (action IN ('create', 'update', 'delete')) NOT VALID`);
  }
}
