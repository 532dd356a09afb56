// Owns the API's SQL on operations.command_receipts: the first receipt of a command, written before the API talks to
// Temporal, and its outcome once known. Each call is one statement on the pool: no transaction or connection is held
// across a call to the workflow.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/database';

export type ReceiptStatus = 'pending' | 'applied' | 'rejected';

/**
 * For applied, the issue's status after the command; for rejected, the HTTP answer the caller got, or (decided by the
 * worker's receipt reconciler) the workflow's rejection, answered as the API answers it.
 */
export type ReceiptOutcome =
  { status: string } | { statusCode: number; response: unknown } | { rejection: string; message: string };

export interface NewReceipt {
  issueId: string;
  requestKey: string;
  updateId: string;
  command: string;
  userId: string;
  body: unknown;
  input: unknown;
  receivedAt: string;
}

export interface StoredReceipt {
  id: string;
  issueId: string;
  requestKey: string;
  updateId: string;
  command: string;
  userId: string;
  body: unknown;
  receivedAt: string;
  status: ReceiptStatus;
  outcome: ReceiptOutcome | null;
  decidedAt: string | null;
}

const COLUMNS = `id::text AS id, issue_id AS "issueId", request_key AS "requestKey", update_id AS "updateId", command,
  user_id AS "userId", body, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "receivedAt",
  status, outcome,
  to_char(decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "decidedAt"`;

@Injectable()
export class CommandReceiptsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Stores the receipt unless one with the same (issue, key) exists, and answers the stored one: the first receipt
   * wins, a concurrent or later resend gets it (with its received_at).
   */
  async receive(receipt: NewReceipt): Promise<{ stored: StoredReceipt; first: boolean }> {
    const [inserted] = await queryRows<StoredReceipt>(
      this.db,
      `INSERT INTO operations.command_receipts
              (issue_id, request_key, update_id, command, user_id, body, input, received_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::timestamptz)
       ON CONFLICT (issue_id, request_key) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        receipt.issueId,
        receipt.requestKey,
        receipt.updateId,
        receipt.command,
        receipt.userId,
        JSON.stringify(receipt.body ?? {}),
        JSON.stringify(receipt.input ?? {}),
        receipt.receivedAt,
      ],
    );
    if (inserted) return { stored: inserted, first: true };
    const stored = await this.find(receipt.issueId, receipt.requestKey);
    if (!stored) throw new Error(`The receipt of ${receipt.updateId} vanished between its insert and its read`);
    return { stored, first: false };
  }

  async find(issueId: string, requestKey: string): Promise<StoredReceipt | null> {
    const [row] = await queryRows<StoredReceipt>(
      this.db,
      `SELECT ${COLUMNS} FROM operations.command_receipts WHERE issue_id = $1 AND request_key = $2`,
      [issueId, requestKey],
    );
    return row ?? null;
  }

  /** Records the outcome of a pending receipt; one already decided keeps its first outcome. */
  async decide(id: string, status: Exclude<ReceiptStatus, 'pending'>, outcome: ReceiptOutcome): Promise<void> {
    await this.db.query(
      `UPDATE operations.command_receipts SET status = $2, outcome = $3::jsonb, decided_at = now()
        WHERE id = $1::bigint AND status = 'pending'`,
      [id, status, JSON.stringify(outcome)],
    );
  }
}
