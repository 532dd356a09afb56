// Owns the SQL of operations.activity_failures on the worker's side: recording an activity that failed for good.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ActivityFailureRecord {
  workflowId: string;
  runId: string;
  /** The issue the workflow carries, when the activity's input names one. */
  issueId: string | null;
  activity: string;
  /** The step's key when the input has one (stepKey), else the activity's name: one row per step. */
  step: string;
  errorType: string;
  errorCode: string | null;
  message: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_MESSAGE = 2000;

@Injectable()
export class ActivityFailuresRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records the failure, or counts one more attempt of a step already recorded (and opens it again if resolved). */
  async record(failure: ActivityFailureRecord): Promise<void> {
    const issueId = failure.issueId !== null && UUID.test(failure.issueId) ? failure.issueId : null;
    await this.db.query(
      `INSERT INTO operations.activity_failures
         (workflow_id, run_id, issue_id, activity, step, error_type, error_code, message)
       VALUES ($1, $2, (SELECT id FROM issues WHERE id = $3::uuid), $4, $5, $6, $7, $8)
       ON CONFLICT (workflow_id, activity, step) DO UPDATE SET
         run_id = EXCLUDED.run_id, error_type = EXCLUDED.error_type, error_code = EXCLUDED.error_code,
         message = EXCLUDED.message, attempts = activity_failures.attempts + 1, last_seen_at = now(), resolved_at = NULL`,
      [
        failure.workflowId,
        failure.runId,
        issueId,
        failure.activity,
        failure.step,
        failure.errorType,
        failure.errorCode,
        // A NUL byte is what may have failed the activity: PostgreSQL text cannot hold one.
        failure.message.replace(/\0/g, '\\0').slice(0, MAX_MESSAGE),
      ],
    );
  }
}
