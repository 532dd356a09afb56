import type { MigrationInterface, QueryRunner } from 'typeorm';

// Attendance staff tools (issue #13, item 6).
//
// A meeting is closed by the liaison office once its attendance is complete: closed_at and who closed it. "Held" needs
// no column (a planned meeting whose day has passed), and `status` keeps its two stored values, so every count that
// reads `status = 'planned'` (proposals, coverage, reports) still counts held and closed meetings.
//
// The phone-call list shows the deputy's phone to the staff who call: that unmasked read is logged in data_access_log
// like a voter's, but it belongs to no issue, so issue_id may be null. No column is added: the record chains hash
// to_jsonb(row), and a new column would change the canonical text of every row already linked.
export class MeetingClosingAndDeputyReads1764754000000 implements MigrationInterface {
  name = 'MeetingClosingAndDeputyReads1764754000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE meetings
        ADD COLUMN closed_at timestamptz NULL,
        ADD COLUMN closed_by_user_id uuid NULL,
        ADD CONSTRAINT ck_meetings_closed CHECK (closed_at IS NULL OR status = 'planned'),
        ADD CONSTRAINT fk_meetings_closed_by_user FOREIGN KEY (closed_by_user_id) REFERENCES users (id)`);
    await queryRunner.query(`ALTER TABLE data_access_log ALTER COLUMN issue_id DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM data_access_log WHERE issue_id IS NULL`);
    await queryRunner.query(`ALTER TABLE data_access_log ALTER COLUMN issue_id SET NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE meetings
        DROP CONSTRAINT fk_meetings_closed_by_user,
        DROP CONSTRAINT ck_meetings_closed,
        DROP COLUMN closed_by_user_id,
        DROP COLUMN closed_at`);
  }
}
