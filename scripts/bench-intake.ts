// `npm run bench:intake [-- --issues N --concurrency C]`: submits N issues through the HTTP API of a whole stack
// (embedded PostgreSQL, Temporal dev server, SMTP catcher, worker and API processes, as `npm start` runs them)
// and measures issues per second until each is assigned and its lead department's email accepted, with p50/p95
// latency; then, on the same Temporal server, the rate of a bare workflow start-and-complete. Prints every
// figure and the ratio (target: intake ≥ half the bare rate) and checks that no issue was lost.
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { demoIssuePlace, percentile, signIn, startWholeStack, submitIssue } from './bench/whole-stack';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const N = option('issues', 200);
const CONCURRENCY = option('concurrency', 16);

function say(message: string): void {
  process.stdout.write(`[bench:intake] ${message}\n`);
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
  const stack = await startWholeStack(say);
  try {
    const intake = await benchIntake(stack.base, stack.db);
    const bare = await benchBare(stack.temporalAddress);
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
    await stack.stop();
  }
}

async function benchIntake(base: string, db: PgClient) {
  const accessToken = await signIn(base, 'deputy.zhangzhiqiang');
  const ids = await demoIssuePlace(db);

  say(`warming up`);
  await submitIssue(base, accessToken, ids, 'warm-up');
  const started = new Map<string, number>();
  const t0 = Date.now();
  say(`submitting ${N} issues`);
  await pool(
    Array.from({ length: N }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      const at = Date.now();
      const id = await submitIssue(base, accessToken, ids, `bench ${i}`);
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
