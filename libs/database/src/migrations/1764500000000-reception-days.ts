import type { MigrationInterface, QueryRunner } from 'typeorm';

// Reception days (接待日): each station's duty rota beside its rule (stations.reception_rule, kept as the rule's one
// home, its format extended to 'monthly:<n>:<weekday>' and checked by the API), the reception days the schedule opens with their current state, the deputies on duty, the issues raised,
// and the append-only history of every transition.
export class ReceptionDays1764500000000 implements MigrationInterface {
  name = 'ReceptionDays1764500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE reception_plans (
        station_id uuid NOT NULL,
        deputies_per_day integer NOT NULL DEFAULT 2,
        rota_starts_on date NOT NULL,
        rota_deputy_ids uuid[] NOT NULL DEFAULT '{}',
        duty_overrides jsonb NOT NULL DEFAULT '{}',
        updated_by_user_id uuid NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_reception_plans PRIMARY KEY (station_id),
        CONSTRAINT ck_reception_plans_deputies_per_day CHECK (deputies_per_day >= 1 AND deputies_per_day <= 20),
        CONSTRAINT fk_reception_plans_station FOREIGN KEY (station_id) REFERENCES stations (id) ON DELETE CASCADE,
        CONSTRAINT fk_reception_plans_updated_by_user FOREIGN KEY (updated_by_user_id) REFERENCES users (id)
      )`);

    await queryRunner.query(`
      CREATE TABLE receptions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        station_id uuid NOT NULL,
        nominal_date date NOT NULL,
        held_on date NOT NULL,
        status text NOT NULL,
        workflow_id text NOT NULL,
        remind_at timestamptz NOT NULL,
        record_due_at timestamptz NOT NULL,
        overdue_at timestamptz NOT NULL,
        reminded_at timestamptz NULL,
        voters_received integer NULL,
        notes text NULL,
        not_held_reason text NULL,
        recorded_by_user_id uuid NULL,
        recorded_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_receptions PRIMARY KEY (id),
        CONSTRAINT uq_receptions_station_nominal_date UNIQUE (station_id, nominal_date),
        CONSTRAINT uq_receptions_workflow_id UNIQUE (workflow_id),
        CONSTRAINT ck_receptions_status CHECK (status IN (
          'scheduled', 'reminded', 'awaiting_record', 'overdue', 'held', 'not_held', 'cancelled'
        )),
        CONSTRAINT ck_receptions_voters_received CHECK (voters_received >= 0),
        CONSTRAINT fk_receptions_station FOREIGN KEY (station_id) REFERENCES stations (id),
        CONSTRAINT fk_receptions_recorded_by_user FOREIGN KEY (recorded_by_user_id) REFERENCES users (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_receptions_held_on ON receptions (held_on)`);
    await queryRunner.query(`CREATE INDEX ix_receptions_status ON receptions (status)`);

    await queryRunner.query(`
      CREATE TABLE reception_duties (
        reception_id uuid NOT NULL,
        deputy_id uuid NOT NULL,
        present boolean NULL,
        CONSTRAINT pk_reception_duties PRIMARY KEY (reception_id, deputy_id),
        CONSTRAINT fk_reception_duties_reception FOREIGN KEY (reception_id) REFERENCES receptions (id) ON DELETE CASCADE,
        CONSTRAINT fk_reception_duties_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_reception_duties_deputy_id ON reception_duties (deputy_id)`);

    await queryRunner.query(`
      CREATE TABLE reception_issues (
        reception_id uuid NOT NULL,
        issue_id uuid NOT NULL,
        position integer NOT NULL,
        CONSTRAINT pk_reception_issues PRIMARY KEY (reception_id, issue_id),
        CONSTRAINT uq_reception_issues_issue_id UNIQUE (issue_id),
        CONSTRAINT fk_reception_issues_reception FOREIGN KEY (reception_id) REFERENCES receptions (id),
        CONSTRAINT fk_reception_issues_issue FOREIGN KEY (issue_id) REFERENCES issues (id)
      )`);

    await queryRunner.query(`
      CREATE TABLE reception_events (
        id bigserial NOT NULL,
        reception_id uuid NOT NULL,
        step_key text NOT NULL,
        type text NOT NULL,
        actor_user_id uuid NULL,
        actor_label text NULL,
        data jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_reception_events PRIMARY KEY (id),
        CONSTRAINT uq_reception_events_reception_step_key UNIQUE (reception_id, step_key),
        CONSTRAINT fk_reception_events_reception FOREIGN KEY (reception_id) REFERENCES receptions (id),
        CONSTRAINT fk_reception_events_actor_user FOREIGN KEY (actor_user_id) REFERENCES users (id)
      )`);
    // Like issue_events: the ledger's evidence, which nobody, the application included, rewrites.
    await queryRunner.query(`
      CREATE FUNCTION reception_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'reception_events is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER reception_events_no_update_or_delete BEFORE UPDATE OR DELETE ON reception_events
      FOR EACH ROW EXECUTE FUNCTION reception_events_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER reception_events_no_truncate BEFORE TRUNCATE ON reception_events
      FOR EACH STATEMENT EXECUTE FUNCTION reception_events_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE reception_events`);
    await queryRunner.query(`DROP FUNCTION reception_events_append_only()`);
    await queryRunner.query(`DROP TABLE reception_issues`);
    await queryRunner.query(`DROP TABLE reception_duties`);
    await queryRunner.query(`DROP TABLE receptions`);
    await queryRunner.query(`DROP TABLE reception_plans`);
  }
}
