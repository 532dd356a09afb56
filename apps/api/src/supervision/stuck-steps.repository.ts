// Owns the SQL that reads operations.activity_failures for supervisors: the workflow steps that failed for good.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/database';
import { pathWithinAny, SqlParams } from '@app/metrics';

export interface StuckStepRow {
  workflow_id: string;
  issue_id: string | null;
  issue_status: string | null;
  region_path: string | null;
  activity: string;
  step: string;
  error_type: string;
  error_code: string | null;
  message: string;
  attempts: number;
  first_seen_at: Date;
  last_seen_at: Date;
}

@Injectable()
export class StuckStepsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Open failures, most recent first. `roots`: only those of issues under these region paths (null: all, the steps of
   * workflows without an issue included).
   */
  async page(
    roots: readonly string[] | null,
    page: { limit: number; offset: number },
  ): Promise<{ rows: StuckStepRow[]; total: number }> {
    const where = (p: SqlParams) =>
      `a.resolved_at IS NULL AND ${roots === null ? 'TRUE' : `i.id IS NOT NULL AND ${pathWithinAny('i.region_path', roots, p)}`}`;
    const from = `FROM operations.activity_failures a LEFT JOIN issues i ON i.id = a.issue_id`;
    const p = new SqlParams();
    const rows = await queryRows<StuckStepRow>(
      this.db,
      `SELECT a.workflow_id, a.issue_id, i.status AS issue_status, i.region_path, a.activity, a.step, a.error_type,
              a.error_code, a.message, a.attempts, a.first_seen_at, a.last_seen_at
         ${from} WHERE ${where(p)}
        ORDER BY a.last_seen_at DESC, a.id DESC LIMIT ${p.add(page.limit, 'int')} OFFSET ${p.add(page.offset, 'int')}`,
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
