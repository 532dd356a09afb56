// Owns the SQL of station administration. Never writes reception_rule: reception days have their own owner.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { escapeLike, queryRows, type JsonObject, type RegionLevel, type StationLevel } from '@app/database';
import { codeTaken, recordAudit, snapshot } from './admin-audit';
import type { StationDeputyView, StationView } from './stations.dto';

const COLUMNS = `s.id, s.code, s.name, s.level, s.region_id AS "regionId", r.name AS "regionName",
  s.head_deputy_id AS "headDeputyId", h.name AS "headDeputyName",
  s.liaison_officer_user_id AS "liaisonOfficerUserId", u.display_name AS "liaisonOfficerName",
  (SELECT count(*)::int FROM station_deputies sd WHERE sd.station_id = s.id) AS "deputyCount"`;
const FROM = `stations s JOIN regions r ON r.id = s.region_id
  LEFT JOIN deputies h ON h.id = s.head_deputy_id LEFT JOIN users u ON u.id = s.liaison_officer_user_id`;

/** A station's own columns as a write sees them, with its deputies. */
export interface StationState {
  id: string;
  level: StationLevel;
  regionId: string;
  headDeputyId: string | null;
  deputyIds: string[];
}

export interface StationChange {
  code?: string;
  name?: string;
  level?: StationLevel;
  regionId?: string;
  headDeputyId?: string | null;
  liaisonOfficerUserId?: string | null;
}

/** The columns a change may write, by DTO field. */
const CHANGE_COLUMNS: Record<keyof StationChange, string> = {
  code: 'code',
  name: 'name',
  level: 'level',
  regionId: 'region_id',
  headDeputyId: 'head_deputy_id',
  liaisonOfficerUserId: 'liaison_officer_user_id',
};

@Injectable()
export class StationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Whether another station has this code. */
  codeTaken(code: string, exceptId: string | null = null): Promise<boolean> {
    return codeTaken(this.db, 'station', code, exceptId);
  }

  async list(filter: {
    regionId?: string;
    q?: string;
    limit: number;
    offset: number;
  }): Promise<{ rows: StationView[]; total: number }> {
    // The subtree of the region, by path: starts_with, not LIKE, so '_' in a code is no wildcard.
    const where = `($1::uuid IS NULL OR EXISTS (SELECT 1 FROM regions f WHERE f.id = $1
        AND (r.path = f.path OR starts_with(r.path, f.path || '/'))))
      AND ($2::text IS NULL OR s.name ILIKE $2 OR s.code ILIKE $2)`;
    const params = [filter.regionId ?? null, filter.q ? `%${escapeLike(filter.q)}%` : null];
    const [rows, [count]] = await Promise.all([
      queryRows<StationView>(
        this.db,
        `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where} ORDER BY r.path, s.code LIMIT $3 OFFSET $4`,
        [...params, filter.limit, filter.offset],
      ),
      queryRows<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM ${FROM} WHERE ${where}`, params),
    ]);
    return { rows, total: count.total };
  }

  async findById(id: string): Promise<StationView | null> {
    const [row] = await queryRows<StationView>(this.db, `SELECT ${COLUMNS} FROM ${FROM} WHERE s.id = $1`, [id]);
    return row ?? null;
  }

  async deputiesOf(stationId: string): Promise<StationDeputyView[]> {
    return queryRows<StationDeputyView>(
      this.db,
      `SELECT d.id, d.name, d.level FROM station_deputies sd JOIN deputies d ON d.id = sd.deputy_id
        WHERE sd.station_id = $1 ORDER BY d.name, d.id`,
      [stationId],
    );
  }

  async regionLevel(regionId: string): Promise<RegionLevel | null> {
    const [row] = await queryRows<{ level: RegionLevel }>(this.db, `SELECT level FROM regions WHERE id = $1`, [
      regionId,
    ]);
    return row?.level ?? null;
  }

  /** The ids among `ids` that name deputies. */
  async existingDeputies(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await queryRows<{ id: string }>(this.db, `SELECT id FROM deputies WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  async isActiveUser(userId: string): Promise<boolean> {
    return (await queryRows(this.db, `SELECT 1 FROM users WHERE id = $1 AND active`, [userId])).length > 0;
  }

  async create(
    actorUserId: string,
    input: {
      code: string;
      name: string;
      level: StationLevel;
      regionId: string;
      headDeputyId: string | null;
      liaisonOfficerUserId: string | null;
    },
  ): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [row] = await queryRows<{ id: string }>(
        tx,
        `INSERT INTO stations (code, name, level, region_id, head_deputy_id, liaison_officer_user_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [input.code, input.name, input.level, input.regionId, input.headDeputyId, input.liaisonOfficerUserId],
      );
      // The head is chosen from the station's deputies, so naming one on creation makes them a deputy there.
      if (input.headDeputyId) {
        await tx.query(`INSERT INTO station_deputies (station_id, deputy_id) VALUES ($1, $2)`, [
          row.id,
          input.headDeputyId,
        ]);
      }
      await recordAudit(tx, {
        actorUserId,
        action: 'create',
        entity: 'station',
        entityId: row.id,
        before: null,
        after: await stationSnapshot(tx, row.id),
      });
      return row.id;
    });
  }

  /**
   * Applies a change to the locked station; `check` sees the station as it stands (with its deputies) and may
   * throw to refuse. False when there is no such station.
   */
  async update(
    actorUserId: string,
    id: string,
    change: StationChange,
    check: (current: StationState) => void,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const current = await lockState(tx, id);
      if (!current) return false;
      check(current);
      const entries = (Object.keys(CHANGE_COLUMNS) as (keyof StationChange)[]).filter((k) => change[k] !== undefined);
      if (!entries.length) return true;
      const before = await stationSnapshot(tx, id);
      await tx.query(
        `UPDATE stations SET ${entries.map((k, i) => `${CHANGE_COLUMNS[k]} = $${i + 2}`).join(', ')} WHERE id = $1`,
        [id, ...entries.map((k) => change[k])],
      );
      await recordAudit(tx, {
        actorUserId,
        action: 'update',
        entity: 'station',
        entityId: id,
        before,
        after: await stationSnapshot(tx, id),
      });
      return true;
    });
  }

  /** Replaces the station's deputies, all or nothing; `check` as in update. */
  async replaceDeputies(
    actorUserId: string,
    id: string,
    deputyIds: string[],
    check: (current: StationState) => void,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const current = await lockState(tx, id);
      if (!current) return false;
      check(current);
      const before = await stationSnapshot(tx, id);
      await tx.query(`DELETE FROM station_deputies WHERE station_id = $1`, [id]);
      await tx.query(`INSERT INTO station_deputies (station_id, deputy_id) SELECT $1, unnest($2::uuid[])`, [
        id,
        deputyIds,
      ]);
      await recordAudit(tx, {
        actorUserId,
        action: 'update',
        entity: 'station',
        entityId: id,
        before,
        after: await stationSnapshot(tx, id),
      });
      return true;
    });
  }
}

async function lockState(tx: EntityManager, id: string): Promise<StationState | null> {
  const [row] = await queryRows<Omit<StationState, 'deputyIds'>>(
    tx,
    `SELECT id, level, region_id AS "regionId", head_deputy_id AS "headDeputyId" FROM stations WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (!row) return null;
  const deputies = await queryRows<{ id: string }>(
    tx,
    `SELECT deputy_id AS id FROM station_deputies WHERE station_id = $1`,
    [id],
  );
  return { ...row, deputyIds: deputies.map((d) => d.id) };
}

/** The station row plus its deputies, for the audit trail. */
async function stationSnapshot(tx: EntityManager, id: string): Promise<JsonObject | null> {
  const row = await snapshot(tx, 'station', id);
  if (!row) return null;
  const deputies = await queryRows<{ id: string }>(
    tx,
    `SELECT deputy_id AS id FROM station_deputies WHERE station_id = $1 ORDER BY deputy_id`,
    [id],
  );
  return { ...row, deputy_ids: deputies.map((d) => d.id) };
}
