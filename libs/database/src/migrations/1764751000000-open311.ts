import type { MigrationInterface, QueryRunner } from 'typeorm';

// Open311 GeoReport v2 (issue #15, item 5): other systems (12345 platforms, map-based reporting tools) post service
// requests with a per-client API key. A key is shown once when an admin creates it and kept only as its SHA-256 (it is
// 32 random bytes, so a fast hash is enough: nothing to guess). A posted request is a voter submission like one from a
// QR code (voter_submissions, decided by the deputy); open311_requests holds what Open311 adds to it: the client, the
// category asked for (service_code), the location as sent, the token, and the reporter's name sealed like voters'
// phone numbers (libs/personal-data).
const REGISTERED: Record<string, string> = {
  reporter_first_name: '名（Open311 客户端转来，加密保存）',
  reporter_last_name: '姓（Open311 客户端转来，加密保存）',
  address_string: '地址（Open311 客户端转来）',
  address_id: '地址编号（Open311 客户端转来）',
  lat: '纬度（Open311 客户端转来）',
  long: '经度（Open311 客户端转来）',
  device_id: '设备标识（Open311 客户端转来）',
  account_id: '客户端账号标识（Open311 客户端转来）',
};

export class Open3111764751000000 implements MigrationInterface {
  name = 'Open3111764751000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE open311_clients (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        key_hash text NOT NULL,
        key_prefix text NOT NULL,
        created_by_user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_by_user_id uuid NULL,
        revoked_at timestamptz NULL,
        CONSTRAINT pk_open311_clients PRIMARY KEY (id),
        CONSTRAINT uq_open311_clients_key_hash UNIQUE (key_hash),
        CONSTRAINT fk_open311_clients_created_by_user FOREIGN KEY (created_by_user_id) REFERENCES users (id),
        CONSTRAINT fk_open311_clients_revoked_by_user FOREIGN KEY (revoked_by_user_id) REFERENCES users (id),
        CONSTRAINT ck_open311_clients_revoked CHECK ((revoked_at IS NULL) = (revoked_by_user_id IS NULL))
      )`);
    await queryRunner.query(`
      CREATE TABLE open311_requests (
        submission_id uuid NOT NULL,
        client_id uuid NOT NULL,
        token text NOT NULL,
        category_id uuid NOT NULL,
        lat double precision NULL,
        long double precision NULL,
        address_string text NULL,
        address_id text NULL,
        reporter_first_name text NULL,
        reporter_last_name text NULL,
        device_id text NULL,
        account_id text NULL,
        media_url text NULL,
        attributes jsonb NOT NULL DEFAULT '{}',
        requested_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_open311_requests PRIMARY KEY (submission_id),
        CONSTRAINT uq_open311_requests_token UNIQUE (token),
        CONSTRAINT fk_open311_requests_submission FOREIGN KEY (submission_id) REFERENCES voter_submissions (id),
        CONSTRAINT fk_open311_requests_client FOREIGN KEY (client_id) REFERENCES open311_clients (id),
        CONSTRAINT fk_open311_requests_category FOREIGN KEY (category_id) REFERENCES issue_categories (id)
      )`);
    // GET /requests lists newest first within a date range.
    await queryRunner.query(`CREATE INDEX ix_open311_requests_requested_at ON open311_requests (requested_at)`);
    for (const [column, kind] of Object.entries(REGISTERED)) {
      await queryRunner.query(
        `INSERT INTO records.personal_data (table_name, column_name, subject, kind, sensitive, purpose, access, retention)
         VALUES ('open311_requests', $1, '选民', $2, false, $3, $4, 'VOTER_DATA_RETENTION_DAYS')`,
        [
          column,
          kind,
          '识别并定位通过 Open311 接口转来事项的反映人和地点',
          '姓名加密保存，任何 Open311 查询均不返回；地址和经纬度随 Open311 查询返回（公开的事项地点）；设备和账号标识不返回',
        ],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM records.personal_data WHERE table_name = 'open311_requests'`);
    await queryRunner.query(`DROP TABLE open311_requests`);
    await queryRunner.query(`DROP TABLE open311_clients`);
  }
}
