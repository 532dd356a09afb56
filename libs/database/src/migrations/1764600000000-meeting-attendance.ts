import type { MigrationInterface, QueryRunner } from 'typeorm';

// Deputies attending standing-committee meetings (列席, Xiangtan practice):
//
//   congress_terms        a people's congress of one region and level for its term (e.g. 湘潭市第十六届, five years);
//                         "every deputy attends at least once in the term" is counted against it
//   term_deputies         the deputies elected to that congress
//   meetings              a standing-committee meeting of that congress: date, materials, planned or cancelled
//   meeting_agenda_items  its agenda, each item with the committee that owns it and invites ~5 deputies for it
//   meeting_invitations   one deputy invited for the whole meeting or one item: the invitation workflow's current state
//                         (notices, phone task, reply, leave decision) and the attendance taken on the day
//   invitation_events     append-only: every transition, once per (invitation, step key)
//   meeting_speeches      a deputy's speech on an item, its suggestions, and the deputy's sign-off
export class MeetingAttendance1764600000000 implements MigrationInterface {
  name = 'MeetingAttendance1764600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE congress_terms (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        region_id uuid NOT NULL,
        level text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        CONSTRAINT pk_congress_terms PRIMARY KEY (id),
        CONSTRAINT uq_congress_terms_code UNIQUE (code),
        CONSTRAINT ck_congress_terms_level CHECK (level IN ('national', 'provincial', 'city', 'county', 'township')),
        CONSTRAINT ck_congress_terms_dates CHECK (ends_on > starts_on),
        CONSTRAINT fk_congress_terms_region FOREIGN KEY (region_id) REFERENCES regions (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_congress_terms_region_id ON congress_terms (region_id)`);

    await queryRunner.query(`
      CREATE TABLE term_deputies (
        term_id uuid NOT NULL,
        deputy_id uuid NOT NULL,
        CONSTRAINT pk_term_deputies PRIMARY KEY (term_id, deputy_id),
        CONSTRAINT fk_term_deputies_term FOREIGN KEY (term_id) REFERENCES congress_terms (id) ON DELETE CASCADE,
        CONSTRAINT fk_term_deputies_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX ix_term_deputies_deputy_id ON term_deputies (deputy_id)`);

    await queryRunner.query(`
      CREATE TABLE meetings (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        term_id uuid NOT NULL,
        title text NOT NULL,
        meeting_date date NOT NULL,
        location text NULL,
        materials text NULL,
        whole_meeting_quota integer NOT NULL DEFAULT 10,
        status text NOT NULL DEFAULT 'planned',
        cancel_reason text NULL,
        cancelled_at timestamptz NULL,
        created_by_user_id uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_meetings PRIMARY KEY (id),
        CONSTRAINT ck_meetings_status CHECK (status IN ('planned', 'cancelled')),
        CONSTRAINT ck_meetings_quota CHECK (whole_meeting_quota >= 0),
        CONSTRAINT ck_meetings_cancelled CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
        CONSTRAINT fk_meetings_term FOREIGN KEY (term_id) REFERENCES congress_terms (id),
        CONSTRAINT fk_meetings_created_by_user FOREIGN KEY (created_by_user_id) REFERENCES users (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_meetings_term_id_meeting_date ON meetings (term_id, meeting_date)`);

    await queryRunner.query(`
      CREATE TABLE meeting_agenda_items (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        position integer NOT NULL,
        title text NOT NULL,
        committee text NOT NULL,
        deputy_quota integer NOT NULL DEFAULT 5,
        CONSTRAINT pk_meeting_agenda_items PRIMARY KEY (id),
        CONSTRAINT uq_meeting_agenda_items_meeting_position UNIQUE (meeting_id, position),
        CONSTRAINT ck_meeting_agenda_items_numbers CHECK (position >= 1 AND deputy_quota >= 0),
        CONSTRAINT fk_meeting_agenda_items_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE
      )`);

    await queryRunner.query(`
      CREATE TABLE meeting_invitations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        deputy_id uuid NOT NULL,
        kind text NOT NULL,
        agenda_item_id uuid NULL,
        status text NOT NULL DEFAULT 'invited',
        notice_sent_at timestamptz NULL,
        phone_status text NULL,
        phone_due_at timestamptz NULL,
        phone_note text NULL,
        phone_called_at timestamptz NULL,
        reminder_sent_at timestamptz NULL,
        reply text NULL,
        leave_reason text NULL,
        replied_at timestamptz NULL,
        leave_decision text NULL,
        leave_decided_at timestamptz NULL,
        closed_at timestamptz NULL,
        attendance text NULL,
        attendance_note text NULL,
        attendance_recorded_at timestamptz NULL,
        attendance_recorded_by_user_id uuid NULL,
        invited_by_user_id uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_meeting_invitations PRIMARY KEY (id),
        CONSTRAINT uq_meeting_invitations_meeting_deputy UNIQUE (meeting_id, deputy_id),
        CONSTRAINT ck_meeting_invitations_kind CHECK (kind IN ('whole', 'item')),
        CONSTRAINT ck_meeting_invitations_item CHECK ((kind = 'item') = (agenda_item_id IS NOT NULL)),
        CONSTRAINT ck_meeting_invitations_status CHECK (status IN ('invited', 'notified', 'attending', 'leave_requested', 'on_leave', 'leave_rejected', 'cancelled')),
        CONSTRAINT ck_meeting_invitations_phone_status CHECK (phone_status IN ('pending', 'reached', 'not_reached')),
        CONSTRAINT ck_meeting_invitations_reply CHECK (reply IN ('attend', 'leave')),
        CONSTRAINT ck_meeting_invitations_leave_decision CHECK (leave_decision IN ('approved', 'rejected')),
        CONSTRAINT ck_meeting_invitations_attendance CHECK (attendance IN ('present', 'late', 'absent', 'on_leave')),
        CONSTRAINT ck_meeting_invitations_leave_reason CHECK (reply IS DISTINCT FROM 'leave' OR length(btrim(leave_reason)) > 0),
        CONSTRAINT ck_meeting_invitations_on_leave CHECK (attendance IS DISTINCT FROM 'on_leave' OR (reply = 'leave' AND leave_decision = 'approved')),
        CONSTRAINT fk_meeting_invitations_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id),
        CONSTRAINT fk_meeting_invitations_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id),
        CONSTRAINT fk_meeting_invitations_agenda_item FOREIGN KEY (agenda_item_id) REFERENCES meeting_agenda_items (id),
        CONSTRAINT fk_meeting_invitations_attendance_recorded_by_user FOREIGN KEY (attendance_recorded_by_user_id) REFERENCES users (id),
        CONSTRAINT fk_meeting_invitations_invited_by_user FOREIGN KEY (invited_by_user_id) REFERENCES users (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_meeting_invitations_deputy_id ON meeting_invitations (deputy_id)`);
    await queryRunner.query(
      `CREATE INDEX ix_meeting_invitations_agenda_item_id ON meeting_invitations (agenda_item_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE invitation_events (
        id bigserial NOT NULL,
        invitation_id uuid NOT NULL,
        step_key text NOT NULL,
        type text NOT NULL,
        actor_user_id uuid NULL,
        actor_label text NULL,
        data jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_invitation_events PRIMARY KEY (id),
        CONSTRAINT uq_invitation_events_invitation_step_key UNIQUE (invitation_id, step_key),
        CONSTRAINT fk_invitation_events_invitation FOREIGN KEY (invitation_id) REFERENCES meeting_invitations (id),
        CONSTRAINT fk_invitation_events_actor_user FOREIGN KEY (actor_user_id) REFERENCES users (id)
      )`);
    // Evidence for the performance file, like issue_events: nobody rewrites it.
    await queryRunner.query(`
      CREATE FUNCTION invitation_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'invitation_events is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER invitation_events_no_update_or_delete BEFORE UPDATE OR DELETE ON invitation_events
      FOR EACH ROW EXECUTE FUNCTION invitation_events_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER invitation_events_no_truncate BEFORE TRUNCATE ON invitation_events
      FOR EACH STATEMENT EXECUTE FUNCTION invitation_events_append_only()`);

    await queryRunner.query(`
      CREATE TABLE meeting_speeches (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        agenda_item_id uuid NOT NULL,
        deputy_id uuid NOT NULL,
        text text NOT NULL,
        suggestions text[] NOT NULL,
        status text NOT NULL DEFAULT 'awaiting_signoff',
        original_text text NULL,
        signed_off_at timestamptz NULL,
        recorded_by_user_id uuid NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_meeting_speeches PRIMARY KEY (id),
        CONSTRAINT uq_meeting_speeches_item_deputy UNIQUE (agenda_item_id, deputy_id),
        CONSTRAINT ck_meeting_speeches_status CHECK (status IN ('awaiting_signoff', 'signed_off', 'corrected')),
        CONSTRAINT ck_meeting_speeches_signed CHECK ((status = 'awaiting_signoff') = (signed_off_at IS NULL)),
        CONSTRAINT fk_meeting_speeches_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id),
        CONSTRAINT fk_meeting_speeches_agenda_item FOREIGN KEY (agenda_item_id) REFERENCES meeting_agenda_items (id),
        CONSTRAINT fk_meeting_speeches_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id),
        CONSTRAINT fk_meeting_speeches_recorded_by_user FOREIGN KEY (recorded_by_user_id) REFERENCES users (id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_meeting_speeches_meeting_id ON meeting_speeches (meeting_id)`);
    await queryRunner.query(`CREATE INDEX ix_meeting_speeches_deputy_id ON meeting_speeches (deputy_id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE meeting_speeches`);
    await queryRunner.query(`DROP TABLE invitation_events`);
    await queryRunner.query(`DROP FUNCTION invitation_events_append_only()`);
    await queryRunner.query(`DROP TABLE meeting_invitations`);
    await queryRunner.query(`DROP TABLE meeting_agenda_items`);
    await queryRunner.query(`DROP TABLE meetings`);
    await queryRunner.query(`DROP TABLE term_deputies`);
    await queryRunner.query(`DROP TABLE congress_terms`);
  }
}
