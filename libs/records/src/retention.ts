// Owns keeping personal data only as long as needed (issue #16, item 2), used by the nightly maintenance run and by
// `npm run retention` (its dry run lists what is due):
//
//   voter data     a closed issue's voter name, phone, ID number and address are erased VOTER_DATA_RETENTION_DAYS
//                  after it closed. Nothing a figure counts is touched (status, dates, places, classes, ratings),
//                  so every published rate is the same before and after.
//   access log     a record of an unmasked read goes ACCESS_LOG_RETENTION_DAYS after it was made. Its hash-chain
//                  link stays, and records.prunes notes the stream and cutoff, so the verifier can tell a row
//                  retention removed from one someone deleted.
//
// Batches are small transactions; each counts itself into its run's row in operations.retention_runs in the same
// transaction, so a retried batch neither erases twice nor counts twice.
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@app/database';

type Db = Pick<DataSource | EntityManager, 'query' | 'transaction'>;

const DAY_MS = 86_400_000;

export interface RetentionPolicy {
  VOTER_DATA_RETENTION_DAYS: number;
  ACCESS_LOG_RETENTION_DAYS: number;
}

export interface RetentionCutoffs {
  /** Issues closed before this have their voter data erased. */
  voterDataClosedBefore: Date;
  /** Access-log rows made before this are deleted. */
  accessLogsBefore: Date;
}

export function retentionCutoffsOf(policy: RetentionPolicy, asOf: Date): RetentionCutoffs {
  return {
    voterDataClosedBefore: new Date(asOf.getTime() - policy.VOTER_DATA_RETENTION_DAYS * DAY_MS),
    accessLogsBefore: new Date(asOf.getTime() - policy.ACCESS_LOG_RETENTION_DAYS * DAY_MS),
  };
}

export interface RetentionPreview {
  cutoffs: RetentionCutoffs;
  /** Closed issues whose voter data would be erased, oldest first (at most `limit`). */
  issues: { id: string; closedAt: string }[];
  issueCount: number;
  accessLogCount: number;
}

/** What a run as of now would erase and delete, changing nothing. */
export async function previewRetention(db: Db, cutoffs: RetentionCutoffs, limit = 1000): Promise<RetentionPreview> {
  const issues = await queryRows<{ id: string; closedAt: Date }>(
    db,
    `SELECT id, closed_at AS "closedAt" FROM issues
      WHERE status = 'closed' AND closed_at < $1 AND voter_data_erased_at IS NULL
      ORDER BY closed_at, id LIMIT $2`,
    [cutoffs.voterDataClosedBefore, limit],
  );
  const [counts] = await queryRows<{ issues: number; accessLogs: number }>(
    db,
    `SELECT (SELECT count(*)::int FROM issues
              WHERE status = 'closed' AND closed_at < $1 AND voter_data_erased_at IS NULL) AS issues,
            (SELECT count(*)::int FROM data_access_log WHERE at < $2) AS "accessLogs"`,
    [cutoffs.voterDataClosedBefore, cutoffs.accessLogsBefore],
  );
  return {
    cutoffs,
    issues: issues.map((issue) => ({ id: issue.id, closedAt: new Date(issue.closedAt).toISOString() })),
    issueCount: counts.issues,
    accessLogCount: counts.accessLogs,
  };
}

export interface RetentionBatch {
  erasedIssues: number;
  /** Voters' contacts left with submissions through a QR code (voter_submissions), erased. */
  erasedSubmissionContacts: number;
  prunedAccessLogs: number;
  /** Whether a batch came back full, so more may be due. */
  more: boolean;
}

/** One batch of each kind, recorded under `runKey` (the nightly run's id); safe to repeat. */
export async function applyRetentionBatch(
  db: Db,
  runKey: string,
  asOf: Date,
  cutoffs: RetentionCutoffs,
  batchSize: number,
): Promise<RetentionBatch> {
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO operations.retention_runs (run_key, as_of, voter_data_closed_before, access_logs_before)
       VALUES ($1, $2, $3, $4) ON CONFLICT (run_key) DO NOTHING`,
      [runKey, asOf, cutoffs.voterDataClosedBefore, cutoffs.accessLogsBefore],
    );
    const due = await queryRows<{ id: string }>(
      tx,
      `SELECT id FROM issues WHERE status = 'closed' AND closed_at < $1 AND voter_data_erased_at IS NULL
        ORDER BY closed_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [cutoffs.voterDataClosedBefore, batchSize],
    );
    const erased = await eraseVoterData(
      tx,
      due.map((row) => row.id),
      asOf,
    );
    // A voter's contact left through a QR code goes with the issue it became or joined, or, declined, the same
    // number of days after the decision (the tracking page then shows no contact; nothing else needs it).
    const erasedContacts = await queryRows<{ id: string }>(
      tx,
      `UPDATE voter_submissions
          SET contact_phone = NULL, contact_phone_hash = NULL, contact_email = NULL, contact_email_hash = NULL,
              voter_data_erased_at = $2
        WHERE id IN (SELECT s.id FROM voter_submissions s LEFT JOIN issues i ON i.id = s.issue_id
                      WHERE s.voter_data_erased_at IS NULL
                        AND ((s.status = 'declined' AND s.decided_at < $1)
                             OR (i.status = 'closed' AND i.closed_at < $1))
                      ORDER BY s.id LIMIT $3 FOR UPDATE OF s SKIP LOCKED)
       RETURNING id`,
      [cutoffs.voterDataClosedBefore, asOf, batchSize],
    );
    const pruned = await queryRows<{ n: number }>(
      tx,
      `WITH doomed AS (
         SELECT d.id, l.stream, l.seq FROM data_access_log d
           LEFT JOIN records.links l ON l.source_table = 'data_access_log' AND l.row_id = d.id
          WHERE d.at < $1 ORDER BY d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED
       ), gone AS (
         DELETE FROM data_access_log d USING doomed WHERE d.id = doomed.id RETURNING doomed.stream, doomed.seq
       ), marked AS (
         INSERT INTO records.prunes (stream, through_seq, cutoff)
         SELECT stream, max(seq), $1 FROM gone WHERE stream IS NOT NULL GROUP BY stream
         ON CONFLICT (stream, through_seq) DO NOTHING
       )
       SELECT count(*)::int AS n FROM gone`,
      [cutoffs.accessLogsBefore, batchSize],
    );
    const erasedIssues = erased.length;
    const prunedAccessLogs = pruned[0].n;
    await tx.query(
      `UPDATE operations.retention_runs
          SET erased_issues = erased_issues + $2, pruned_access_logs = pruned_access_logs + $3,
              finished_at = CASE WHEN $4 THEN now() ELSE NULL END
        WHERE run_key = $1`,
      [runKey, erasedIssues, prunedAccessLogs, erasedIssues < batchSize && prunedAccessLogs < batchSize],
    );
    return {
      erasedIssues,
      erasedSubmissionContacts: erasedContacts.length,
      prunedAccessLogs,
      more: erasedIssues >= batchSize || prunedAccessLogs >= batchSize || erasedContacts.length >= batchSize,
    };
  });
}

/**
 * Erases the voter's name, phone, ID number (with their keyed hashes) and address of these issues and says when:
 * the one anonymiser, used by the nightly retention run and by an admin erasing on the person's request. Issues
 * already erased are left as they are; returns those erased now.
 */
export async function eraseVoterData(tx: Db, issueIds: readonly string[], at: Date): Promise<{ id: string }[]> {
  if (issueIds.length === 0) return [];
  return queryRows<{ id: string }>(
    tx,
    `UPDATE issues SET voter_name = NULL, voter_phone = NULL, voter_id_number = NULL, voter_address = NULL,
            voter_phone_hash = NULL, voter_id_number_hash = NULL, voter_data_erased_at = $2
      WHERE id = ANY($1::uuid[]) AND voter_data_erased_at IS NULL
     RETURNING id`,
    [issueIds, at],
  );
}
