// Owns the SQL of ensuring the schedules at worker start: the lock that lets one worker at a time do it, and the
// stations whose reception rule should have a schedule.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '@app/database';

/** The advisory lock of "ensure the schedules" (any constant no other lock uses: "schedule" in ASCII). */
export const SCHEDULES_LOCK = 0x7363686564756c65n;

@Injectable()
export class SchedulesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Runs `work` holding the schedules lock: a second worker starting at the same instant waits here, then finds every
   * schedule in place. A transaction-level lock, so that a worker killed half-way releases it with its connection.
   */
  withSchedulesLock<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (db) => {
      await db.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [SCHEDULES_LOCK.toString()]);
      return work(db);
    });
  }

  stationsWithRules(db: EntityManager): Promise<{ id: string; rule: string }[]> {
    return queryRows(db, `SELECT id, reception_rule AS rule FROM stations WHERE reception_rule IS NOT NULL`);
  }
}
