import type { MigrationInterface, QueryRunner } from 'typeorm';
import { personalDataKeySettings } from '@app/config';
import { PersonalDataCipher, sealSubmissionContacts } from '@app/personal-data';

// The contacts a voter leaves through a QR code (voter_submissions.contact_phone, contact_email) encrypted at rest like
// the issues' voter phone and ID number (issue #16, item 4; 1764741000000): AES-256-GCM ciphertext naming its key, a
// keyed hash beside each for exact lookups (the per-contact daily limit, requests from the people concerned), and a
// CHECK that refuses plaintext so a writer that forgets to encrypt fails instead of leaking. The plaintext indexes
// go: the hashes are what is searched now. Existing rows are converted with the environment's keys, as the apps'.
const BATCH = 500;

export class EncryptedSubmissionContacts1764756000000 implements MigrationInterface {
  name = 'EncryptedSubmissionContacts1764756000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE voter_submissions ADD COLUMN contact_phone_hash text NULL, ADD COLUMN contact_email_hash text NULL`,
    );
    await queryRunner.query(`DROP INDEX ix_voter_submissions_contact_phone`);
    await queryRunner.query(`DROP INDEX ix_voter_submissions_contact_email`);
    let cipher: PersonalDataCipher | undefined;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = (await queryRunner.query(
        `SELECT id, contact_phone, contact_email FROM voter_submissions
          WHERE id > $1 AND (contact_phone IS NOT NULL OR contact_email IS NOT NULL)
          ORDER BY id LIMIT ${BATCH}`,
        [after],
      )) as { id: string; contact_phone: string | null; contact_email: string | null }[];
      if (!rows.length) break;
      // Keys are needed only when there is something to encrypt: a new database migrates without them.
      cipher ??= new PersonalDataCipher(personalDataKeySettings());
      for (const row of rows) {
        const sealed = sealSubmissionContacts(cipher, {
          contactPhone: row.contact_phone,
          contactEmail: row.contact_email,
        });
        await queryRunner.query(
          `UPDATE voter_submissions
              SET contact_phone = $2, contact_phone_hash = $3, contact_email = $4, contact_email_hash = $5
            WHERE id = $1`,
          [row.id, sealed.contactPhone, sealed.contactPhoneHash, sealed.contactEmail, sealed.contactEmailHash],
        );
      }
      after = rows[rows.length - 1].id;
    }
    await queryRunner.query(`
      ALTER TABLE voter_submissions
        ADD CONSTRAINT ck_voter_submissions_contact_phone_sealed
          CHECK (contact_phone IS NULL AND contact_phone_hash IS NULL
                 OR contact_phone LIKE 'pd1:%' AND contact_phone_hash IS NOT NULL),
        ADD CONSTRAINT ck_voter_submissions_contact_email_sealed
          CHECK (contact_email IS NULL AND contact_email_hash IS NULL
                 OR contact_email LIKE 'pd1:%' AND contact_email_hash IS NOT NULL)`);
    await queryRunner.query(
      `CREATE INDEX ix_voter_submissions_contact_phone_hash ON voter_submissions (contact_phone_hash, submitted_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_voter_submissions_contact_email_hash ON voter_submissions (contact_email_hash, submitted_at)`,
    );
    for (const [column, kind] of [
      ['contact_phone', '联系电话（选民自填，用于进展通知；AES-256-GCM 加密存储）'],
      ['contact_email', '电子邮箱（选民自填，用于进展通知；AES-256-GCM 加密存储）'],
    ]) {
      await queryRunner.query(
        `UPDATE records.personal_data SET kind = $2 WHERE table_name = 'voter_submissions' AND column_name = $1`,
        [column, kind],
      );
    }
    for (const [column, kind] of [
      ['contact_phone_hash', '联系电话的密钥散列（HMAC-SHA-256，不可还原，用于按号码查找和每日提交限额）'],
      ['contact_email_hash', '电子邮箱的密钥散列（HMAC-SHA-256，不可还原，用于按邮箱查找和每日提交限额）'],
    ]) {
      await queryRunner.query(
        `INSERT INTO records.personal_data (table_name, column_name, subject, kind, sensitive, purpose, access, retention)
         VALUES ('voter_submissions', $1, '选民', $2, false,
                 '限制同一联系方式每日提交次数；按号码查找选民的全部信息（个人信息主体的请求）',
                 '系统（不显示）；系统管理员查找时记入 data_access_log', 'VOTER_DATA_RETENTION_DAYS')`,
        [column, kind],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM records.personal_data
        WHERE table_name = 'voter_submissions' AND column_name IN ('contact_phone_hash', 'contact_email_hash')`,
    );
    for (const [column, kind] of [
      ['contact_phone', '联系电话（选民自填，用于进展通知）'],
      ['contact_email', '电子邮箱（选民自填，用于进展通知）'],
    ]) {
      await queryRunner.query(
        `UPDATE records.personal_data SET kind = $2 WHERE table_name = 'voter_submissions' AND column_name = $1`,
        [column, kind],
      );
    }
    await queryRunner.query(`
      ALTER TABLE voter_submissions
        DROP CONSTRAINT ck_voter_submissions_contact_phone_sealed,
        DROP CONSTRAINT ck_voter_submissions_contact_email_sealed`);
    const rows = (await queryRunner.query(
      `SELECT id, contact_phone, contact_email FROM voter_submissions
        WHERE contact_phone IS NOT NULL OR contact_email IS NOT NULL`,
    )) as { id: string; contact_phone: string | null; contact_email: string | null }[];
    if (rows.length) {
      const cipher = new PersonalDataCipher(personalDataKeySettings());
      for (const row of rows) {
        await queryRunner.query(`UPDATE voter_submissions SET contact_phone = $2, contact_email = $3 WHERE id = $1`, [
          row.id,
          cipher.decrypt('phone', row.contact_phone),
          cipher.decrypt('email', row.contact_email),
        ]);
      }
    }
    await queryRunner.query(
      `ALTER TABLE voter_submissions DROP COLUMN contact_phone_hash, DROP COLUMN contact_email_hash`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_voter_submissions_contact_phone ON voter_submissions (contact_phone, submitted_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_voter_submissions_contact_email ON voter_submissions (contact_email, submitted_at)`,
    );
  }
}
