// The README's first command, as a newcomer runs it: the whole stack comes up, /health is green,
// Ctrl-C stops it cleanly, and a second start reuses the data.
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { assertTemporalServerBuilt, freePort } from '@app/stack';
import { pidOf, startStack, STACK_ENTRY as entry, stopStack as stop } from '../support/stack-process';
import { until } from '../support/until';

async function statusOf(url: string): Promise<number | undefined> {
  try {
    return (await fetch(url)).status;
  } catch {
    return undefined;
  }
}

describe('npm start (the stack)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let base: string;

  beforeAll(async () => {
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" (npm test does it for you)`);
    dataDir = await mkdtemp(join(tmpdir(), 'lianluo-stack-'));
    await chmod(dataDir, 0o755);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LIANLUO_DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      EMBEDDED_TEMPORAL_PORT: String(await freePort()),
      EMBEDDED_TEMPORAL_UI_PORT: String(await freePort()),
      EMBEDDED_SMTP_PORT: String(await freePort()),
      WORKER_HEALTH_PORT: String(await freePort()),
    };
  });

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const countRows = async (): Promise<Record<string, number>> => {
    const db = new Client({
      connectionString: `postgres://lianluo:lianluo@127.0.0.1:${env.EMBEDDED_POSTGRES_PORT}/lianluo`,
    });
    await db.connect();
    try {
      const result = await db.query<{ regions: string; departments: string; users: string }>(
        'SELECT (SELECT count(*) FROM regions) AS regions, (SELECT count(*) FROM departments) AS departments, (SELECT count(*) FROM users) AS users',
      );
      return Object.fromEntries(Object.entries(result.rows[0]).map(([k, v]) => [k, Number(v)]));
    } finally {
      await db.end();
    }
  };

  it('comes up green with demo data, stops on Ctrl-C, and a second start keeps the data', async () => {
    const first = await startStack(env);
    let firstCounts: Record<string, number>;
    try {
      expect(first.output()).toContain(`${base}/health`);
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        status: 'ok',
        checks: { database: { ok: true }, temporal: { ok: true }, smtp: { ok: true } },
      });
      // On in development, and for admins only: a caller without a token is refused.
      const mailbox = await fetch(`${base}/api/dev/mail`);
      expect(mailbox.status).toBe(401);
      firstCounts = await countRows();
      expect(firstCounts.regions).toBeGreaterThan(5);
      expect(firstCounts.departments).toBeGreaterThan(3);
      expect(firstCounts.users).toBeGreaterThan(3);
    } finally {
      expect(await stop(first)).toBe(0);
    }
    expect(first.output()).toContain('[stack] stopped');

    const second = await startStack(env);
    try {
      expect((await fetch(`${base}/health`)).status).toBe(200);
      // Same data, not a second copy of the demo data: the seed is idempotent and the data folder was reused.
      expect(await countRows()).toEqual(firstCounts);
    } finally {
      expect(await stop(second)).toBe(0);
    }
  });

  it('restarts a crashed worker and API, and exits 1 naming PostgreSQL when it dies', async () => {
    const running = await startStack(env);
    const exited = new Promise<number | null>((resolve) => running.child.once('exit', (code) => resolve(code)));
    const workerReady = `http://127.0.0.1:${env.WORKER_HEALTH_PORT}/health/ready`;
    try {
      expect(
        await until(
          'the worker ready',
          async () => ((await statusOf(workerReady)) === 200 ? true : undefined),
          60_000,
          100,
        ),
      ).toBe(true);
      // Both killed at once, and both back: the stack restarts each crashed child on its own.
      const children = [
        { name: 'worker', healthUrl: workerReady },
        { name: 'api', healthUrl: `${base}/health/live` },
      ].map(({ name, healthUrl }) => ({ name, healthUrl, pid: pidOf(running.output(), name)! }));
      for (const { pid } of children) process.kill(pid, 'SIGKILL');
      await Promise.all(
        children.map(async ({ name, healthUrl, pid }) => {
          await until(
            `${name} restarted`,
            () => {
              const next = pidOf(running.output(), name);
              return next !== undefined && next !== pid ? next : undefined;
            },
            60_000,
            100,
          );
          expect(running.output()).toContain(`[stack] ${name} exited (SIGKILL); restarting it in`);
          await until(
            `${name} healthy again`,
            async () => ((await statusOf(healthUrl)) === 200 ? true : undefined),
            120_000,
            100,
          );
        }),
      );
      expect((await fetch(`${base}/health`)).status).toBe(200);

      const postmaster = Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
      const killedAt = performance.now();
      process.kill(postmaster, 'SIGKILL');
      expect(await exited).toBe(1);
      const exitMs = performance.now() - killedAt;
      process.stdout.write(`[stack test] the stack exited ${Math.round(exitMs)} ms after PostgreSQL was killed\n`);
      expect(running.output()).toMatch(/PostgreSQL at 127\.0\.0\.1:\d+ stopped answering/);
      expect(exitMs).toBeLessThan(20_000);
    } finally {
      if (running.child.exitCode === null) await stop(running);
    }
  }, 300_000);
});

describe('npm run start:cluster (the production shape on one machine)', () => {
  let dataDir: string;

  beforeAll(async () => {
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" (npm test does it for you)`);
    assertTemporalServerBuilt();
    dataDir = await mkdtemp(join(tmpdir(), 'lianluo-cluster-stack-'));
    await chmod(dataDir, 0o755);
  });

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('comes up with the real server on PostgreSQL, two workers and two green API replicas, and stops on Ctrl-C', async () => {
    const [port, replicaPort, postgresPort, temporalPort, smtpPort] = await Promise.all(
      Array.from({ length: 5 }, () => freePort()),
    );
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LIANLUO_DATA_DIR: dataDir,
      PORT: String(port),
      API_REPLICA_PORT: String(replicaPort),
      EMBEDDED_POSTGRES_PORT: String(postgresPort),
      EMBEDDED_TEMPORAL_PORT: String(temporalPort),
      EMBEDDED_SMTP_PORT: String(smtpPort),
      WORKER_HEALTH_PORT: String(await freePort()),
    };
    const stack = await startStack(env, ['--cluster']);
    try {
      for (const url of [`http://127.0.0.1:${port}`, `http://127.0.0.1:${replicaPort}`]) {
        expect(stack.output()).toContain(`${url}/`);
        const health = await fetch(`${url}/health`);
        expect({ url, status: health.status }).toEqual({ url, status: 200 });
        expect(await health.json()).toMatchObject({ checks: { temporal: { ok: true } } });
      }
      expect(stack.output()).toContain('[worker-1]');
      expect(stack.output()).toContain('[worker-2]');
      // Temporal keeps its history beside Lianluo's data, in the one PostgreSQL.
      const db = new Client({ connectionString: `postgres://lianluo:lianluo@127.0.0.1:${postgresPort}/postgres` });
      await db.connect();
      try {
        const names = await db.query<{ datname: string }>(
          `SELECT datname FROM pg_database WHERE datname IN ('lianluo', 'temporal', 'temporal_visibility') ORDER BY 1`,
        );
        expect(names.rows.map((r) => r.datname)).toEqual(['lianluo', 'temporal', 'temporal_visibility']);
      } finally {
        await db.end();
      }
    } finally {
      expect(await stop(stack)).toBe(0);
    }
    expect(stack.output()).toContain('[stack] stopped');
  });
});
