// The two intake yardsticks the benchmarks share: issues per second through the HTTP API until each is assigned and
// its lead department's email accepted by SMTP, and, on the same Temporal server, a bare workflow's start-and-complete
// rate (start + one trivial activity + complete), so that intake can be read against what the server itself sustains.
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { demoIssuePlace, percentile, signIn, submitIssue } from './whole-stack';

export interface Rate {
  /** Per second. */
  rate: number;
  p50: number;
  p95: number;
  max: number;
  lost: number;
}

/** Runs `run` over `items`, `concurrency` at a time. */
export async function pool<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

/** Ids of the issues among `ids` whose lead assignment email was sent, with when. */
export async function assignedAndMailed(db: PgClient, ids: string[]): Promise<{ issue_id: string; sent_at: Date }[]> {
  return (
    await db.query<{ issue_id: string; sent_at: Date }>(
      `SELECT issue_id, sent_at FROM mail_outbox WHERE status = 'sent' AND dedupe_key LIKE '%:r1:assigned:lead:%'
       AND issue_id = ANY($1::uuid[])`,
      [ids],
    )
  ).rows;
}

/**
 * Submits `n` issues, `concurrency` at a time, spread over the API `bases` in turn; measures until every one is
 * assigned and mailed (or `timeoutMs` passed: the rest are counted lost).
 */
export async function measureIntake(input: {
  bases: string[];
  db: PgClient;
  n: number;
  concurrency: number;
  progress?: (done: number) => void;
  timeoutMs?: number;
}): Promise<Rate> {
  const { bases, db, n, concurrency } = input;
  const token = await signIn(bases[0], 'deputy.zhangzhiqiang');
  const place = await demoIssuePlace(db);
  for (const base of bases) await submitIssue(base, token, place, 'warm-up');
  const started = new Map<string, number>();
  const t0 = Date.now();
  await pool(
    Array.from({ length: n }, (_, i) => i),
    concurrency,
    async (i) => {
      const at = Date.now();
      started.set(await submitIssue(bases[i % bases.length], token, place, `bench ${i}`), at);
    },
  );
  const deadline = Date.now() + (input.timeoutMs ?? 300_000);
  let done: { issue_id: string; sent_at: Date }[] = [];
  while (Date.now() < deadline) {
    done = await assignedAndMailed(db, [...started.keys()]);
    input.progress?.(done.length);
    if (done.length >= n) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const latencies = done.map((row) => row.sent_at.getTime() - started.get(row.issue_id)!).sort((a, b) => a - b);
  const last = Math.max(...done.map((row) => row.sent_at.getTime()));
  return {
    rate: (done.length / (last - t0)) * 1000,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies[latencies.length - 1],
    lost: n - done.length,
  };
}

/** The bare start-and-complete rate of `n` workflows on the server at `address`, with a worker in this process. */
export async function measureBare(address: string, n: number, concurrency: number): Promise<Rate> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already: a second runtime measured in the same process.
  }
  const taskQueue = `bench-bare-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('./bare.workflow'),
    activities: { touch: (id: string) => Promise.resolve(id) },
  });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const running = worker.run();
  try {
    await client.workflow.execute('bareWorkflow', { taskQueue, workflowId: `warm-${randomUUID()}`, args: ['warm'] });
    const latencies: number[] = [];
    const t0 = Date.now();
    await pool(
      Array.from({ length: n }, (_, i) => i),
      concurrency,
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
    return {
      rate: (n / elapsed) * 1000,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      max: latencies[latencies.length - 1],
      lost: 0,
    };
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await nativeConnection.close();
  }
}
