// Owns the voter intake reconciler's queries: the pending submissions still without a workflow some time after they
// were saved, and the note that one now has it.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows, type VoterSubmissionStatus } from '@app/database';

export interface SubmissionWithoutWorkflow {
  id: string;
  submittedAt: Date;
  /** Exact (microseconds, as text) so that a page resumes where the last one stopped. */
  submittedAtText: string;
  ageMs: number;
}

@Injectable()
export class VoterIntakeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Pending submissions without a workflow saved more than `minAgeMs` ago (by the database's clock), oldest first,
   * `limit` at a time after the row `after` (keyset paging on ix_voter_submissions_without_workflow).
   */
  withoutWorkflow(
    minAgeMs: number,
    limit: number,
    after?: SubmissionWithoutWorkflow,
  ): Promise<SubmissionWithoutWorkflow[]> {
    return queryRows<SubmissionWithoutWorkflow>(
      this.db,
      `SELECT id, submitted_at AS "submittedAt", submitted_at::text AS "submittedAtText",
              (extract(epoch FROM now() - submitted_at) * 1000)::float8 AS "ageMs"
         FROM voter_submissions
        WHERE workflow_started_at IS NULL AND status = 'pending'
          AND submitted_at < now() - make_interval(secs => $1::float8 / 1000)
          AND ($2::timestamptz IS NULL OR (submitted_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY submitted_at, id
        LIMIT $4`,
      [minAgeMs, after?.submittedAtText ?? null, after?.id ?? null, limit],
    );
  }

  /** Notes the workflow; returns the submission's status now (it may have been decided meanwhile). */
  async markWorkflowStarted(id: string): Promise<VoterSubmissionStatus | null> {
    const rows = await queryRows<{ status: VoterSubmissionStatus }>(
      this.db,
      `UPDATE voter_submissions SET workflow_started_at = COALESCE(workflow_started_at, now()) WHERE id = $1
       RETURNING status`,
      [id],
    );
    return rows[0]?.status ?? null;
  }
}
