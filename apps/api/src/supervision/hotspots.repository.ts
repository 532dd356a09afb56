// Runs the hot-spot queries of @app/metrics (hotspots.sql.ts) for a region and period.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/database';
import { hotspotCellsQuery, repeatedProblemsQuery, type Period } from '@app/metrics';

export interface IssueRef {
  id: string;
  number: string;
}

export interface HotspotCellRow {
  placeId: string;
  placeName: string;
  categoryId: string;
  categoryName: string;
  month: string;
  count: number;
  issues: IssueRef[];
}

export interface RepeatedProblemRow {
  id: string;
  number: string;
  description: string;
  placeName: string;
  categoryName: string;
  submittedAt: Date;
  repeats: IssueRef[];
}

@Injectable()
export class HotspotsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  cells(path: string, period: Period, limit: number): Promise<HotspotCellRow[]> {
    const query = hotspotCellsQuery(path, period, limit);
    return queryRows<HotspotCellRow>(this.db, query.sql, query.params);
  }

  repeated(path: string, period: Period, limit: number): Promise<RepeatedProblemRow[]> {
    const query = repeatedProblemsQuery(path, period, limit);
    return queryRows<RepeatedProblemRow>(this.db, query.sql, query.params);
  }
}
