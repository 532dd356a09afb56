// Owns the SQL that reads the mail outbox for supervisors: mail recorded but not (yet) accepted by the SMTP server,
// with its age and its attempts (operations.mail_attempts, written by the worker's MailDeliverer).
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/database';
import { pathWithinAny, SqlParams } from '@app/metrics';

export interface UndeliveredMailRow {
  id: string;
  dedupe_key: string;
  issue_id: string | null;
  recipients: string[];
  subject: string;
  status: 'pending' | 'failed';
  created_at: Date;
  age_seconds: number;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  claimed_until: Date | null;
  last_outcome: string | null;
  last_attempt_at: Date | null;
}

@Injectable()
export class UndeliveredMailRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The region path of an issue, or undefined when there is no such issue. */
  async issueRegionPath(issueId: string): Promise<string | undefined> {
    const [row] = await queryRows<{ region_path: string }>(this.db, `SELECT region_path FROM issues WHERE id = $1`, [
      issueId,
    ]);
    return row?.region_path;
  }

  /**
   * Mail not sent (pending or failed for good), oldest first. `roots`: only mail about issues under these region
   * paths (null: all, mail about no issue included); `issueId`: only mail about that issue.
   */
  async page(
    roots: readonly string[] | null,
    issueId: string | undefined,
    page: { limit: number; offset: number },
  ): Promise<{ rows: UndeliveredMailRow[]; total: number }> {
    const from = `FROM mail_outbox m LEFT JOIN issues i ON i.id = m.issue_id`;
    const where = (p: SqlParams) =>
      [
        `m.status <> 'sent'`,
        roots === null ? 'TRUE' : `i.id IS NOT NULL AND ${pathWithinAny('i.region_path', roots, p)}`,
        issueId === undefined ? 'TRUE' : `m.issue_id = ${p.add(issueId, 'uuid')}`,
      ].join(' AND ');
    const p = new SqlParams();
    const rows = await queryRows<UndeliveredMailRow>(
      this.db,
      `SELECT m.id, m.dedupe_key, m.issue_id, m.recipients, m.subject, m.status, m.created_at,
              floor(extract(epoch FROM now() - m.created_at))::int AS age_seconds, m.attempts, m.last_error,
              m.next_attempt_at, m.claimed_until, a.outcome AS last_outcome, a.finished_at AS last_attempt_at
         ${from}
         LEFT JOIN LATERAL (
           SELECT outcome, finished_at FROM operations.mail_attempts
            WHERE mail_id = m.id ORDER BY attempt DESC LIMIT 1
         ) a ON TRUE
        WHERE ${where(p)}
        ORDER BY m.created_at, m.id LIMIT ${p.add(page.limit, 'int')} OFFSET ${p.add(page.offset, 'int')}`,
      p.values,
    );
    const q = new SqlParams();
    const [{ total }] = await queryRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total ${from} WHERE ${where(q)}`,
      q.values,
    );
    return { rows, total };
  }
}
