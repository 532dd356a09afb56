// Owns the SQL of the intake options: the stations a deputy serves with the places of each one's township, and the
// active categories.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/database';
import { liesInTownshipSql, stationTownshipSql } from '../common/township';

export interface StationPlaceRow {
  stationId: string;
  stationName: string;
  placeId: string | null;
  placeName: string | null;
}

@Injectable()
export class IntakeOptionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One row per station and place (a station whose township has no place yet: one row with null place). */
  stationPlaces(deputyId: string | null): Promise<StationPlaceRow[]> {
    return queryRows<StationPlaceRow>(
      this.db,
      `WITH mine AS (
         SELECT s.id, s.name, ${stationTownshipSql('r')} AS township_id
         FROM stations s JOIN station_deputies sd ON sd.station_id = s.id JOIN regions r ON r.id = s.region_id
         WHERE sd.deputy_id = $1)
       SELECT m.id AS "stationId", m.name AS "stationName", p.id AS "placeId", p.name AS "placeName"
       FROM mine m LEFT JOIN regions p ON ${liesInTownshipSql('p', 'm.township_id')}
       ORDER BY m.name, m.id, p.level = 'township' DESC, p.name`,
      [deputyId],
    );
  }

  activeCategories(): Promise<{ id: string; name: string }[]> {
    return queryRows(this.db, `SELECT id, name_zh AS name FROM issue_categories WHERE active ORDER BY code`);
  }
}
