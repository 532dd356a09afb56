import type { MigrationInterface, QueryRunner } from 'typeorm';

// Attachments under the retention rules (issue #16, item 2). An issue's photos and documents may show the voter, their
// home or their papers, so when its voter data is erased (VOTER_DATA_RETENTION_DAYS after it closed, or on the
// voter's request) their bytes go too: the attachments row stays (stage, type, size: what the timeline and any
// count need) and says when its content was erased. Files uploaded for a submission that never came (never bound to
// an issue) go, rows and bytes, UNBOUND_UPLOAD_RETENTION_DAYS after the upload. Each run counts both.
export class AttachmentRetention1764756000001 implements MigrationInterface {
  name = 'AttachmentRetention1764756000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE attachments ADD COLUMN content_erased_at timestamptz NULL`);
    await queryRunner.query(`CREATE INDEX ix_attachments_unbound ON attachments (created_at) WHERE issue_id IS NULL`);
    await queryRunner.query(`
      ALTER TABLE operations.retention_runs
        ADD COLUMN unbound_uploads_before timestamptz NULL,
        ADD COLUMN erased_attachments integer NOT NULL DEFAULT 0,
        ADD COLUMN deleted_unbound_uploads integer NOT NULL DEFAULT 0`);
    await queryRunner.query(
      `UPDATE records.personal_data SET retention = 'VOTER_DATA_RETENTION_DAYS'
        WHERE table_name = 'attachment_blobs' AND column_name = 'bytes'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE records.personal_data SET retention = 'record'
        WHERE table_name = 'attachment_blobs' AND column_name = 'bytes'`,
    );
    await queryRunner.query(`
      ALTER TABLE operations.retention_runs
        DROP COLUMN unbound_uploads_before, DROP COLUMN erased_attachments, DROP COLUMN deleted_unbound_uploads`);
    await queryRunner.query(`DROP INDEX ix_attachments_unbound`);
    await queryRunner.query(`ALTER TABLE attachments DROP COLUMN content_erased_at`);
  }
}
