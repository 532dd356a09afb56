// What a deputy may choose when submitting: the stations they serve, each with the places its township covers,
// and the active categories — exactly what intake accepts, so the form offers nothing the API would refuse.
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/database';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { liesInTownshipSql, stationTownshipSql } from '../common/township';

export class IntakeRefView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '城东社区' }) name!: string;
}

export class IntakeStationView extends IntakeRefView {
  @ApiProperty({ type: [IntakeRefView], description: 'The township itself and its villages and communities' })
  places!: IntakeRefView[];
}

export class IntakeOptionsView {
  @ApiProperty({ type: [IntakeStationView] }) stations!: IntakeStationView[];
  @ApiProperty({ type: [IntakeRefView] }) categories!: IntakeRefView[];
}

@ApiTags('issues')
@ApiSignedIn()
@Controller('api/intake-options')
export class IntakeOptionsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @Roles('deputy')
  @ApiOperation({ summary: "The stations, places and categories a deputy's submission may name" })
  @ApiOkResponse({ type: IntakeOptionsView })
  @ApiErrors(403)
  async options(@CurrentUser() user: AuthUser): Promise<IntakeOptionsView> {
    const places = await queryRows<{
      stationId: string;
      stationName: string;
      placeId: string | null;
      placeName: string | null;
    }>(
      this.db,
      `WITH mine AS (
         SELECT s.id, s.name, ${stationTownshipSql('r')} AS township_id
         FROM stations s JOIN station_deputies sd ON sd.station_id = s.id JOIN regions r ON r.id = s.region_id
         WHERE sd.deputy_id = $1)
       SELECT m.id AS "stationId", m.name AS "stationName", p.id AS "placeId", p.name AS "placeName"
       FROM mine m LEFT JOIN regions p ON ${liesInTownshipSql('p', 'm.township_id')}
       ORDER BY m.name, m.id, p.level = 'township' DESC, p.name`,
      [user.deputyId],
    );
    const stations = new Map<string, IntakeStationView>();
    for (const row of places) {
      const station = stations.get(row.stationId) ?? { id: row.stationId, name: row.stationName, places: [] };
      if (row.placeId && row.placeName) station.places.push({ id: row.placeId, name: row.placeName });
      stations.set(row.stationId, station);
    }
    const categories = await queryRows<IntakeRefView>(
      this.db,
      `SELECT id, name_zh AS name FROM issue_categories WHERE active ORDER BY code`,
    );
    return { stations: [...stations.values()], categories };
  }
}
