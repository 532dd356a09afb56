// Starts the real services every integration suite shares: PostgreSQL and a Temporal dev server.
// Each suite makes its own database (see support/database.ts); SMTP catchers are per suite, in process.
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmbeddedPostgres, startTemporalDevServer } from '@app/stack';
import type { RunningServices } from './support/services';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const services: RunningServices = {};
  (globalThis as { __LIANLUO_SERVICES__?: RunningServices }).__LIANLUO_SERVICES__ = services;

  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_DATABASE_ADMIN_URL = process.env.TEST_DATABASE_URL;
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'lianluo-test-pg-'));
    await chmod(dir, 0o755); // as root, Postgres runs as the `postgres` user, which must reach its data folder
    const postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), port: await freePort() });
    services.postgres = postgres;
    services.tempDirs = [dir];
    process.env.TEST_DATABASE_ADMIN_URL = postgres.urlFor('postgres');
  }

  if (!process.env.TEST_TEMPORAL_ADDRESS) {
    const temporal = await startTemporalDevServer({ port: await freePort() });
    services.temporal = temporal;
    process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
  }
  process.stdout.write(`\n[test] services ready in ${Date.now() - started} ms\n`);
}
