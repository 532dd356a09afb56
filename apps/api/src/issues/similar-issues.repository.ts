// The SQL of the duplicate finder: issues of one place (and category) in a time window, scored against a text with
// the database's issue_text_similarity (libs/database/src/text-similarity.ts says why character grams).
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { IssueStatus } from '@app/contracts';
import { queryRows, TEXT_GRAMS_FUNCTION, TEXT_SIMILARITY_FUNCTION } from '@app/database';
import type { IssueScopeFacts } from '../auth/scope.service';
import type { SqlCondition } from '../auth/scope.service';

/** An existing issue as the finder's reference: what it says, where, when; and what its scope check needs. */
export interface ReferenceIssueRow extends IssueScopeFacts {
  description: string;
  placeRegionId: string;
  categoryId: string;
  submittedAt: Date;
}

export interface SimilarIssueRow {
  id: string;
  number: string;
  description: string;
  stationName: string;
  placeName: string;
  categoryName: string;
  submittedAt: Date;
  status: IssueStatus;
  score: number;
}

export interface SimilarIssuesFilter {
  text: string;
  placeRegionId: string;
  categoryId?: string;
  from: Date;
  to: Date;
  excludeIssueId?: string;
  threshold: number;
  limit: number;
}

@Injectable()
export class SimilarIssuesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(visibility: SqlCondition, filter: SimilarIssuesFilter): Promise<SimilarIssueRow[]> {
    // The gates (place, category, window) use ix_issues_place_category_submitted_at; only the few issues left are
    // scored. The place is one for all candidates, so its name is taken out of both texts alike.
    const score =
      `${TEXT_SIMILARITY_FUNCTION}(${TEXT_GRAMS_FUNCTION}(issue.description, place.name), ` +
      `${TEXT_GRAMS_FUNCTION}(:text, place.name))`;
    const query = this.db
      .createQueryBuilder()
      .from('issues', 'issue')
      .innerJoin('issue_categories', 'category', 'category.id = issue.category_id')
      .innerJoin('stations', 'station', 'station.id = issue.station_id')
      .innerJoin('regions', 'place', 'place.id = issue.place_region_id')
      .where(visibility.where, visibility.parameters)
      .andWhere('issue.place_region_id = :placeRegionId', { placeRegionId: filter.placeRegionId })
      .andWhere('issue.submitted_at >= :from AND issue.submitted_at <= :to', { from: filter.from, to: filter.to })
      .andWhere(`${score} >= :threshold`, { text: filter.text, threshold: filter.threshold });
    if (filter.categoryId) query.andWhere('issue.category_id = :categoryId', { categoryId: filter.categoryId });
    if (filter.excludeIssueId) query.andWhere('issue.id <> :excludeIssueId', { excludeIssueId: filter.excludeIssueId });
    return query
      .select([
        'issue.id AS id',
        'issue.number AS number',
        'issue.description AS description',
        'station.name AS "stationName"',
        'place.name AS "placeName"',
        'category.name_zh AS "categoryName"',
        'issue.submitted_at AS "submittedAt"',
        'issue.status AS status',
        `${score} AS score`,
      ])
      .orderBy('score', 'DESC')
      .addOrderBy('issue.submitted_at', 'DESC')
      .limit(filter.limit)
      .getRawMany<SimilarIssueRow>();
  }

  async reference(id: string): Promise<ReferenceIssueRow | null> {
    const [row] = await queryRows<ReferenceIssueRow>(
      this.db,
      `SELECT id, region_path AS "regionPath", deputy_id AS "deputyId", submitted_by_user_id AS "submittedByUserId",
              description, place_region_id AS "placeRegionId", category_id AS "categoryId",
              submitted_at AS "submittedAt"
         FROM issues WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }
}
