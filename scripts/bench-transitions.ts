// `npm run bench:transitions`: recorded transitions per second with 1, 8 and 32 concurrent writers, for issues that
// share a township, a station and a day (issue #21's load: every transition of a county's day touching the same
// read-model rows). Each writer has its own pooled connection and runs the worker's real recordTransition; the
// migrations are the real ones, on a fresh embedded PostgreSQL. Prints transitions per second, the transactions
// retried for a deadlock or serialisation failure, and those that failed for good. A benchmark, not a test.
//
//   BENCH_ISSUES   issues per run (default 200; five transitions each)
//   BENCH_WRITERS  comma-separated writer counts (default 1,8,32)
//   DATABASE_URL   a server to use instead of an embedded one: a fresh database is created there and dropped after
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource, migrate, queryRows, transientRetries } from '@app/database';
import { freePort, startEmbeddedPostgres } from '@app/stack';
import {
  prepareAssignments,
  prepareWorkload,
  runWorkload,
  transitionRecorder,
  WORKLOAD_DAY_AT,
} from './bench/transition-workload';

const ISSUES = Number(process.env.BENCH_ISSUES ?? 200);
const WRITERS = (process.env.BENCH_WRITERS ?? '1,8,32').split(',').map(Number);

function say(message: string): void {
  process.stdout.write(`[bench:transitions] ${message}\n`);
}

async function server(): Promise<{ url: string; stop(): Promise<void> }> {
  const name = `bench_transitions_${randomBytes(4).toString('hex')}`;
  if (process.env.DATABASE_URL) {
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      stop: async () => {
        const client = new Client({ connectionString: process.env.DATABASE_URL });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'lianluo-bench-pg-'));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as `postgres`, which must reach its data folder
  const postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), port: await freePort(), database: name });
  return {
    url: postgres.url,
    stop: async () => {
      await postgres.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  if (!Number.isInteger(ISSUES) || ISSUES < 1) throw new Error('BENCH_ISSUES must be a whole number ≥ 1');
  if (WRITERS.some((w) => !Number.isInteger(w) || w < 1)) throw new Error('BENCH_WRITERS: whole numbers ≥ 1');
  const pg = await server();
  let failed = false;
  try {
    const setup = await migrate(pg.url);
    const pool = await createDataSource(pg.url, { extra: { max: Math.max(...WRITERS) }, logging: false }).initialize();
    try {
      const record = transitionRecorder(pool);
      // metrics.fold_rollup_deltas() where the migrations have it, so the same script measures the schema before them.
      const [{ folds }] = await queryRows<{ folds: boolean }>(
        setup,
        `SELECT to_regprocedure('metrics.fold_rollup_deltas()') IS NOT NULL AS folds`,
      );
      const fold = () => (folds ? setup.query(`SELECT metrics.fold_rollup_deltas()`) : Promise.resolve());
      for (const writers of WRITERS) {
        const issues = await prepareWorkload(setup, ISSUES);
        await prepareAssignments(setup, issues);
        const retriesBefore = transientRetries.total();
        // The worker's fold runs all along, as in production (not at all before the rollup deltas existed).
        let writing = folds;
        const folding = (async () => {
          while (writing) await fold();
        })();
        const result = await runWorkload(record, issues, writers).finally(() => (writing = false));
        await folding;
        const retried = transientRetries.total() - retriesBefore;
        const lost = Object.entries(result.failures).map(([code, n]) => `${n} × ${code}`);
        if (lost.length > 0) failed = true;
        say(
          `${String(writers).padStart(2)} writers: ${(result.transitions / result.seconds).toFixed(0).padStart(5)} ` +
            `transitions/s (${result.transitions} in ${result.seconds.toFixed(2)} s), ` +
            `${retried} retried for a deadlock or serialisation failure, failed: ${lost.join(', ') || 'none'}`,
        );
      }
      // Folded to the end, the township's rollup row counts every issue.
      await fold();
      const [check] = await queryRows<{ rollup: number; plain: number }>(
        setup,
        `SELECT (SELECT coalesce(sum(collected), 0)::int FROM metrics.daily_rollup
                  WHERE dim = 'region' AND dim_id = (SELECT id FROM regions WHERE code = 'rongjiawan')
                    AND day = $1::date) AS rollup,
                (SELECT count(*)::int FROM issues) AS plain`,
        [WORKLOAD_DAY_AT.slice(0, 10)],
      );
      say(`township rollup collected ${check.rollup}, issues counted ${check.plain}`);
      if (check.rollup !== check.plain) failed = true;
    } finally {
      await pool.destroy();
      await setup.destroy();
    }
  } finally {
    await pg.stop();
  }
  if (failed) {
    say('FAILED: transactions lost or sums wrong');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
