// Owns recording a mail to send: one row in mail_outbox per dedupe key, written in the caller's transaction (or on
// its own), with no network at all. Whether and when it reaches the SMTP server is the MailDeliverer's business, so
// a step that decides a mail commits without waiting for a mail server, and an SMTP outage blocks no step.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { currentTraceParent } from '@app/observability';

export interface OutboxMail {
  /** Sends at most one mail per key, however often the step that decides it runs. */
  dedupeKey: string;
  issueId: string | null;
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** The Message-ID of the mail with this dedupe key: every attempt carries the same one, so a resent copy is known. */
export function messageIdFor(dedupeKey: string): string {
  return `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}@lianluo>`;
}

/** Records the mails (a key recorded before is left as it is). `db`: the caller's transaction, or the pool. */
export async function enqueueMail(db: Queryable, mails: OutboxMail | readonly OutboxMail[]): Promise<void> {
  const list = Array.isArray(mails) ? (mails as readonly OutboxMail[]) : [mails as OutboxMail];
  if (list.length === 0) return;
  // One statement for all of them: one round trip, and one NOTIFY (the table's trigger) wakes the deliverers.
  await db.query(
    `INSERT INTO mail_outbox (dedupe_key, issue_id, recipients, subject, text_body, html_body, trace_parent)
     SELECT m.dedupe_key, m.issue_id, m.recipients, m.subject, m.text_body, m.html_body, $2
       FROM jsonb_to_recordset($1::jsonb) AS m(dedupe_key text, issue_id uuid, recipients text[], subject text,
                                              text_body text, html_body text)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      JSON.stringify(
        list.map((mail) => ({
          dedupe_key: mail.dedupeKey,
          issue_id: mail.issueId,
          recipients: mail.to,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html ?? null,
        })),
      ),
      // The trace this step runs in (null when tracing is off): the deliverer's SMTP span joins it.
      currentTraceParent(),
    ],
  );
}

/** What the outbox holds: mails not yet accepted by the SMTP server, and the age of the oldest (for /metrics). */
export async function outboxBacklog(db: Queryable): Promise<{ pending: number; oldestPendingSeconds: number }> {
  // Over the partial index of pending rows: as cheap as the backlog is short.
  const [row] = (await db.query(
    `SELECT count(*)::int AS pending,
            COALESCE(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest
       FROM mail_outbox WHERE status = 'pending'`,
  )) as { pending: number; oldest: number }[];
  return { pending: row?.pending ?? 0, oldestPendingSeconds: row?.oldest ?? 0 };
}

@Injectable()
export class MailOutbox {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records the mails to send, in `tx` when the step has a transaction (they commit or roll back with its rows). */
  async enqueue(mails: OutboxMail | readonly OutboxMail[], tx?: EntityManager): Promise<void> {
    await enqueueMail(tx ?? this.db, mails);
  }
}
