// Starts the real services every integration suite shares: PostgreSQL and a Temporal server.
// Each suite makes its own database (see support/database.ts); SMTP catchers are per suite, in process.
//
// TEST_TEMPORAL_RUNTIME chooses the Temporal server: `dev` (the default) is the CLI's dev server on SQLite, quick to
// start; `server` is the official server on this PostgreSQL, as production runs it (built by
// `node scripts/bootstrap.js --with-temporal-server`). TEST_TEMPORAL_ADDRESS skips both and uses a running server.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  postgresServerAt,
  startEmbeddedPostgres,
  startTemporalDevServer,
  startTemporalServer,
} from '@app/stack';
import type { RunningServices } from './support/services';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const services: RunningServices = { tempDirs: [] };
  (globalThis as { __LIANLUO_SERVICES__?: RunningServices }).__LIANLUO_SERVICES__ = services;
  const runtime = process.env.TEST_TEMPORAL_RUNTIME ?? 'dev';
  if (runtime !== 'dev' && runtime !== 'server') {
    throw new Error(`TEST_TEMPORAL_RUNTIME must be "dev" or "server", not "${runtime}"`);
  }

  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_DATABASE_ADMIN_URL = process.env.TEST_DATABASE_URL;
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'lianluo-test-pg-'));
    await chmod(dir, 0o755); // as root, Postgres runs as the `postgres` user, which must reach its data folder
    services.tempDirs?.push(dir);
    const postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), port: await freePort() });
    services.postgres = postgres;
    process.env.TEST_DATABASE_ADMIN_URL = postgres.urlFor('postgres');
  }

  if (!process.env.TEST_TEMPORAL_ADDRESS) {
    let temporal;
    if (runtime === 'server') {
      const dir = await mkdtemp(join(tmpdir(), 'lianluo-test-temporal-'));
      services.tempDirs?.push(dir);
      // Its own two databases, so a shared TEST_DATABASE_URL server can hold several runs side by side.
      const suffix = randomBytes(4).toString('hex');
      temporal = await startTemporalServer({
        postgres: postgresServerAt(process.env.TEST_DATABASE_ADMIN_URL),
        dataDir: dir,
        databases: { temporal: `temporal_${suffix}`, visibility: `temporal_visibility_${suffix}` },
      });
    } else {
      temporal = await startTemporalDevServer({ port: await freePort() });
    }
    services.temporal = temporal;
    process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
  }
  process.stdout.write(`\n[test] services ready in ${Date.now() - started} ms (Temporal: ${runtime})\n`);
}
