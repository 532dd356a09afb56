import type { MigrationInterface, QueryRunner } from 'typeorm';

// Where the worker records an activity that failed for good (issue #11, defect 2): a non-transient database error
// (bad data, a violated constraint, SQL that cannot run) that no retry would cure. One row per workflow, activity and
// step, seen again on every further attempt; supervisors list the open ones (GET /api/supervision/stuck) so that a
// workflow whose step cannot go on is in someone's queue instead of silently wedged.
//
// Its own schema, as the metrics are: nothing describes it but this migration and its one writer's SQL, and the public
// schema stays exactly what the entities describe.
export class ActivityFailures1764721000000 implements MigrationInterface {
  name = 'ActivityFailures1764721000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA operations`);
    await queryRunner.query(`
      CREATE TABLE operations.activity_failures (
        id bigint GENERATED ALWAYS AS IDENTITY,
        workflow_id text NOT NULL,
        run_id text NOT NULL,
        issue_id uuid NULL,
        activity text NOT NULL,
        step text NOT NULL,
        error_type text NOT NULL,
        error_code text NULL,
        message text NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz NULL,
        CONSTRAINT pk_activity_failures PRIMARY KEY (id),
        CONSTRAINT uq_activity_failures_step UNIQUE (workflow_id, activity, step),
        CONSTRAINT fk_activity_failures_issue FOREIGN KEY (issue_id) REFERENCES public.issues (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE INDEX ix_activity_failures_open ON operations.activity_failures (last_seen_at DESC)
      WHERE resolved_at IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA operations CASCADE`);
  }
}
