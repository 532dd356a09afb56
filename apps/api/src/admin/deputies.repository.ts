// Owns the SQL of deputy administration, including both sides of the deputies ↔ users link.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { escapeLike, queryRows, type DeputyLevel, type Gender } from '@app/database';
import { recordAudit, snapshot } from './admin-audit';
import type { DeputyView } from './deputies.dto';

const COLUMNS = `d.id, d.name, d.gender, d.level, d.employer, d.post, d.phone, d.user_id AS "userId",
  ARRAY(SELECT sd.station_id FROM station_deputies sd WHERE sd.deputy_id = d.id ORDER BY sd.station_id) AS "stationIds"`;

export interface DeputyFields {
  name: string;
  gender: Gender;
  level: DeputyLevel;
  employer: string;
  post: string;
  phone: string;
}

const FIELD_COLUMNS: Record<keyof DeputyFields, string> = {
  name: 'name',
  gender: 'gender',
  level: 'level',
  employer: 'employer',
  post: 'post',
  phone: 'phone',
};

@Injectable()
export class DeputiesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(filter: {
    q?: string;
    stationId?: string;
    limit: number;
    offset: number;
  }): Promise<{ rows: DeputyView[]; total: number }> {
    const where = `($1::text IS NULL OR d.name ILIKE $1 OR d.employer ILIKE $1 OR d.post ILIKE $1)
      AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM station_deputies x WHERE x.deputy_id = d.id AND x.station_id = $2))`;
    const params = [filter.q ? `%${escapeLike(filter.q)}%` : null, filter.stationId ?? null];
    const [rows, [count]] = await Promise.all([
      queryRows<DeputyView>(
        this.db,
        `SELECT ${COLUMNS} FROM deputies d WHERE ${where} ORDER BY d.name, d.id LIMIT $3 OFFSET $4`,
        [...params, filter.limit, filter.offset],
      ),
      queryRows<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM deputies d WHERE ${where}`, params),
    ]);
    return { rows, total: count.total };
  }

  async findById(id: string): Promise<DeputyView | null> {
    const [row] = await queryRows<DeputyView>(this.db, `SELECT ${COLUMNS} FROM deputies d WHERE d.id = $1`, [id]);
    return row ?? null;
  }

  async isActiveUser(userId: string): Promise<boolean> {
    return (await queryRows(this.db, `SELECT 1 FROM users WHERE id = $1 AND active`, [userId])).length > 0;
  }

  /** Whether the user already stands for a deputy other than `deputyId` (either side of the link). */
  async userTaken(userId: string, deputyId: string | null): Promise<boolean> {
    const rows = await queryRows(
      this.db,
      `SELECT 1 FROM users WHERE id = $1 AND deputy_id IS NOT NULL AND deputy_id IS DISTINCT FROM $2::uuid
       UNION ALL SELECT 1 FROM deputies WHERE user_id = $1 AND id IS DISTINCT FROM $2::uuid`,
      [userId, deputyId],
    );
    return rows.length > 0;
  }

  async create(actorUserId: string, input: DeputyFields & { userId: string | null }): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [row] = await queryRows<{ id: string }>(
        tx,
        `INSERT INTO deputies (name, gender, level, employer, post, phone) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [input.name, input.gender, input.level, input.employer, input.post, input.phone],
      );
      if (input.userId) await link(tx, row.id, input.userId);
      await recordAudit(tx, {
        actorUserId,
        action: 'create',
        entity: 'deputy',
        entityId: row.id,
        before: null,
        after: await snapshot(tx, 'deputy', row.id),
      });
      return row.id;
    });
  }

  /** False when there is no such deputy. `userId` undefined leaves the link alone; null removes it. */
  async update(
    actorUserId: string,
    id: string,
    change: Partial<DeputyFields> & { userId?: string | null },
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const before = await snapshot(tx, 'deputy', id);
      if (!before) return false;
      const keys = (Object.keys(FIELD_COLUMNS) as (keyof DeputyFields)[]).filter((k) => change[k] !== undefined);
      if (keys.length) {
        await tx.query(
          `UPDATE deputies SET ${keys.map((k, i) => `${FIELD_COLUMNS[k]} = $${i + 2}`).join(', ')} WHERE id = $1`,
          [id, ...keys.map((k) => change[k])],
        );
      }
      if (change.userId !== undefined && change.userId !== before.user_id) {
        await unlink(tx, id);
        if (change.userId) await link(tx, id, change.userId);
      }
      if (keys.length || change.userId !== undefined) {
        await recordAudit(tx, {
          actorUserId,
          action: 'update',
          entity: 'deputy',
          entityId: id,
          before,
          after: await snapshot(tx, 'deputy', id),
        });
      }
      return true;
    });
  }
}

/** Both sides, as user administration links them: users.deputy_id is what sign-in reads, deputies.user_id its mirror. */
async function link(tx: EntityManager, deputyId: string, userId: string): Promise<void> {
  await tx.query(`UPDATE deputies SET user_id = $2 WHERE id = $1`, [deputyId, userId]);
  await tx.query(`UPDATE users SET deputy_id = $1 WHERE id = $2`, [deputyId, userId]);
}

async function unlink(tx: EntityManager, deputyId: string): Promise<void> {
  await tx.query(`UPDATE users SET deputy_id = NULL WHERE deputy_id = $1`, [deputyId]);
  await tx.query(`UPDATE deputies SET user_id = NULL WHERE id = $1`, [deputyId]);
}
