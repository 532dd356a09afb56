import type { MigrationInterface, QueryRunner } from 'typeorm';

// Hand-written and frozen: later changes go in new migrations. Names follow pk_/uq_/fk_/ix_/ck_<table>_...
// so that the entities can declare the same names and TypeORM sees no drift (test/database checks it).
export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE regions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        level text NOT NULL,
        parent_id uuid NULL,
        path text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_regions PRIMARY KEY (id),
        CONSTRAINT uq_regions_code UNIQUE (code),
        CONSTRAINT ck_regions_level CHECK (level IN ('city', 'county', 'township', 'village')),
        CONSTRAINT fk_regions_parent FOREIGN KEY (parent_id) REFERENCES regions (id)
      )`);
    // text_pattern_ops lets `path LIKE 'a/b/%'` use the index whatever the database collation.
    await queryRunner.query(`CREATE UNIQUE INDEX ix_regions_path ON regions (path text_pattern_ops)`);
    await queryRunner.query(`CREATE INDEX ix_regions_parent_id ON regions (parent_id)`);

    await queryRunner.query(`
      CREATE TABLE deputies (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        gender text NOT NULL,
        level text NOT NULL,
        employer text NOT NULL,
        post text NOT NULL,
        phone text NOT NULL,
        user_id uuid NULL,
        CONSTRAINT pk_deputies PRIMARY KEY (id),
        CONSTRAINT uq_deputies_user_id UNIQUE (user_id),
        CONSTRAINT ck_deputies_gender CHECK (gender IN ('male', 'female')),
        CONSTRAINT ck_deputies_level CHECK (level IN ('national', 'provincial', 'city', 'county', 'township'))
      )`);

    await queryRunner.query(`
      CREATE TABLE departments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        region_id uuid NOT NULL,
        email text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        CONSTRAINT pk_departments PRIMARY KEY (id),
        CONSTRAINT uq_departments_code UNIQUE (code),
        CONSTRAINT fk_departments_region FOREIGN KEY (region_id) REFERENCES regions (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_departments_region_id ON departments (region_id)`);

    await queryRunner.query(`
      CREATE TABLE issue_categories (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name_zh text NOT NULL,
        name_en text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        CONSTRAINT pk_issue_categories PRIMARY KEY (id),
        CONSTRAINT uq_issue_categories_code UNIQUE (code)
      )`);

    await queryRunner.query(`
      CREATE TABLE users (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        username text NOT NULL,
        display_name text NOT NULL,
        email text NULL,
        password_hash text NULL,
        department_id uuid NULL,
        deputy_id uuid NULL,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_users PRIMARY KEY (id),
        CONSTRAINT uq_users_username UNIQUE (username),
        CONSTRAINT uq_users_deputy_id UNIQUE (deputy_id),
        CONSTRAINT fk_users_department FOREIGN KEY (department_id) REFERENCES departments (id),
        CONSTRAINT fk_users_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_users_department_id ON users (department_id)`);
    // deputies and users point at each other; the second key can only come once both tables exist.
    await queryRunner.query(
      `ALTER TABLE deputies ADD CONSTRAINT fk_deputies_user FOREIGN KEY (user_id) REFERENCES users (id)`,
    );

    await queryRunner.query(`
      CREATE TABLE stations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        level text NOT NULL,
        region_id uuid NOT NULL,
        head_deputy_id uuid NULL,
        liaison_officer_user_id uuid NULL,
        reception_rule text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_stations PRIMARY KEY (id),
        CONSTRAINT uq_stations_code UNIQUE (code),
        CONSTRAINT ck_stations_level CHECK (level IN ('township', 'village')),
        CONSTRAINT fk_stations_region FOREIGN KEY (region_id) REFERENCES regions (id),
        CONSTRAINT fk_stations_head_deputy FOREIGN KEY (head_deputy_id) REFERENCES deputies (id),
        CONSTRAINT fk_stations_liaison_officer FOREIGN KEY (liaison_officer_user_id) REFERENCES users (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_stations_region_id ON stations (region_id)`);

    await queryRunner.query(`
      CREATE TABLE station_deputies (
        station_id uuid NOT NULL,
        deputy_id uuid NOT NULL,
        CONSTRAINT pk_station_deputies PRIMARY KEY (station_id, deputy_id),
        CONSTRAINT fk_station_deputies_station FOREIGN KEY (station_id) REFERENCES stations (id) ON DELETE CASCADE,
        CONSTRAINT fk_station_deputies_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX ix_station_deputies_deputy_id ON station_deputies (deputy_id)`);

    await queryRunner.query(`
      CREATE TABLE routing_rules (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        category_id uuid NULL,
        region_id uuid NOT NULL,
        lead_department_id uuid NOT NULL,
        priority integer NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true,
        CONSTRAINT pk_routing_rules PRIMARY KEY (id),
        CONSTRAINT fk_routing_rules_category FOREIGN KEY (category_id) REFERENCES issue_categories (id),
        CONSTRAINT fk_routing_rules_region FOREIGN KEY (region_id) REFERENCES regions (id),
        CONSTRAINT fk_routing_rules_lead_department FOREIGN KEY (lead_department_id) REFERENCES departments (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_routing_rules_region_id ON routing_rules (region_id)`);

    await queryRunner.query(`
      CREATE TABLE routing_rule_co_handlers (
        rule_id uuid NOT NULL,
        department_id uuid NOT NULL,
        CONSTRAINT pk_routing_rule_co_handlers PRIMARY KEY (rule_id, department_id),
        CONSTRAINT fk_routing_rule_co_handlers_rule FOREIGN KEY (rule_id) REFERENCES routing_rules (id)
          ON DELETE CASCADE,
        CONSTRAINT fk_routing_rule_co_handlers_department FOREIGN KEY (department_id) REFERENCES departments (id)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_routing_rule_co_handlers_department_id ON routing_rule_co_handlers (department_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE calendar_days (
        day date NOT NULL,
        kind text NOT NULL,
        name text NOT NULL,
        CONSTRAINT pk_calendar_days PRIMARY KEY (day),
        CONSTRAINT ck_calendar_days_kind CHECK (kind IN ('holiday', 'workday'))
      )`);

    // NULLS NOT DISTINCT (PostgreSQL 15+): an unscoped role is one grant too, not one per insert.
    await queryRunner.query(`
      CREATE TABLE user_roles (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        role text NOT NULL,
        region_id uuid NULL,
        CONSTRAINT pk_user_roles PRIMARY KEY (id),
        CONSTRAINT uq_user_roles_user_role_region UNIQUE NULLS NOT DISTINCT (user_id, role, region_id),
        CONSTRAINT ck_user_roles_role CHECK (role IN ('deputy', 'department', 'liaison', 'supervisor', 'admin')),
        CONSTRAINT fk_user_roles_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_user_roles_region FOREIGN KEY (region_id) REFERENCES regions (id)
      )`);

    await queryRunner.query(`
      CREATE TABLE issues (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL,
        submitted_by_user_id uuid NOT NULL,
        deputy_id uuid NOT NULL,
        station_id uuid NOT NULL,
        place_region_id uuid NOT NULL,
        township_region_id uuid NOT NULL,
        region_path text NOT NULL,
        category_id uuid NOT NULL,
        description text NOT NULL,
        channel text NOT NULL,
        urgency text NOT NULL,
        voter_name text NULL,
        voter_phone text NULL,
        voter_id_number text NULL,
        voter_address text NULL,
        attachments jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL,
        escalation_level integer NOT NULL DEFAULT 0,
        lead_department_id uuid NULL,
        round integer NOT NULL DEFAULT 1,
        due_at timestamptz NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        assigned_at timestamptz NULL,
        first_replied_at timestamptz NULL,
        last_replied_at timestamptz NULL,
        closed_at timestamptz NULL,
        reply_class text NULL,
        promised_date date NULL,
        satisfaction text NULL,
        send_back_count integer NOT NULL DEFAULT 0,
        workflow_id text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_issues PRIMARY KEY (id),
        CONSTRAINT uq_issues_submitter_idempotency_key UNIQUE (submitted_by_user_id, idempotency_key),
        CONSTRAINT uq_issues_workflow_id UNIQUE (workflow_id),
        CONSTRAINT ck_issues_channel CHECK (channel IN ('reception_day', 'visit', 'walk_in', 'phone')),
        CONSTRAINT ck_issues_urgency CHECK (urgency IN ('normal', 'urgent')),
        CONSTRAINT ck_issues_status CHECK (status IN (
          'received', 'triage', 'assigned', 'acknowledged', 'overdue', 'escalated', 'follow_up', 'awaiting_feedback',
          'closed'
        )),
        CONSTRAINT ck_issues_reply_class CHECK (reply_class IN ('A', 'B', 'C')),
        CONSTRAINT ck_issues_satisfaction CHECK (satisfaction IN (
          'satisfied', 'basically_satisfied', 'unsatisfied', 'not_rated'
        )),
        CONSTRAINT ck_issues_counters CHECK (escalation_level >= 0 AND round >= 1 AND send_back_count >= 0),
        CONSTRAINT fk_issues_submitted_by_user FOREIGN KEY (submitted_by_user_id) REFERENCES users (id),
        CONSTRAINT fk_issues_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id),
        CONSTRAINT fk_issues_station FOREIGN KEY (station_id) REFERENCES stations (id),
        CONSTRAINT fk_issues_place_region FOREIGN KEY (place_region_id) REFERENCES regions (id),
        CONSTRAINT fk_issues_township_region FOREIGN KEY (township_region_id) REFERENCES regions (id),
        CONSTRAINT fk_issues_category FOREIGN KEY (category_id) REFERENCES issue_categories (id),
        CONSTRAINT fk_issues_lead_department FOREIGN KEY (lead_department_id) REFERENCES departments (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_issues_status ON issues (status)`);
    await queryRunner.query(`CREATE INDEX ix_issues_lead_department_status ON issues (lead_department_id, status)`);
    await queryRunner.query(`CREATE INDEX ix_issues_region_path ON issues (region_path text_pattern_ops)`);
    await queryRunner.query(`CREATE INDEX ix_issues_due_at ON issues (due_at)`);
    await queryRunner.query(`CREATE INDEX ix_issues_submitted_at ON issues (submitted_at)`);
    await queryRunner.query(`CREATE INDEX ix_issues_deputy_id ON issues (deputy_id)`);
    await queryRunner.query(`CREATE INDEX ix_issues_station_id ON issues (station_id)`);

    await queryRunner.query(`
      CREATE TABLE assignments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        issue_id uuid NOT NULL,
        department_id uuid NOT NULL,
        role text NOT NULL,
        round integer NOT NULL,
        status text NOT NULL,
        due_at timestamptz NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz NULL,
        sent_back_at timestamptz NULL,
        send_back_reason text NULL,
        input_text text NULL,
        answered_at timestamptz NULL,
        CONSTRAINT pk_assignments PRIMARY KEY (id),
        CONSTRAINT uq_assignments_issue_department_round_role UNIQUE (issue_id, department_id, round, role),
        CONSTRAINT ck_assignments_role CHECK (role IN ('lead', 'co')),
        CONSTRAINT ck_assignments_status CHECK (status IN (
          'assigned', 'acknowledged', 'sent_back', 'answered', 'withdrawn'
        )),
        CONSTRAINT ck_assignments_round CHECK (round >= 1),
        CONSTRAINT fk_assignments_issue FOREIGN KEY (issue_id) REFERENCES issues (id),
        CONSTRAINT fk_assignments_department FOREIGN KEY (department_id) REFERENCES departments (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_assignments_department_status ON assignments (department_id, status)`);

    await queryRunner.query(`
      CREATE TABLE replies (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        issue_id uuid NOT NULL,
        assignment_id uuid NOT NULL,
        department_id uuid NOT NULL,
        round integer NOT NULL,
        kind text NOT NULL,
        reply_class text NOT NULL,
        text text NOT NULL,
        promised_date date NULL,
        replied_by_user_id uuid NULL,
        replied_at timestamptz NOT NULL DEFAULT now(),
        on_time boolean NOT NULL,
        request_id text NOT NULL,
        CONSTRAINT pk_replies PRIMARY KEY (id),
        CONSTRAINT uq_replies_issue_request_id UNIQUE (issue_id, request_id),
        CONSTRAINT ck_replies_kind CHECK (kind IN ('reply', 'follow_up')),
        CONSTRAINT ck_replies_reply_class CHECK (reply_class IN ('A', 'B', 'C')),
        CONSTRAINT ck_replies_round CHECK (round >= 1),
        CONSTRAINT fk_replies_issue FOREIGN KEY (issue_id) REFERENCES issues (id),
        CONSTRAINT fk_replies_assignment FOREIGN KEY (assignment_id) REFERENCES assignments (id),
        CONSTRAINT fk_replies_department FOREIGN KEY (department_id) REFERENCES departments (id),
        CONSTRAINT fk_replies_replied_by_user FOREIGN KEY (replied_by_user_id) REFERENCES users (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_replies_assignment_id ON replies (assignment_id)`);
    await queryRunner.query(`CREATE INDEX ix_replies_department_replied_at ON replies (department_id, replied_at)`);

    await queryRunner.query(`
      CREATE TABLE feedback (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        issue_id uuid NOT NULL,
        round integer NOT NULL,
        rating text NOT NULL,
        comment text NULL,
        rated_by_user_id uuid NULL,
        rated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_feedback PRIMARY KEY (id),
        CONSTRAINT uq_feedback_issue_round UNIQUE (issue_id, round),
        CONSTRAINT ck_feedback_rating CHECK (rating IN ('satisfied', 'basically_satisfied', 'unsatisfied', 'not_rated')),
        CONSTRAINT ck_feedback_round CHECK (round >= 1),
        CONSTRAINT fk_feedback_issue FOREIGN KEY (issue_id) REFERENCES issues (id),
        CONSTRAINT fk_feedback_rated_by_user FOREIGN KEY (rated_by_user_id) REFERENCES users (id)
      )`);

    await queryRunner.query(`
      CREATE TABLE issue_events (
        id bigserial NOT NULL,
        issue_id uuid NOT NULL,
        step_key text NOT NULL,
        type text NOT NULL,
        actor_user_id uuid NULL,
        actor_label text NULL,
        data jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_issue_events PRIMARY KEY (id),
        CONSTRAINT uq_issue_events_issue_step_key UNIQUE (issue_id, step_key),
        CONSTRAINT fk_issue_events_issue FOREIGN KEY (issue_id) REFERENCES issues (id),
        CONSTRAINT fk_issue_events_actor_user FOREIGN KEY (actor_user_id) REFERENCES users (id)
      )`);
    // The history is evidence for supervisors and ledgers: nobody, the application included, rewrites it.
    await queryRunner.query(`
      CREATE FUNCTION issue_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'issue_events is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER issue_events_no_update_or_delete BEFORE UPDATE OR DELETE ON issue_events
      FOR EACH ROW EXECUTE FUNCTION issue_events_append_only()`);
    // Row triggers do not see TRUNCATE; a statement trigger does.
    await queryRunner.query(`
      CREATE TRIGGER issue_events_no_truncate BEFORE TRUNCATE ON issue_events
      FOR EACH STATEMENT EXECUTE FUNCTION issue_events_append_only()`);

    await queryRunner.query(`
      CREATE TABLE mail_outbox (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        dedupe_key text NOT NULL,
        issue_id uuid NULL,
        recipients text[] NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        message_id text NULL,
        last_error text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz NULL,
        CONSTRAINT pk_mail_outbox PRIMARY KEY (id),
        CONSTRAINT uq_mail_outbox_dedupe_key UNIQUE (dedupe_key),
        CONSTRAINT ck_mail_outbox_status CHECK (status IN ('pending', 'sent', 'failed')),
        CONSTRAINT fk_mail_outbox_issue FOREIGN KEY (issue_id) REFERENCES issues (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_mail_outbox_pending ON mail_outbox (created_at) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX ix_mail_outbox_issue_id ON mail_outbox (issue_id)`);

    await queryRunner.query(`
      CREATE TABLE data_access_log (
        id bigserial NOT NULL,
        user_id uuid NULL,
        issue_id uuid NOT NULL,
        fields text[] NOT NULL,
        purpose text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_data_access_log PRIMARY KEY (id),
        CONSTRAINT fk_data_access_log_user FOREIGN KEY (user_id) REFERENCES users (id),
        CONSTRAINT fk_data_access_log_issue FOREIGN KEY (issue_id) REFERENCES issues (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_data_access_log_issue_id ON data_access_log (issue_id)`);
    await queryRunner.query(`CREATE INDEX ix_data_access_log_user_at ON data_access_log (user_id, at)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Reverse order of creation; indexes and constraints go with their tables.
    await queryRunner.query(`DROP TABLE data_access_log`);
    await queryRunner.query(`DROP TABLE mail_outbox`);
    await queryRunner.query(`DROP TABLE issue_events`);
    await queryRunner.query(`DROP FUNCTION issue_events_append_only()`);
    await queryRunner.query(`DROP TABLE feedback`);
    await queryRunner.query(`DROP TABLE replies`);
    await queryRunner.query(`DROP TABLE assignments`);
    await queryRunner.query(`DROP TABLE issues`);
    await queryRunner.query(`DROP TABLE user_roles`);
    await queryRunner.query(`DROP TABLE calendar_days`);
    await queryRunner.query(`DROP TABLE routing_rule_co_handlers`);
    await queryRunner.query(`DROP TABLE routing_rules`);
    await queryRunner.query(`DROP TABLE station_deputies`);
    await queryRunner.query(`DROP TABLE stations`);
    await queryRunner.query(`ALTER TABLE deputies DROP CONSTRAINT fk_deputies_user`);
    await queryRunner.query(`DROP TABLE users`);
    await queryRunner.query(`DROP TABLE issue_categories`);
    await queryRunner.query(`DROP TABLE departments`);
    await queryRunner.query(`DROP TABLE deputies`);
    await queryRunner.query(`DROP TABLE regions`);
  }
}
