import type { MigrationInterface, QueryRunner } from 'typeorm';

// Mail is an outbox, not a step (issue #17 item 2): a transaction only records the mail to send; a deliverer loop in
// every worker sends it later, outside any transaction, and records each attempt.
//
// mail_outbox gains what the deliverer needs:
//   next_attempt_at  when the row is due (now on insert; after a failure, later by exponential back-off)
//   claim_id         which deliverer's claim holds the row, so a late outcome cannot overwrite a newer claim
//   claimed_at       when that claim began: the start of the attempt, kept for the `unknown` record if it lapses
//   (claimed_until   already there: when the claim lapses, e.g. the deliverer died between SMTP's OK and its commit)
// and a trigger that NOTIFYs `mail_outbox` on insert, so an idle deliverer wakes at the commit instead of a poll.
//
// operations.mail_attempts: one row per attempt, append-only (attempt number, started, finished, outcome sent / failed
// / unknown, error). An attempt whose claim lapsed without an outcome is recorded `unknown` (possibly sent) by the
// deliverer that picks the row up again. Its own schema, as activity_failures: only this migration and its one
// writer's SQL describe it, and the public schema stays exactly what the entities describe.
export class MailDelivery1764730000000 implements MigrationInterface {
  name = 'MailDelivery1764730000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE mail_outbox
        ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN claim_id uuid NULL,
        ADD COLUMN claimed_at timestamptz NULL`);
    // Rows sent by the old in-transaction path keep their values; a pending one is due now.
    await queryRunner.query(
      `CREATE INDEX ix_mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'pending'`,
    );
    await queryRunner.query(`
      CREATE FUNCTION mail_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('mail_outbox', '');
        RETURN NULL;
      END $$`);
    // Per statement: one notice per inserting statement (and PostgreSQL folds equal notices of one transaction).
    await queryRunner.query(`
      CREATE TRIGGER mail_outbox_notify AFTER INSERT ON mail_outbox
      FOR EACH STATEMENT EXECUTE FUNCTION mail_outbox_notify()`);

    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS operations`);
    await queryRunner.query(`
      CREATE TABLE operations.mail_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY,
        mail_id uuid NOT NULL,
        attempt integer NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now(),
        outcome text NOT NULL,
        error text NULL,
        smtp_code integer NULL,
        deliverer text NOT NULL,
        CONSTRAINT pk_mail_attempts PRIMARY KEY (id),
        CONSTRAINT uq_mail_attempts_attempt UNIQUE (mail_id, attempt),
        CONSTRAINT ck_mail_attempts_outcome CHECK (outcome IN ('sent', 'failed', 'unknown')),
        CONSTRAINT fk_mail_attempts_mail FOREIGN KEY (mail_id) REFERENCES public.mail_outbox (id)
      )`);
    await queryRunner.query(`
      CREATE FUNCTION operations.mail_attempts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'mail_attempts is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER mail_attempts_append_only BEFORE UPDATE OR DELETE ON operations.mail_attempts
      FOR EACH ROW EXECUTE FUNCTION operations.mail_attempts_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER mail_attempts_no_truncate BEFORE TRUNCATE ON operations.mail_attempts
      FOR EACH STATEMENT EXECUTE FUNCTION operations.mail_attempts_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE operations.mail_attempts`);
    await queryRunner.query(`DROP FUNCTION operations.mail_attempts_append_only()`);
    await queryRunner.query(`DROP TRIGGER mail_outbox_notify ON mail_outbox`);
    await queryRunner.query(`DROP FUNCTION mail_outbox_notify()`);
    await queryRunner.query(`DROP INDEX ix_mail_outbox_due`);
    await queryRunner.query(
      `ALTER TABLE mail_outbox DROP COLUMN next_attempt_at, DROP COLUMN claim_id, DROP COLUMN claimed_at`,
    );
  }
}
