// Owns the intake reconciler's one query: the issues still `received` some time after they were saved.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { IssueUrgency } from '@app/contracts';
import { queryRows } from '@app/database';

export interface ReceivedIssue {
  id: string;
  urgency: IssueUrgency;
  /** Exact (microseconds, as text) so that it can resume a page where the last one stopped. */
  submittedAt: string;
  ageMs: number;
}

@Injectable()
export class IntakeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Issues still `received` and saved more than `minAgeMs` ago (by the database's clock), oldest first, `limit` at a
   * time after the row `after` (keyset paging). `received` is a small slice of the table: ix_issues_status finds it.
   */
  receivedBefore(minAgeMs: number, limit: number, after?: ReceivedIssue): Promise<ReceivedIssue[]> {
    return queryRows<ReceivedIssue>(
      this.db,
      `SELECT id, urgency, submitted_at::text AS "submittedAt",
              (extract(epoch FROM now() - submitted_at) * 1000)::float8 AS "ageMs"
         FROM issues
        WHERE status = 'received'
          AND submitted_at < now() - make_interval(secs => $1::float8 / 1000)
          AND ($2::timestamptz IS NULL OR (submitted_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY submitted_at, id
        LIMIT $4`,
      [minAgeMs, after?.submittedAt ?? null, after?.id ?? null, limit],
    );
  }
}
