import { CALENDAR_DAYS_2025, CALENDAR_DAYS_2026 } from '@app/calendar';
import type { MigrationInterface, QueryRunner } from 'typeorm';

// Published schedules never change, so importing them keeps this migration stable; a new year is a new migration.
const DAYS = [...CALENDAR_DAYS_2025, ...CALENDAR_DAYS_2026];

export class OfficialCalendar20252026_1764100001000 implements MigrationInterface {
  name = 'OfficialCalendar20252026_1764100001000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO calendar_days (day, kind, name) SELECT * FROM unnest($1::date[], $2::text[], $3::text[])`,
      [DAYS.map((d) => d.day), DAYS.map((d) => d.kind), DAYS.map((d) => d.name)],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM calendar_days WHERE day = ANY ($1::date[])`, [DAYS.map((d) => d.day)]);
  }
}
