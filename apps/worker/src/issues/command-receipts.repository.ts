// Owns the worker's SQL on operations.command_receipts (written by the API at a command's first receipt): which
// commands received before an instant are still pending (a deadline step's question), the pending receipts the
// receipt reconciler delivers, and the outcome it records.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/database';

export interface PendingReceipt {
  id: string;
  issueId: string;
  updateId: string;
  command: string;
  input: Record<string, unknown>;
  /** ISO instant with milliseconds, as the API stamped it. */
  receivedAt: string;
  ageMs: number;
}

/** As the API records it: applied with the issue's status after it, rejected with the workflow's rejection. */
export type DeliveredOutcome =
  { status: 'applied'; issueStatus: string } | { status: 'rejected'; rejection: string; message: string };

const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

@Injectable()
export class CommandReceiptsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The update ids of the issue's pending receipts received strictly before `before`, oldest first. */
  async pendingBefore(issueId: string, before: string): Promise<string[]> {
    const rows = await queryRows<{ updateId: string }>(
      this.db,
      `SELECT update_id AS "updateId" FROM operations.command_receipts
        WHERE issue_id = $1 AND status = 'pending' AND received_at < $2::timestamptz
        ORDER BY received_at, id`,
      [issueId, before],
    );
    return rows.map((row) => row.updateId);
  }

  /** Pending receipts received more than `minAgeMs` ago (the database's clock), oldest first, after `after`. */
  pendingOlderThan(minAgeMs: number, limit: number, after?: PendingReceipt): Promise<PendingReceipt[]> {
    return queryRows<PendingReceipt>(
      this.db,
      `SELECT id::text AS id, issue_id AS "issueId", update_id AS "updateId", command, input,
              to_char(received_at AT TIME ZONE 'UTC', ${ISO_MS}) AS "receivedAt",
              (extract(epoch FROM now() - received_at) * 1000)::float8 AS "ageMs"
         FROM operations.command_receipts
        WHERE status = 'pending'
          AND received_at < now() - make_interval(secs => $1::float8 / 1000)
          AND ($2::bigint IS NULL OR (received_at, id) > ($3::timestamptz, $2::bigint))
        ORDER BY received_at, id
        LIMIT $4`,
      [minAgeMs, after?.id ?? null, after?.receivedAt ?? null, limit],
    );
  }

  /** Whether the command's transition is recorded (it was carried out), and the issue's status now. */
  async carriedOut(issueId: string, stepKey: string): Promise<{ recorded: boolean; issueStatus: string | null }> {
    const [row] = await queryRows<{ recorded: boolean; issueStatus: string | null }>(
      this.db,
      `SELECT EXISTS (SELECT 1 FROM issue_events WHERE issue_id = $1 AND step_key = $2) AS recorded,
              (SELECT status FROM issues WHERE id = $1) AS "issueStatus"`,
      [issueId, stepKey],
    );
    return row ?? { recorded: false, issueStatus: null };
  }

  /** Records the outcome of a pending receipt (one already decided, by the API or another worker, keeps its own). */
  async decide(id: string, outcome: DeliveredOutcome): Promise<void> {
    const value =
      outcome.status === 'applied'
        ? { status: outcome.issueStatus }
        : { rejection: outcome.rejection, message: outcome.message };
    await this.db.query(
      `UPDATE operations.command_receipts SET status = $2, outcome = $3::jsonb, decided_at = now()
        WHERE id = $1::bigint AND status = 'pending'`,
      [id, outcome.status, JSON.stringify(value)],
    );
  }

  /** A delivery that did not get through (the workflow did not take it in time): counted, tried again next pass. */
  async noteAttempt(id: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE operations.command_receipts SET attempts = attempts + 1, last_error = $2
        WHERE id = $1::bigint AND status = 'pending'`,
      [id, error.slice(0, 1000)],
    );
  }
}
