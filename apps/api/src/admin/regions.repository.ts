// Owns the SQL of region administration.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { escapeLike, queryRows, type RegionLevel } from '@app/database';
import { codeTaken, recordAudit, snapshot } from './admin-audit';
import type { RegionView } from './regions.dto';

const COLUMNS = `r.id, r.code, r.name, r.level, r.parent_id AS "parentId", r.path`;

/** What still points at a region, by kind; a region is deleted only when every count is 0. */
export interface RegionUsage {
  childRegions: number;
  stations: number;
  departments: number;
  userRoles: number;
  issues: number;
  routingRules: number;
}

@Injectable()
export class RegionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Whether another region has this code. */
  codeTaken(code: string, exceptId: string | null = null): Promise<boolean> {
    return codeTaken(this.db, 'region', code, exceptId);
  }

  async list(filter: {
    parentId?: string;
    level?: RegionLevel;
    q?: string;
    limit: number;
    offset: number;
  }): Promise<{ rows: RegionView[]; total: number }> {
    const where = `($1::uuid IS NULL OR r.parent_id = $1) AND ($2::text IS NULL OR r.level = $2)
      AND ($3::text IS NULL OR r.name ILIKE $3 OR r.code ILIKE $3)`;
    const params = [filter.parentId ?? null, filter.level ?? null, filter.q ? `%${escapeLike(filter.q)}%` : null];
    const [rows, [count]] = await Promise.all([
      queryRows<RegionView>(
        this.db,
        `SELECT ${COLUMNS} FROM regions r WHERE ${where} ORDER BY r.path LIMIT $4 OFFSET $5`,
        [...params, filter.limit, filter.offset],
      ),
      queryRows<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM regions r WHERE ${where}`, params),
    ]);
    return { rows, total: count.total };
  }

  async findById(id: string, db: DataSource | EntityManager = this.db): Promise<RegionView | null> {
    const [row] = await queryRows<RegionView>(db, `SELECT ${COLUMNS} FROM regions r WHERE r.id = $1`, [id]);
    return row ?? null;
  }

  async create(actorUserId: string, input: Omit<RegionView, 'id'>): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [row] = await queryRows<{ id: string }>(
        tx,
        `INSERT INTO regions (code, name, level, parent_id, path) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [input.code, input.name, input.level, input.parentId, input.path],
      );
      await recordAudit(tx, {
        actorUserId,
        action: 'create',
        entity: 'region',
        entityId: row.id,
        before: null,
        after: await snapshot(tx, 'region', row.id),
      });
      return row.id;
    });
  }

  /**
   * Renames and/or re-codes a region; a new code rewrites the path of the region and of its whole subtree, in the
   * same transaction. `guard` runs first, on the locked row, and may throw to refuse.
   */
  async update(
    actorUserId: string,
    id: string,
    change: { code?: string; name?: string },
    guard: (tx: EntityManager, current: RegionView) => Promise<void>,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [current] = await queryRows<RegionView>(tx, `SELECT ${COLUMNS} FROM regions r WHERE r.id = $1 FOR UPDATE`, [
        id,
      ]);
      if (!current) return false;
      await guard(tx, current);
      const before = await snapshot(tx, 'region', id);
      if (change.name !== undefined) await tx.query(`UPDATE regions SET name = $2 WHERE id = $1`, [id, change.name]);
      if (change.code !== undefined && change.code !== current.code) {
        const newPath = current.path.slice(0, current.path.length - current.code.length) + change.code;
        // starts_with, not LIKE: '_' in a code is no wildcard.
        await tx.query(
          `UPDATE regions SET path = $2 || substr(path, length($1) + 1)
            WHERE path = $1 OR starts_with(path, $1 || '/')`,
          [current.path, newPath],
        );
        await tx.query(`UPDATE regions SET code = $2 WHERE id = $1`, [id, change.code]);
      }
      await recordAudit(tx, {
        actorUserId,
        action: 'update',
        entity: 'region',
        entityId: id,
        before,
        after: await snapshot(tx, 'region', id),
      });
      return true;
    });
  }

  /** Issues raised anywhere in the subtree of this path (their records keep the path they were raised with). */
  async issuesUnder(tx: EntityManager, path: string): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      tx,
      `SELECT count(*)::int AS n FROM issues WHERE region_path = $1 OR starts_with(region_path, $1 || '/')`,
      [path],
    );
    return row.n;
  }

  async usage(db: DataSource | EntityManager, id: string): Promise<RegionUsage> {
    const [row] = await queryRows<RegionUsage>(
      db,
      `SELECT (SELECT count(*)::int FROM regions WHERE parent_id = $1) AS "childRegions",
              (SELECT count(*)::int FROM stations WHERE region_id = $1) AS stations,
              (SELECT count(*)::int FROM departments WHERE region_id = $1) AS departments,
              (SELECT count(*)::int FROM user_roles WHERE region_id = $1) AS "userRoles",
              (SELECT count(*)::int FROM issues WHERE place_region_id = $1 OR township_region_id = $1) AS issues,
              (SELECT count(*)::int FROM routing_rules WHERE region_id = $1) AS "routingRules"`,
      [id],
    );
    return row;
  }

  /** Deletes the region unless `guard` (run on the locked row) refuses; false when there is no such region. */
  async delete(actorUserId: string, id: string, guard: (tx: EntityManager) => Promise<void>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [locked] = await queryRows(tx, `SELECT id FROM regions WHERE id = $1 FOR UPDATE`, [id]);
      if (!locked) return false;
      await guard(tx);
      const before = await snapshot(tx, 'region', id);
      await tx.query(`DELETE FROM regions WHERE id = $1`, [id]);
      await recordAudit(tx, { actorUserId, action: 'delete', entity: 'region', entityId: id, before, after: null });
      return true;
    });
  }
}
