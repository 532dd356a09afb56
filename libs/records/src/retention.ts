// Owns keeping personal data only as long as needed (issue #16, item 2), used by the nightly maintenance run and by
// `npm run retention` (its dry run lists what is due):
//
//   voter data     a closed issue's voter name, phone, ID number and address are erased VOTER_DATA_RETENTION_DAYS
//                  after it closed, and its attachments' bytes with them (a photo may show the voter, their home,
//                  their papers; the rows stay). Nothing a figure counts is touched (status, dates, places,
//                  classes, ratings), so every published rate is the same before and after.
//   uploads        a file never bound to an issue (its submission never came) goes, row and bytes,
//                  UNBOUND_UPLOAD_RETENTION_DAYS after it was uploaded.
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
  UNBOUND_UPLOAD_RETENTION_DAYS: number;
}

export interface RetentionCutoffs {
  /** Issues closed before this have their voter data erased. */
  voterDataClosedBefore: Date;
  /** Access-log rows made before this are deleted. */
  accessLogsBefore: Date;
  /** Files uploaded before this and still bound to no issue are deleted. */
  unboundUploadsBefore: Date;
}

export function retentionCutoffsOf(policy: RetentionPolicy, asOf: Date): RetentionCutoffs {
  return {
    voterDataClosedBefore: new Date(asOf.getTime() - policy.VOTER_DATA_RETENTION_DAYS * DAY_MS),
    accessLogsBefore: new Date(asOf.getTime() - policy.ACCESS_LOG_RETENTION_DAYS * DAY_MS),
    unboundUploadsBefore: new Date(asOf.getTime() - policy.UNBOUND_UPLOAD_RETENTION_DAYS * DAY_MS),
  };
}

export interface RetentionPreview {
  cutoffs: RetentionCutoffs;
  /** Closed issues whose voter data would be erased, oldest first (at most `limit`). */
  issues: { id: string; closedAt: string }[];
  issueCount: number;
  /** Files of those issues whose bytes would be erased. */
  attachmentCount: number;
  unboundUploadCount: number;
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
  const [counts] = await queryRows<{ issues: number; attachments: number; unbound: number; accessLogs: number }>(
    db,
    `SELECT (SELECT count(*)::int FROM issues
              WHERE status = 'closed' AND closed_at < $1 AND voter_data_erased_at IS NULL) AS issues,
            (SELECT count(*)::int FROM attachments a JOIN issues i ON i.id = a.issue_id
              WHERE i.status = 'closed' AND i.closed_at < $1 AND i.voter_data_erased_at IS NULL
                AND a.content_erased_at IS NULL) AS attachments,
            (SELECT count(*)::int FROM attachments WHERE issue_id IS NULL AND created_at < $3) AS unbound,
            (SELECT count(*)::int FROM data_access_log WHERE at < $2) AS "accessLogs"`,
    [cutoffs.voterDataClosedBefore, cutoffs.accessLogsBefore, cutoffs.unboundUploadsBefore],
  );
  return {
    cutoffs,
    issues: issues.map((issue) => ({ id: issue.id, closedAt: new Date(issue.closedAt).toISOString() })),
    issueCount: counts.issues,
    attachmentCount: counts.attachments,
    unboundUploadCount: counts.unbound,
    accessLogCount: counts.accessLogs,
  };
}

export interface RetentionBatch {
  erasedIssues: number;
  /** Voters' contacts left with submissions through a QR code (voter_submissions), erased. */
  erasedSubmissionContacts: number;
  /** Files of the erased issues whose bytes went with the voter data. */
  erasedAttachments: number;
  /** Files never bound to an issue, deleted. */
  deletedUnboundUploads: number;
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
      `INSERT INTO operations.retention_runs
         (run_key, as_of, voter_data_closed_before, access_logs_before, unbound_uploads_before)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (run_key) DO NOTHING`,
      [runKey, asOf, cutoffs.voterDataClosedBefore, cutoffs.accessLogsBefore, cutoffs.unboundUploadsBefore],
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
    const erasedAttachments = erased.attachments;
    const unbound = await queryRows<{ n: number }>(
      tx,
      `WITH doomed AS (
         SELECT id FROM attachments WHERE issue_id IS NULL AND created_at < $1
          ORDER BY created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED
       ), blobs AS (
         DELETE FROM attachment_blobs b USING doomed WHERE b.key LIKE doomed.id::text || '/%'
       ), gone AS (
         DELETE FROM attachments a USING doomed WHERE a.id = doomed.id RETURNING a.id
       )
       SELECT count(*)::int AS n FROM gone`,
      [cutoffs.unboundUploadsBefore, batchSize],
    );
    const deletedUnboundUploads = unbound[0].n;
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
    // A submission that came from an Open311 client: the reporter's name and the client's device and account ids go
    // with its contact (the place stays: it is the issue's public place, not the reporter's).
    if (erasedContacts.length > 0) {
      await tx.query(
        `UPDATE open311_requests
            SET reporter_first_name = NULL, reporter_last_name = NULL, device_id = NULL, account_id = NULL
          WHERE submission_id = ANY($1::uuid[])`,
        [erasedContacts.map((row) => row.id)],
      );
    }
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
    const erasedIssues = erased.issueIds.length;
    const prunedAccessLogs = pruned[0].n;
    await tx.query(
      `UPDATE operations.retention_runs
          SET erased_issues = erased_issues + $2, pruned_access_logs = pruned_access_logs + $3,
              erased_attachments = erased_attachments + $5, deleted_unbound_uploads = deleted_unbound_uploads + $6,
              finished_at = CASE WHEN $4 THEN now() ELSE NULL END
        WHERE run_key = $1`,
      [
        runKey,
        erasedIssues,
        prunedAccessLogs,
        erasedIssues < batchSize && prunedAccessLogs < batchSize && deletedUnboundUploads < batchSize,
        erasedAttachments,
        deletedUnboundUploads,
      ],
    );
    return {
      erasedIssues,
      erasedSubmissionContacts: erasedContacts.length,
      erasedAttachments,
      deletedUnboundUploads,
      prunedAccessLogs,
      more:
        erasedIssues >= batchSize ||
        prunedAccessLogs >= batchSize ||
        erasedContacts.length >= batchSize ||
        deletedUnboundUploads >= batchSize,
    };
  });
}

/**
 * Erases the voter's name, phone, ID number (with their keyed hashes) and address of these issues, and the content of
 * their attachments, and says when: the one anonymiser, used by the nightly retention run and by an admin erasing on
 * the person's request. Issues already erased are left as they are; answers those erased now and their files erased.
 */
export async function eraseVoterData(
  tx: Db,
  issueIds: readonly string[],
  at: Date,
): Promise<{ issueIds: string[]; attachments: number }> {
  if (issueIds.length === 0) return { issueIds: [], attachments: 0 };
  const erased = await queryRows<{ id: string }>(
    tx,
    `UPDATE issues SET voter_name = NULL, voter_phone = NULL, voter_id_number = NULL, voter_address = NULL,
            voter_phone_hash = NULL, voter_id_number_hash = NULL, voter_data_erased_at = $2
      WHERE id = ANY($1::uuid[]) AND voter_data_erased_at IS NULL
     RETURNING id`,
    [issueIds, at],
  );
  const ids = erased.map((row) => row.id);
  return { issueIds: ids, attachments: await eraseAttachmentContent(tx, ids, at) };
}

/**
 * Erases the bytes (file and thumbnail) of these issues' attachments and marks their rows: with the voter's data,
 * since a photo may show the voter, their home or their papers. The rows stay for the timeline and any count. The
 * bytes are those of the embedded AttachmentStore (attachment_blobs, keyed `<attachment id>/…`), deleted in the
 * caller's transaction; a bucket store would delete the objects of the rows marked here. Returns the files erased now.
 */
export async function eraseAttachmentContent(tx: Db, issueIds: readonly string[], at: Date): Promise<number> {
  if (issueIds.length === 0) return 0;
  const [row] = await queryRows<{ n: number }>(
    tx,
    `WITH erased AS (
       UPDATE attachments SET content_erased_at = $2
        WHERE issue_id = ANY($1::uuid[]) AND content_erased_at IS NULL
       RETURNING id
     ), blobs AS (
       DELETE FROM attachment_blobs b USING erased WHERE b.key LIKE erased.id::text || '/%'
     )
     SELECT count(*)::int AS n FROM erased`,
    [issueIds, at],
  );
  return row.n;
}
