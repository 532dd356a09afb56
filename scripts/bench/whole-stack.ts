// A whole stack for a benchmark, as `npm start` runs it (embedded PostgreSQL, Temporal dev server, SMTP catcher,
// worker and API processes) or, with `runtime: 'cluster'`, as `npm run start:cluster` runs it (the official Temporal
// server on the same PostgreSQL, two workers, two API replicas), on free ports in a throwaway data directory, with a
// database client on it. A benchmark can start more worker and API processes of its own on the same services.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { findProjectRoot, freePort, freePortBelow, stopChild } from '@app/stack';

export type Runtime = 'dev' | 'cluster';

export interface WholeStack {
  runtime: Runtime;
  base: string;
  /** Every API replica the stack started (one on dev, two on the cluster). */
  bases: string[];
  temporalAddress: string;
  dataDir: string;
  /** The stack script's process: its children are the servers and the app processes. */
  pid: number;
  /** What the app processes need to reach the services (DATABASE_URL, TEMPORAL_ADDRESS, SMTP_URL, …). */
  appEnv: NodeJS.ProcessEnv;
  db: PgClient;
  stop(): Promise<void>;
}

export interface WholeStackOptions {
  /** `cluster`: the production shape (`--cluster`), the official Temporal server on the embedded PostgreSQL. */
  runtime?: Runtime;
  /** Added to the stack's environment and to appEnv (e.g. DEMO_WORKING_DAY_SECONDS, STACK_WORKERS). */
  env?: Record<string, string>;
}

export async function startWholeStack(
  say: (message: string) => void,
  options: WholeStackOptions = {},
): Promise<WholeStack> {
  const runtime = options.runtime ?? 'dev';
  const root = findProjectRoot();
  const dataDir = await mkdtemp(join(tmpdir(), 'lianluo-bench-'));
  await chmod(dataDir, 0o755);
  const ports = {
    api: await freePort(),
    replica: await freePort(),
    pg: await freePort(),
    // The real server keeps its ports in SMALLINT columns.
    temporal: await freePortBelow(32_767),
    smtp: await freePort(),
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LIANLUO_DATA_DIR: dataDir,
    PORT: String(ports.api),
    API_REPLICA_PORT: String(ports.replica),
    EMBEDDED_POSTGRES_PORT: String(ports.pg),
    EMBEDDED_TEMPORAL_PORT: String(ports.temporal),
    EMBEDDED_TEMPORAL_UI_PORT: String(await freePort()),
    EMBEDDED_SMTP_PORT: String(ports.smtp),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'DEMO_WORKING_DAY_SECONDS']) delete env[name];
  Object.assign(env, options.env);
  say(`starting the ${runtime} stack in ${dataDir}`);
  const args = [join(root, 'dist', 'scripts', 'stack.js'), ...(runtime === 'cluster' ? ['--cluster'] : [])];
  const stack = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
  const databaseUrl = `postgres://lianluo:lianluo@127.0.0.1:${ports.pg}/lianluo`;
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  const base = `http://127.0.0.1:${ports.api}`;
  return {
    runtime,
    base,
    bases: runtime === 'cluster' ? [base, `http://127.0.0.1:${ports.replica}`] : [base],
    temporalAddress: `127.0.0.1:${ports.temporal}`,
    dataDir,
    pid: stack.pid!,
    appEnv: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
      SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
      ...options.env,
    },
    db,
    async stop() {
      await db.end();
      await stopChild(stack, 30_000);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface AppProcess {
  pid: number;
  /** The API's base URL (APIs only). */
  base?: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts one more worker or API process from dist/ on the stack's services with `env` on top (a task queue of the
 * benchmark's own, a demo clock); resolves once the worker polls or the API answers /health.
 */
export async function startAppProcess(
  stack: WholeStack,
  kind: 'worker' | 'api',
  env: NodeJS.ProcessEnv = {},
): Promise<AppProcess> {
  const port = kind === 'api' ? await freePort() : undefined;
  const entry = join(findProjectRoot(), 'dist', 'apps', kind, 'src', 'main.js');
  const child: ChildProcess = spawn(process.execPath, [entry], {
    // `log` for the worker: its "polling" line says it is ready.
    env: { ...stack.appEnv, ...(kind === 'worker' ? { LOG_LEVEL: 'log' } : { PORT: String(port) }), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const base = port ? `http://127.0.0.1:${port}` : undefined;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} exited with ${child.exitCode}:\n${output}`);
    if (kind === 'worker' && output.includes('Worker polling task queue')) break;
    if (base && (await fetch(`${base}/health`).catch(() => null))?.ok) break;
    if (Date.now() > deadline) throw new Error(`${kind} not ready within 180 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return { pid: child.pid!, base, output: () => output, stop: () => stopChild(child, 30_000) };
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
export async function submitIssue(
  base: string,
  token: string,
  at: DemoIssuePlace,
  text: string,
  urgency: 'normal' | 'urgent' = 'normal',
): Promise<string> {
  const response = await fetch(`${base}/api/issues`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      stationId: at.station,
      categoryId: at.category,
      placeRegionId: at.place,
      channel: 'reception_day',
      urgency,
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
