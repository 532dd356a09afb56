import type { MigrationInterface, QueryRunner } from 'typeorm';
import { personalDataKeySettings } from '@app/config';
import { PersonalDataCipher, sealVoterContacts } from '@app/personal-data';

// Voters' phone and ID numbers encrypted at rest (issue #16, item 4). issues.voter_phone and voter_id_number now hold
// AES-256-GCM ciphertext naming its key (`pd1:<keyId>:…`, libs/personal-data), and a CHECK refuses plaintext, so a
// writer that forgets to encrypt fails loudly instead of leaking. Beside each, a keyed hash (HMAC-SHA-256 of the
// normalised value) finds a voter's rows by exact value (requests from the people concerned, item 3). Existing rows
// are converted here with the keys of the environment running the migration (PERSONAL_DATA_KEYS, as the apps).
// operations.key_rotations records each run of `npm run records:rotate-key`.
const BATCH = 500;

export class EncryptedVoterContacts1764741000000 implements MigrationInterface {
  name = 'EncryptedVoterContacts1764741000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE issues ADD COLUMN voter_phone_hash text NULL, ADD COLUMN voter_id_number_hash text NULL`,
    );
    let cipher: PersonalDataCipher | undefined;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = (await queryRunner.query(
        `SELECT id, voter_phone, voter_id_number FROM issues
          WHERE id > $1 AND (voter_phone IS NOT NULL OR voter_id_number IS NOT NULL)
          ORDER BY id LIMIT ${BATCH}`,
        [after],
      )) as { id: string; voter_phone: string | null; voter_id_number: string | null }[];
      if (!rows.length) break;
      // Keys are needed only when there is something to encrypt: a new database migrates without them.
      cipher ??= new PersonalDataCipher(personalDataKeySettings());
      for (const row of rows) {
        const sealed = sealVoterContacts(cipher, { voterPhone: row.voter_phone, voterIdNumber: row.voter_id_number });
        await queryRunner.query(
          `UPDATE issues SET voter_phone = $2, voter_phone_hash = $3, voter_id_number = $4, voter_id_number_hash = $5
            WHERE id = $1`,
          [row.id, sealed.voterPhone, sealed.voterPhoneHash, sealed.voterIdNumber, sealed.voterIdNumberHash],
        );
      }
      after = rows[rows.length - 1].id;
    }
    await queryRunner.query(`
      ALTER TABLE issues
        ADD CONSTRAINT ck_issues_voter_phone_sealed
          CHECK (voter_phone IS NULL AND voter_phone_hash IS NULL
                 OR voter_phone LIKE 'pd1:%' AND voter_phone_hash IS NOT NULL),
        ADD CONSTRAINT ck_issues_voter_id_number_sealed
          CHECK (voter_id_number IS NULL AND voter_id_number_hash IS NULL
                 OR voter_id_number LIKE 'pd1:%' AND voter_id_number_hash IS NOT NULL)`);
    await queryRunner.query(`CREATE INDEX ix_issues_voter_phone_hash ON issues (voter_phone_hash)`);
    await queryRunner.query(`CREATE INDEX ix_issues_voter_id_number_hash ON issues (voter_id_number_hash)`);
    await queryRunner.query(`
      CREATE TABLE operations.key_rotations (
        id bigint GENERATED ALWAYS AS IDENTITY,
        key_id text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz NULL,
        rows_rewritten integer NOT NULL DEFAULT 0,
        rows_left integer NULL,
        CONSTRAINT pk_key_rotations PRIMARY KEY (id)
      )`);
    for (const [column, kind] of [
      ['voter_phone', '联系电话（AES-256-GCM 加密存储）'],
      ['voter_id_number', '身份证号码（AES-256-GCM 加密存储）'],
    ]) {
      await queryRunner.query(
        `UPDATE records.personal_data SET kind = $2 WHERE table_name = 'issues' AND column_name = $1`,
        [column, kind],
      );
    }
    for (const [column, kind, sensitive] of [
      ['voter_phone_hash', '联系电话的密钥散列（HMAC-SHA-256，不可还原，用于按号码查找）', false],
      ['voter_id_number_hash', '身份证号码的密钥散列（HMAC-SHA-256，不可还原，用于按号码查找）', true],
    ] as const) {
      await queryRunner.query(
        `INSERT INTO records.personal_data (table_name, column_name, subject, kind, sensitive, purpose, access, retention)
         VALUES ('issues', $1, '选民', $2, $3, '按号码查找选民的全部信息（个人信息主体的查阅、更正、删除请求）',
                 '系统管理员（查找时记入 data_access_log）', 'VOTER_DATA_RETENTION_DAYS')`,
        [column, kind, sensitive],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM records.personal_data WHERE table_name = 'issues' AND column_name IN ('voter_phone_hash', 'voter_id_number_hash')`,
    );
    await queryRunner.query(
      `UPDATE records.personal_data SET kind = '联系电话' WHERE column_name = 'voter_phone' AND table_name = 'issues'`,
    );
    await queryRunner.query(
      `UPDATE records.personal_data SET kind = '身份证号码' WHERE column_name = 'voter_id_number' AND table_name = 'issues'`,
    );
    await queryRunner.query(`DROP TABLE operations.key_rotations`);
    await queryRunner.query(
      `ALTER TABLE issues DROP CONSTRAINT ck_issues_voter_phone_sealed, DROP CONSTRAINT ck_issues_voter_id_number_sealed`,
    );
    const rows = (await queryRunner.query(
      `SELECT id, voter_phone, voter_id_number FROM issues WHERE voter_phone IS NOT NULL OR voter_id_number IS NOT NULL`,
    )) as { id: string; voter_phone: string | null; voter_id_number: string | null }[];
    if (rows.length) {
      const cipher = new PersonalDataCipher(personalDataKeySettings());
      for (const row of rows) {
        await queryRunner.query(`UPDATE issues SET voter_phone = $2, voter_id_number = $3 WHERE id = $1`, [
          row.id,
          cipher.decrypt('phone', row.voter_phone),
          cipher.decrypt('idNumber', row.voter_id_number),
        ]);
      }
    }
    await queryRunner.query(`ALTER TABLE issues DROP COLUMN voter_phone_hash, DROP COLUMN voter_id_number_hash`);
  }
}
