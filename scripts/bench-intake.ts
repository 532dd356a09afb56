// `npm run bench:intake [-- --issues N --concurrency C]`: submits N issues through the HTTP API of a whole stack
// (embedded PostgreSQL, Temporal dev server, SMTP catcher, worker and API processes, as `npm start` runs them)
// and measures issues per second until each is assigned and its lead department's email accepted, with p50/p95
// latency; then, on the same Temporal server, the rate of a bare workflow start-and-complete. Prints every
// figure and the ratio (target: intake ≥ half the bare rate) and checks that no issue was lost.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { findProjectRoot, freePort, stopChild } from '@app/stack';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const N = option('issues', 200);
const CONCURRENCY = option('concurrency', 16);
const root = findProjectRoot();

function say(message: string): void {
  process.stdout.write(`[bench:intake] ${message}\n`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function pool<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

async function main(): Promise<void> {
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
  };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL']) delete env[name];
  say(`starting the stack in ${dataDir}`);
  const stack = spawn(process.execPath, [join(root, 'dist', 'scripts', 'stack.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
    stack.once('exit', (code) => reject(new Error(`stack exited with ${code}:\n${output}`)));
  });
  const base = `http://127.0.0.1:${ports.api}`;
  const db = new PgClient({ connectionString: `postgres://lianluo:lianluo@127.0.0.1:${ports.pg}/lianluo` });
  await db.connect();
  try {
    const intake = await benchIntake(base, db);
    const bare = await benchBare(`127.0.0.1:${ports.temporal}`);
    const ratio = intake.rate / bare.rate;
    say('');
    say(
      `intake     : ${N} issues, concurrency ${CONCURRENCY}: ${intake.rate.toFixed(1)} issues/s until assigned and mailed`,
    );
    say(`             latency p50 ${intake.p50} ms, p95 ${intake.p95} ms, max ${intake.max} ms; lost: ${intake.lost}`);
    say(
      `bare       : ${N} workflows (start + 1 activity + complete), concurrency ${CONCURRENCY}: ${bare.rate.toFixed(1)} workflows/s`,
    );
    say(`             latency p50 ${bare.p50} ms, p95 ${bare.p95} ms`);
    say(`ratio      : intake / bare = ${ratio.toFixed(2)} (target ≥ 0.50) → ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
    if (intake.lost > 0) process.exitCode = 1;
  } finally {
    await db.end();
    await stopChild(stack, 30_000);
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function benchIntake(base: string, db: PgClient) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'deputy.zhangzhiqiang', password: 'lianluo-demo' }),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const ids = (
    await db.query<{ station: string; place: string; category: string }>(
      `SELECT s.id AS station, p.id AS place, c.id AS category FROM stations s, regions p, issue_categories c
       WHERE s.code = 'rongjiawan' AND p.code = 'chengdong' AND c.code = 'roads'`,
    )
  ).rows[0];

  say(`warming up`);
  await submit(base, accessToken, ids, 'warm-up');
  const started = new Map<string, number>();
  const t0 = Date.now();
  say(`submitting ${N} issues`);
  await pool(
    Array.from({ length: N }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      const at = Date.now();
      const id = await submit(base, accessToken, ids, `bench ${i}`);
      started.set(id, at);
    },
  );
  // Done = the lead department's assignment email accepted by SMTP (outbox row sent).
  const deadline = Date.now() + 300_000;
  let done: { issue_id: string; sent_at: Date }[] = [];
  while (Date.now() < deadline) {
    done = (
      await db.query<{ issue_id: string; sent_at: Date }>(
        `SELECT issue_id, sent_at FROM mail_outbox WHERE status = 'sent' AND dedupe_key LIKE '%:r1:assigned:lead:%'
         AND issue_id = ANY($1::uuid[])`,
        [[...started.keys()]],
      )
    ).rows;
    process.stdout.write(`\r[bench:intake] assigned and mailed: ${done.length}/${N}   `);
    if (done.length >= N) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  process.stdout.write('\n');
  const latencies = done.map((row) => row.sent_at.getTime() - started.get(row.issue_id)!).sort((a, b) => a - b);
  const last = Math.max(...done.map((row) => row.sent_at.getTime()));
  return {
    rate: (done.length / (last - t0)) * 1000,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies[latencies.length - 1],
    lost: N - done.length,
  };
}

async function submit(
  base: string,
  token: string,
  ids: { station: string; place: string; category: string },
  text: string,
): Promise<string> {
  const response = await fetch(`${base}/api/issues`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      stationId: ids.station,
      categoryId: ids.category,
      placeRegionId: ids.place,
      channel: 'reception_day',
      urgency: 'normal',
      description: `城东社区道路破损，雨天积水（${text}）`,
      idempotencyKey: randomUUID(),
    }),
  });
  if (response.status !== 201) throw new Error(`submit failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function benchBare(address: string) {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const taskQueue = `bench-bare-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('./bench/bare.workflow'),
    activities: { touch: (id: string) => Promise.resolve(id) },
  });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const running = worker.run();
  try {
    say(`bare workflows: warming up`);
    await client.workflow.execute('bareWorkflow', { taskQueue, workflowId: `warm-${randomUUID()}`, args: ['warm'] });
    const latencies: number[] = [];
    const t0 = Date.now();
    await pool(
      Array.from({ length: N }, (_, i) => i),
      CONCURRENCY,
      async (i) => {
        const at = Date.now();
        await client.workflow.execute('bareWorkflow', {
          taskQueue,
          workflowId: `bare-${i}-${randomUUID()}`,
          args: [String(i)],
        });
        latencies.push(Date.now() - at);
      },
    );
    const elapsed = Date.now() - t0;
    latencies.sort((a, b) => a - b);
    return { rate: (N / elapsed) * 1000, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await nativeConnection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:intake] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
