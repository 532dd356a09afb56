// Owns the lookups the supervision endpoints need besides the figures: regions, stations, departments, categories
// and deputies named by code or id, with the region path that scope decisions compare.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows, type RegionLevel } from '@app/database';

export interface RegionRef {
  id: string;
  code: string;
  name: string;
  level: RegionLevel;
  path: string;
}

export interface PlacedRef {
  id: string;
  code: string | null;
  name: string;
  /** The region path the thing belongs to (a station's or a department's region). */
  path: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `WHERE` on a code-or-id reference: by id when it looks like one, else by code. */
function byRef(alias: string, ref: string): string {
  return UUID.test(ref) ? `${alias}.id = $1::uuid` : `${alias}.code = $1`;
}

@Injectable()
export class SupervisionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async region(ref: string): Promise<RegionRef | null> {
    const [row] = await queryRows<RegionRef>(
      this.db,
      `SELECT r.id, r.code, r.name, r.level, r.path FROM regions r WHERE ${byRef('r', ref)}`,
      [ref],
    );
    return row ?? null;
  }

  async regionByPath(path: string): Promise<RegionRef | null> {
    const [row] = await queryRows<RegionRef>(
      this.db,
      `SELECT r.id, r.code, r.name, r.level, r.path FROM regions r WHERE r.path = $1`,
      [path],
    );
    return row ?? null;
  }

  async station(ref: string): Promise<PlacedRef | null> {
    const [row] = await queryRows<PlacedRef>(
      this.db,
      `SELECT s.id, s.code, s.name, r.path FROM stations s JOIN regions r ON r.id = s.region_id WHERE ${byRef('s', ref)}`,
      [ref],
    );
    return row ?? null;
  }

  async department(ref: string): Promise<PlacedRef | null> {
    const [row] = await queryRows<PlacedRef>(
      this.db,
      `SELECT d.id, d.code, d.name, r.path FROM departments d JOIN regions r ON r.id = d.region_id
        WHERE ${byRef('d', ref)}`,
      [ref],
    );
    return row ?? null;
  }

  async category(ref: string): Promise<{ id: string; name: string } | null> {
    const [row] = await queryRows<{ id: string; name: string }>(
      this.db,
      `SELECT c.id, c.name_zh AS name FROM issue_categories c WHERE ${byRef('c', ref)}`,
      [ref],
    );
    return row ?? null;
  }

  /** The deputy, with the region paths of the stations they sit at. */
  async deputy(id: string): Promise<{ id: string; name: string; stationPaths: string[] } | null> {
    const [row] = await queryRows<{ id: string; name: string; stationPaths: string[] }>(
      this.db,
      `SELECT d.id, d.name, coalesce(array_agg(r.path) FILTER (WHERE r.path IS NOT NULL), '{}') AS "stationPaths"
         FROM deputies d
         LEFT JOIN station_deputies sd ON sd.deputy_id = d.id
         LEFT JOIN stations s ON s.id = sd.station_id
         LEFT JOIN regions r ON r.id = s.region_id
        WHERE d.id = $1
        GROUP BY d.id`,
      [id],
    );
    return row ?? null;
  }

  /** The townships of a county, by code. */
  async childRegions(parentId: string): Promise<RegionRef[]> {
    return queryRows<RegionRef>(
      this.db,
      `SELECT id, code, name, level, path FROM regions WHERE parent_id = $1 ORDER BY code`,
      [parentId],
    );
  }

  /** The regions of one level in a region's subtree (the region itself included when it has that level), by code. */
  async regionsWithin(path: string, level: RegionLevel): Promise<RegionRef[]> {
    return queryRows<RegionRef>(
      this.db,
      `SELECT id, code, name, level, path FROM regions
        WHERE level = $2 AND (path = $1 OR starts_with(path, $1 || '/'))
        ORDER BY code`,
      [path, level],
    );
  }

  /** The departments of a region and of every region under it, by code. */
  async departmentsWithin(path: string): Promise<PlacedRef[]> {
    return queryRows<PlacedRef>(
      this.db,
      `SELECT d.id, d.code, d.name, r.path FROM departments d JOIN regions r ON r.id = d.region_id
        WHERE r.path = $1 OR starts_with(r.path, $1 || '/')
        ORDER BY length(r.path), d.code`,
      [path],
    );
  }
}
