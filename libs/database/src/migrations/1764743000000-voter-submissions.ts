import type { MigrationInterface, QueryRunner } from 'typeorm';

// The voter's own channel (issue #15, items 1-3): a voter who scans a station's or a deputy's QR code submits here,
// without an account; the deputy (or the station's liaison officer) accepts it as an issue, merges it into one of
// theirs, or declines it with a reason, and the voter follows it with a tracking code whose secret is kept only as
// its SHA-256. A captcha answer is a signed token; its nonce lands in voter_captcha_uses so it works once. A reply
// becomes visible on the voter's status page only once its department marks it publishable (default: not).
export class VoterSubmissions1764743000000 implements MigrationInterface {
  name = 'VoterSubmissions1764743000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE voter_submissions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        station_id uuid NOT NULL,
        deputy_id uuid NULL,
        place_region_id uuid NOT NULL,
        description text NOT NULL,
        contact_phone text NULL,
        contact_email text NULL,
        notice_version text NOT NULL,
        notice_accepted_at timestamptz NOT NULL,
        secret_hash text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        decision_reason text NULL,
        issue_id uuid NULL,
        decided_by_user_id uuid NULL,
        decided_at timestamptz NULL,
        reminded_at timestamptz NULL,
        escalated_at timestamptz NULL,
        voter_solved boolean NULL,
        voter_solved_at timestamptz NULL,
        voter_data_erased_at timestamptz NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        workflow_id text NOT NULL,
        CONSTRAINT pk_voter_submissions PRIMARY KEY (id),
        CONSTRAINT uq_voter_submissions_workflow_id UNIQUE (workflow_id),
        CONSTRAINT fk_voter_submissions_station FOREIGN KEY (station_id) REFERENCES stations (id),
        CONSTRAINT fk_voter_submissions_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id),
        CONSTRAINT fk_voter_submissions_place_region FOREIGN KEY (place_region_id) REFERENCES regions (id),
        CONSTRAINT fk_voter_submissions_issue FOREIGN KEY (issue_id) REFERENCES issues (id),
        CONSTRAINT fk_voter_submissions_decided_by_user FOREIGN KEY (decided_by_user_id) REFERENCES users (id),
        CONSTRAINT ck_voter_submissions_status CHECK (status IN ('pending', 'accepted', 'merged', 'declined')),
        CONSTRAINT ck_voter_submissions_contact CHECK (
          contact_phone IS NOT NULL OR contact_email IS NOT NULL OR voter_data_erased_at IS NOT NULL),
        CONSTRAINT ck_voter_submissions_decision CHECK (
          (status = 'pending') = (decided_at IS NULL)
          AND (status IN ('accepted', 'merged')) = (issue_id IS NOT NULL)
          AND (status <> 'declined' OR decision_reason IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_voter_submissions_station_status ON voter_submissions (station_id, status)`,
    );
    await queryRunner.query(`CREATE INDEX ix_voter_submissions_deputy_status ON voter_submissions (deputy_id, status)`);
    await queryRunner.query(`CREATE INDEX ix_voter_submissions_issue_id ON voter_submissions (issue_id)`);
    // The per-contact rate limit counts a phone's or an address's recent submissions.
    await queryRunner.query(
      `CREATE INDEX ix_voter_submissions_contact_phone ON voter_submissions (contact_phone, submitted_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_voter_submissions_contact_email ON voter_submissions (contact_email, submitted_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE voter_captcha_uses (
        nonce text NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT pk_voter_captcha_uses PRIMARY KEY (nonce)
      )`);
    await queryRunner.query(`CREATE INDEX ix_voter_captcha_uses_expires_at ON voter_captcha_uses (expires_at)`);
    await queryRunner.query(`ALTER TABLE replies ADD COLUMN publishable boolean NOT NULL DEFAULT false`);
    // An accepted submission's issue says where it came from: the voter's own code (代表码).
    await queryRunner.query(`ALTER TABLE issues DROP CONSTRAINT ck_issues_channel`);
    await queryRunner.query(`ALTER TABLE issues ADD CONSTRAINT ck_issues_channel
      CHECK (channel IN ('reception_day', 'visit', 'walk_in', 'phone', 'voter_code'))`);
    await queryRunner.query(
      `INSERT INTO records.personal_data (table_name, column_name, subject, kind, sensitive, purpose, access, retention)
       VALUES ($1, $2, $3, $4, false, $5, $6, $7), ($1, $8, $3, $9, false, $5, $6, $7), ($1, $10, $3, $11, false, $5, $6, 'record')`,
      [
        'voter_submissions',
        'contact_phone',
        '选民',
        '联系电话（选民自填，用于进展通知）',
        '告知选民其通过代表码提交事项的受理、办理和答复情况',
        '掩码显示；仅事项的代表和站点联络员处理时可见掩码后的联系方式',
        'VOTER_DATA_RETENTION_DAYS',
        'contact_email',
        '电子邮箱（选民自填，用于进展通知）',
        'description',
        '反映内容（选民自填，可能含个人信息）',
      ],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM records.personal_data WHERE table_name = 'voter_submissions'`);
    await queryRunner.query(`ALTER TABLE issues DROP CONSTRAINT ck_issues_channel`);
    await queryRunner.query(`ALTER TABLE issues ADD CONSTRAINT ck_issues_channel
      CHECK (channel IN ('reception_day', 'visit', 'walk_in', 'phone'))`);
    await queryRunner.query(`ALTER TABLE replies DROP COLUMN publishable`);
    await queryRunner.query(`DROP TABLE voter_captcha_uses`);
    await queryRunner.query(`DROP TABLE voter_submissions`);
  }
}
