import type { MigrationInterface, QueryRunner } from 'typeorm';

// The first receipt of every command sent to an issue's workflow (issue #11 defect 1, issue #21 items 2 and 5): one
// row per (issue, Idempotency-Key), written by the API before it talks to Temporal. A resend with the same key is
// judged at the stored received_at, not at its own later arrival; a command the workflow could not take in time is
// still owed to it (status pending), and the worker's receipt reconciler delivers it; a deadline-driven step asks this
// table whether a command received before its instant is still pending, and waits for it.
//
// `input` is the update's input as validated by the API (without receivedAt, which is received_at), so the reconciler
// sends exactly what the API would have; `body` is the request body as sent, compared with a resend's. `outcome`: for
// applied, the status after the command; for rejected, the HTTP answer the caller got (status and message).
//
// In the operations schema, as the activity failures are: no entity describes it, its SQL lives in the API's and the
// worker's command-receipts repositories.
export class CommandReceipts1764740000000 implements MigrationInterface {
  name = 'CommandReceipts1764740000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE operations.command_receipts (
        id bigint GENERATED ALWAYS AS IDENTITY,
        issue_id uuid NOT NULL,
        request_key text NOT NULL,
        update_id text NOT NULL,
        command text NOT NULL,
        user_id uuid NOT NULL,
        body jsonb NOT NULL,
        input jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        outcome jsonb NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text NULL,
        decided_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_command_receipts PRIMARY KEY (id),
        CONSTRAINT uq_command_receipts_key UNIQUE (issue_id, request_key),
        CONSTRAINT ck_command_receipts_status CHECK (status IN ('pending', 'applied', 'rejected')),
        CONSTRAINT ck_command_receipts_decided CHECK ((status = 'pending') = (decided_at IS NULL)),
        CONSTRAINT fk_command_receipts_issue FOREIGN KEY (issue_id) REFERENCES public.issues (id) ON DELETE CASCADE
      )`);
    // The reconciler's and the deadline steps' question: the pending receipts, oldest first (a small slice).
    await queryRunner.query(`
      CREATE INDEX ix_command_receipts_pending ON operations.command_receipts (received_at, issue_id)
      WHERE status = 'pending'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE operations.command_receipts`);
  }
}
