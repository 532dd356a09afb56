import type { MigrationInterface, QueryRunner } from 'typeorm';

// Ad-hoc receptions (临时接待) and receptions by appointment (预约接待): a reception a liaison officer records after it
// was held, outside the station's rule. It has no rule date (nominal_date NULL) and no workflow: nothing is left to
// remind or chase once it is recorded, so it is written held, with its time of day and the client's idempotency key.
// The key (station, nominal date) keeps binding the days the rule gives, one each; an ad-hoc reception, having no
// nominal date, sits beside them (PostgreSQL treats NULLs as distinct), and any number may be held on one day.
export class AdHocReceptions1764761000000 implements MigrationInterface {
  name = 'AdHocReceptions1764761000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE receptions
        ADD COLUMN kind text NOT NULL DEFAULT 'scheduled',
        ADD COLUMN held_from time NULL,
        ADD COLUMN held_until time NULL,
        ADD COLUMN idempotency_key text NULL,
        ALTER COLUMN nominal_date DROP NOT NULL,
        ALTER COLUMN workflow_id DROP NOT NULL,
        ALTER COLUMN remind_at DROP NOT NULL,
        ALTER COLUMN record_due_at DROP NOT NULL,
        ALTER COLUMN overdue_at DROP NOT NULL,
        ADD CONSTRAINT ck_receptions_kind CHECK (kind IN ('scheduled', 'ad_hoc', 'appointment')),
        ADD CONSTRAINT ck_receptions_kind_shape CHECK (
          CASE WHEN kind = 'scheduled'
            THEN nominal_date IS NOT NULL AND workflow_id IS NOT NULL AND remind_at IS NOT NULL
                 AND record_due_at IS NOT NULL AND overdue_at IS NOT NULL AND idempotency_key IS NULL
            ELSE nominal_date IS NULL AND workflow_id IS NULL AND remind_at IS NULL AND record_due_at IS NULL
                 AND overdue_at IS NULL AND status = 'held' AND idempotency_key IS NOT NULL
                 AND recorded_by_user_id IS NOT NULL
          END),
        ADD CONSTRAINT ck_receptions_held_hours CHECK (held_until IS NULL OR held_from IS NULL OR held_until > held_from),
        ADD CONSTRAINT uq_receptions_recorded_by_idempotency_key UNIQUE (recorded_by_user_id, idempotency_key)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Their events are append-only evidence: an ad-hoc reception cannot be removed, so the old shape cannot return.
    const [adHoc] = (await queryRunner.query(
      `SELECT 1 FROM receptions WHERE kind <> 'scheduled' LIMIT 1`,
    )) as unknown[];
    if (adHoc) throw new Error('Ad-hoc receptions are recorded: the receptions table cannot go back to rule days only');
    await queryRunner.query(`
      ALTER TABLE receptions
        DROP CONSTRAINT uq_receptions_recorded_by_idempotency_key,
        DROP CONSTRAINT ck_receptions_held_hours,
        DROP CONSTRAINT ck_receptions_kind_shape,
        DROP CONSTRAINT ck_receptions_kind,
        DROP COLUMN idempotency_key,
        DROP COLUMN held_until,
        DROP COLUMN held_from,
        DROP COLUMN kind,
        ALTER COLUMN nominal_date SET NOT NULL,
        ALTER COLUMN workflow_id SET NOT NULL,
        ALTER COLUMN remind_at SET NOT NULL,
        ALTER COLUMN record_due_at SET NOT NULL,
        ALTER COLUMN overdue_at SET NOT NULL`);
  }
}
