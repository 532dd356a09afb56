// Owns the SQL of the figures an operator's alerts watch (GET /metrics of the API): issues not closed, by status, and
// those overdue now, everywhere, with the same definition of "overdue now" as the supervision figures (overdueOnFacts).
import type { DataSource } from 'typeorm';
import { overdueOnFacts } from './rates.sql';

export interface OpenIssuesByStatus {
  status: string;
  open: number;
  overdue: number;
}

/** Longest a scrape's read may take: a database too busy to answer in time is left alone, the last value kept. */
export const OPERATOR_GAUGES_TIMEOUT_MS = 2000;

/** Open issues by status, and of those overdue now; one short read-only statement, bounded by its own timeout. */
export async function openIssuesByStatus(db: DataSource): Promise<OpenIssuesByStatus[]> {
  return db.transaction('READ COMMITTED', async (tx) => {
    await tx.query(`SET LOCAL statement_timeout = ${OPERATOR_GAUGES_TIMEOUT_MS}`);
    return tx.query<OpenIssuesByStatus[]>(
      `SELECT f.status, count(*)::int AS open, count(*) FILTER (WHERE ${overdueOnFacts('now()')})::int AS overdue
         FROM metrics.issue_facts f
        WHERE f.status <> 'closed'
        GROUP BY f.status
        ORDER BY f.status`,
    );
  });
}
