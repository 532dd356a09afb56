// Owns the SQL of departments: the scoped list, and the admin's writes.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { escapeLike, queryRows, type RegionLevel } from '@app/database';
import { codeTaken, recordAudit, snapshot } from './admin-audit';
import type { DepartmentView } from './departments.dto';

const COLUMNS = `d.id, d.code, d.name, d.region_id AS "regionId", r.name AS "regionName", d.email, d.active`;
const FROM = `departments d JOIN regions r ON r.id = d.region_id`;

/**
 * Which departments a caller sees: `all`, or those whose region lies under or above one of `regionRoots`
 * (paths), plus `departmentId`.
 */
export type DepartmentVisibility = { all: true } | { all: false; regionRoots: string[]; departmentId: string | null };

export interface DepartmentChange {
  code?: string;
  name?: string;
  email?: string;
  active?: boolean;
}

@Injectable()
export class DepartmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Whether another department has this code. */
  codeTaken(code: string, exceptId: string | null = null): Promise<boolean> {
    return codeTaken(this.db, 'department', code, exceptId);
  }

  async list(
    visibility: DepartmentVisibility,
    filter: { regionId?: string; q?: string; active?: boolean; limit: number; offset: number },
  ): Promise<{ rows: DepartmentView[]; total: number }> {
    // starts_with both ways: the region is inside a scope root's subtree, or is an ancestor of a scope root.
    const where = `($1::uuid IS NULL OR d.region_id = $1)
      AND ($2::text IS NULL OR d.name ILIKE $2 OR d.code ILIKE $2)
      AND ($3::boolean IS NULL OR d.active = $3)
      AND ($4::boolean OR d.id = $5::uuid OR EXISTS (SELECT 1 FROM unnest($6::text[]) root
            WHERE r.path = root OR starts_with(r.path, root || '/') OR starts_with(root, r.path || '/')))`;
    const params = [
      filter.regionId ?? null,
      filter.q ? `%${escapeLike(filter.q)}%` : null,
      filter.active ?? null,
      visibility.all,
      visibility.all ? null : visibility.departmentId,
      visibility.all ? [] : visibility.regionRoots,
    ];
    const [rows, [count]] = await Promise.all([
      queryRows<DepartmentView>(
        this.db,
        `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where} ORDER BY r.path, d.code LIMIT $7 OFFSET $8`,
        [...params, filter.limit, filter.offset],
      ),
      queryRows<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM ${FROM} WHERE ${where}`, params),
    ]);
    return { rows, total: count.total };
  }

  async findById(id: string): Promise<DepartmentView | null> {
    const [row] = await queryRows<DepartmentView>(this.db, `SELECT ${COLUMNS} FROM ${FROM} WHERE d.id = $1`, [id]);
    return row ?? null;
  }

  async regionLevel(regionId: string): Promise<RegionLevel | null> {
    const [row] = await queryRows<{ level: RegionLevel }>(this.db, `SELECT level FROM regions WHERE id = $1`, [
      regionId,
    ]);
    return row?.level ?? null;
  }

  async create(actorUserId: string, input: { code: string; name: string; regionId: string; email: string }) {
    return this.db.transaction(async (tx) => {
      const [row] = await queryRows<{ id: string }>(
        tx,
        `INSERT INTO departments (code, name, region_id, email) VALUES ($1, $2, $3, $4) RETURNING id`,
        [input.code, input.name, input.regionId, input.email],
      );
      await recordAudit(tx, {
        actorUserId,
        action: 'create',
        entity: 'department',
        entityId: row.id,
        before: null,
        after: await snapshot(tx, 'department', row.id),
      });
      return row.id;
    });
  }

  /** False when there is no such department. */
  async update(actorUserId: string, id: string, change: DepartmentChange): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [locked] = await queryRows(tx, `SELECT id FROM departments WHERE id = $1 FOR UPDATE`, [id]);
      if (!locked) return false;
      const keys = (['code', 'name', 'email', 'active'] as const).filter((k) => change[k] !== undefined);
      if (!keys.length) return true;
      const before = await snapshot(tx, 'department', id);
      await tx.query(`UPDATE departments SET ${keys.map((k, i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`, [
        id,
        ...keys.map((k) => change[k]),
      ]);
      await recordAudit(tx, {
        actorUserId,
        action: 'update',
        entity: 'department',
        entityId: id,
        before,
        after: await snapshot(tx, 'department', id),
      });
      return true;
    });
  }
}
