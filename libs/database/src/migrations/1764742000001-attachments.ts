import type { MigrationInterface, QueryRunner } from 'typeorm';

// Photos and documents on issues (issue #13, item 1). `attachments` describes each file: which issue (none yet while
// a deputy's draft is being put together: intake binds it), who uploaded it with which client key (a retried upload
// finds the first), what it documents (intake, reply, follow-up: before and after photos), its type as detected from
// the content, its size and digest. The bytes live behind the AttachmentStore interface; its embedded implementation
// keeps them in `attachment_blobs` (the file and its thumbnail under their own keys), so the database's backups,
// restores and transactions cover them with no extra server or volume.
export class Attachments1764742000001 implements MigrationInterface {
  name = 'Attachments1764742000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE attachments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        issue_id uuid NULL,
        uploaded_by_user_id uuid NOT NULL,
        upload_key text NOT NULL,
        stage text NOT NULL,
        file_name text NOT NULL,
        media_type text NOT NULL,
        byte_size integer NOT NULL,
        sha256 text NOT NULL,
        width integer NULL,
        height integer NULL,
        has_thumbnail boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_attachments PRIMARY KEY (id),
        CONSTRAINT fk_attachments_issue FOREIGN KEY (issue_id) REFERENCES issues (id),
        CONSTRAINT fk_attachments_uploaded_by_user FOREIGN KEY (uploaded_by_user_id) REFERENCES users (id),
        CONSTRAINT uq_attachments_uploader_key UNIQUE (uploaded_by_user_id, upload_key),
        CONSTRAINT ck_attachments_stage CHECK (stage IN ('intake', 'reply', 'follow_up')),
        CONSTRAINT ck_attachments_byte_size CHECK (byte_size > 0)
      )`);
    await queryRunner.query(`CREATE INDEX ix_attachments_issue_id ON attachments (issue_id)`);
    await queryRunner.query(`
      CREATE TABLE attachment_blobs (
        key text NOT NULL,
        bytes bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_attachment_blobs PRIMARY KEY (key)
      )`);
    // Photos may show the voter, their home, their papers: held and read like the voter's other personal data.
    await queryRunner.query(
      `INSERT INTO records.personal_data (table_name, column_name, subject, kind, sensitive, purpose, access, retention)
       VALUES ('attachment_blobs', 'bytes', '选民', '事项附件（照片、文件，可能含选民的肖像、住址或证件）', false,
               '办理代表转交的意见建议：反映情况、答复和办理前后的照片',
               '事项的代表、交办单位、辖区内的督办和联络工作人员；每次下载记入 data_access_log', 'record')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM records.personal_data WHERE table_name = 'attachment_blobs' AND column_name = 'bytes'`,
    );
    await queryRunner.query(`DROP TABLE attachment_blobs`);
    await queryRunner.query(`DROP TABLE attachments`);
  }
}
