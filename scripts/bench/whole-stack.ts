// A whole stack for a benchmark, as `npm start` runs it (embedded PostgreSQL, Temporal dev server, SMTP catcher,
// worker and API processes) on free ports in a throwaway data directory, with a database client on it.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { findProjectRoot, freePort, stopChild } from '@app/stack';

export interface WholeStack {
  base: string;
  temporalAddress: string;
  /** What the stack's own processes run with: for another worker of the same stack. */
  env: NodeJS.ProcessEnv;
  db: PgClient;
  stop(): Promise<void>;
}

export interface WholeStackOptions {
  /** The production shape (`--cluster`): the official Temporal server on the embedded PostgreSQL. */
  cluster?: boolean;
  /** Added to the stack's environment (e.g. DEMO_WORKING_DAY_SECONDS, STACK_WORKERS). */
  env?: Record<string, string>;
}

export async function startWholeStack(
  say: (message: string) => void,
  options: WholeStackOptions = {},
): Promise<WholeStack> {
  const root = findProjectRoot();
  const dataDir = await mkdtemp(join(tmpdir(), 'lianluo-bench-'));
  await chmod(dataDir, 0o755);
  const ports = { api: await freePort(), pg: await freePort(), temporal: await freePort(), smtp: await freePort() };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LIANLUO_DATA_DIR: dataDir,
    PORT: String(ports.api),
    EMBEDDED_POSTGRES_PORT: String(ports.pg),
    EMBEDDED_TEMPORAL_PORT: String(ports.temporal),
    EMBEDDED_TEMPORAL_UI_PORT: String(await freePort()),
    EMBEDDED_SMTP_PORT: String(ports.smtp),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...options.env,
  };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL']) delete env[name];
  say(`starting the stack in ${dataDir}`);
  const stack = spawn(
    process.execPath,
    [join(root, 'dist', 'scripts', 'stack.js'), ...(options.cluster ? ['--cluster'] : [])],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  stack.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  stack.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Press Ctrl-C')) {
        clearInterval(timer);
        resolve();
      }
    }, 200);
    stack.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`stack exited with ${code}:\n${output}`));
    });
  });
  const db = new PgClient({ connectionString: `postgres://lianluo:lianluo@127.0.0.1:${ports.pg}/lianluo` });
  await db.connect();
  return {
    base: `http://127.0.0.1:${ports.api}`,
    temporalAddress: `127.0.0.1:${ports.temporal}`,
    env: {
      ...env,
      DATABASE_URL: `postgres://lianluo:lianluo@127.0.0.1:${ports.pg}/lianluo`,
      TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
      SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    },
    db,
    async stop() {
      await db.end();
      await stopChild(stack, 30_000);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo station, village and category every benchmark submits its issues with. */
export interface DemoIssuePlace {
  station: string;
  place: string;
  category: string;
}

export async function demoIssuePlace(db: PgClient): Promise<DemoIssuePlace> {
  const { rows } = await db.query<DemoIssuePlace>(
    `SELECT s.id AS station, p.id AS place, c.id AS category FROM stations s, regions p, issue_categories c
     WHERE s.code = 'rongjiawan' AND p.code = 'chengdong' AND c.code = 'roads'`,
  );
  if (!rows[0]) throw new Error('the demo station, village or category is missing');
  return rows[0];
}

/** Submits one issue as the deputy whose token is given, with a fresh idempotency key; returns its id. */
export async function submitIssue(base: string, token: string, at: DemoIssuePlace, text: string): Promise<string> {
  const response = await fetch(`${base}/api/issues`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      stationId: at.station,
      categoryId: at.category,
      placeRegionId: at.place,
      channel: 'reception_day',
      urgency: 'normal',
      description: `城东社区道路破损，雨天积水（${text}）`,
      idempotencyKey: randomUUID(),
    }),
  });
  if (response.status !== 201) throw new Error(`submit failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function signIn(base: string, username: string): Promise<string> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'lianluo-demo' }),
  });
  if (!login.ok) throw new Error(`sign-in of ${username} failed: ${login.status} ${await login.text()}`);
  return ((await login.json()) as { accessToken: string }).accessToken;
}
