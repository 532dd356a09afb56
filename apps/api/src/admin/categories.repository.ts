// Owns the SQL of issue categories.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/database';
import { codeTaken, recordAudit, snapshot } from './admin-audit';
import type { CategoryView } from './categories.dto';

const COLUMNS = `c.id, c.code, c.name_zh AS "nameZh", c.name_en AS "nameEn", c.active`;
const CHANGE_COLUMNS = { code: 'code', nameZh: 'name_zh', nameEn: 'name_en', active: 'active' } as const;

export type CategoryChange = Partial<Record<keyof typeof CHANGE_COLUMNS, string | boolean>>;

@Injectable()
export class CategoriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Whether another category has this code. */
  codeTaken(code: string, exceptId: string | null = null): Promise<boolean> {
    return codeTaken(this.db, 'category', code, exceptId);
  }

  async list(filter: { active?: boolean; limit: number; offset: number }) {
    const where = `($1::boolean IS NULL OR c.active = $1)`;
    const [rows, [count]] = await Promise.all([
      queryRows<CategoryView>(
        this.db,
        `SELECT ${COLUMNS} FROM issue_categories c WHERE ${where} ORDER BY c.code LIMIT $2 OFFSET $3`,
        [filter.active ?? null, filter.limit, filter.offset],
      ),
      queryRows<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM issue_categories c WHERE ${where}`, [
        filter.active ?? null,
      ]),
    ]);
    return { rows, total: count.total };
  }

  async findById(id: string): Promise<CategoryView | null> {
    const [row] = await queryRows<CategoryView>(this.db, `SELECT ${COLUMNS} FROM issue_categories c WHERE c.id = $1`, [
      id,
    ]);
    return row ?? null;
  }

  async create(actorUserId: string, input: { code: string; nameZh: string; nameEn: string }): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [row] = await queryRows<{ id: string }>(
        tx,
        `INSERT INTO issue_categories (code, name_zh, name_en) VALUES ($1, $2, $3) RETURNING id`,
        [input.code, input.nameZh, input.nameEn],
      );
      await recordAudit(tx, {
        actorUserId,
        action: 'create',
        entity: 'category',
        entityId: row.id,
        before: null,
        after: await snapshot(tx, 'category', row.id),
      });
      return row.id;
    });
  }

  async update(actorUserId: string, id: string, change: CategoryChange): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const before = await snapshot(tx, 'category', id);
      if (!before) return false;
      const keys = (Object.keys(CHANGE_COLUMNS) as (keyof typeof CHANGE_COLUMNS)[]).filter(
        (k) => change[k] !== undefined,
      );
      if (!keys.length) return true;
      await tx.query(
        `UPDATE issue_categories SET ${keys.map((k, i) => `${CHANGE_COLUMNS[k]} = $${i + 2}`).join(', ')} WHERE id = $1`,
        [id, ...keys.map((k) => change[k])],
      );
      await recordAudit(tx, {
        actorUserId,
        action: 'update',
        entity: 'category',
        entityId: id,
        before,
        after: await snapshot(tx, 'category', id),
      });
      return true;
    });
  }
}
