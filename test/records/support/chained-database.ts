// A database whose evidence logs were written the way the system writes them: the worker's real recordTransition for
// a township's issues on many connections at once, and concurrent inserts into the one admin-audit stream.
import type { DataSource } from 'typeorm';
import { createDataSource, queryRows } from '@app/database';
import {
  prepareAssignments,
  prepareWorkload,
  runWorkload,
  transitionRecorder,
  type WorkloadIssue,
} from '../../../scripts/bench/transition-workload';
import { createMigratedDatabase } from '../../support/database';

export const WRITERS = 12;

export interface Chained {
  url: string;
  setup: DataSource;
  issues: WorkloadIssue[];
}

/** A fresh database whose logs were written the way the system writes them: real transitions, concurrently. */
export async function chainedDatabase(prefix: string): Promise<Chained> {
  const created = await createMigratedDatabase(prefix);
  const pool = await createDataSource(created.url, { extra: { max: WRITERS } }).initialize();
  try {
    const issues = await prepareWorkload(created.dataSource, WRITERS);
    await prepareAssignments(created.dataSource, issues);
    const result = await runWorkload(transitionRecorder(pool), issues, WRITERS);
    if (Object.keys(result.failures).length > 0)
      throw new Error(`transitions failed: ${JSON.stringify(result.failures)}`);
    // One stream shared by every writer: the admin audit. Concurrent inserts must queue, not fork the chain.
    const [admin] = await queryRows<{ id: string }>(
      created.dataSource,
      `SELECT id FROM users ORDER BY username LIMIT 1`,
    );
    await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        pool.query(
          `INSERT INTO admin_audit_log (actor_user_id, action, entity, entity_id, after) VALUES ($1, 'update', 'test', $2, $3)`,
          [admin.id, String(i), { note: `写入 ${i}`, at: new Date().toISOString() }],
        ),
      ),
    );
    return { url: created.url, setup: created.dataSource, issues };
  } finally {
    await pool.destroy();
  }
}
