// A worker's health endpoint, and how fast a SIGKILLed worker's activity moves on: two real worker processes from
// dist/ on one task queue, real Temporal, real PostgreSQL, real SMTP. The test holds a lock on the issue's row, so the
// first worker's assignment activity waits in flight (whether it sends mail itself or records it for a deliverer) until
// the worker is killed; the lock is then released, as a database that answers again.
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { defaultIssuePolicy, ISSUE_WORKFLOW_TYPE, issueWorkflowId } from '@app/contracts';
import { queryRows, seedDemoData } from '@app/database';
import { MailCatcher } from '@app/mail';
import { freePort, registerNamespace } from '@app/stack';
import type { issueWorkflow } from '../../workflows';
import { createMigratedDatabase } from '../support/database';
import { insertReceivedIssue } from './support/received-issue';
import {
  appEnv,
  assertBuilt,
  killHard,
  startNodeProcess,
  WORKER_ENTRY,
  type NodeProcess,
} from './support/worker-process';
import { until } from '../support/until';

interface HealthBody {
  status: string;
  details: {
    worker?: {
      status: string;
      runState?: string;
      numInFlightNonLocalActivities?: number;
      numHeartbeatingActivities?: number;
    };
    temporal?: { status: string };
  };
}

describe('worker health and recovery from a killed worker', () => {
  let db: DataSource;
  let dbUrl: string;
  let mail: MailCatcher;
  let lock: PgClient | undefined;
  let connection: Connection;
  let client: Client;
  const taskQueue = `recovery-${randomUUID()}`;
  const namespace = `recovery-${randomUUID()}`;
  const workers: NodeProcess[] = [];

  async function startWorker(): Promise<{ worker: NodeProcess; health: string }> {
    const port = await freePort();
    const worker = startNodeProcess(WORKER_ENTRY, {
      ...appEnv({ databaseUrl: dbUrl, smtpUrl: mail.url, taskQueue, namespace }),
      WORKER_HEALTH_PORT: String(port),
    });
    workers.push(worker);
    return { worker, health: `http://127.0.0.1:${port}` };
  }

  async function health(base: string, path: string): Promise<{ status: number; body: HealthBody } | undefined> {
    try {
      const response = await fetch(`${base}${path}`);
      return { status: response.status, body: (await response.json()) as HealthBody };
    } catch {
      return undefined; // not listening yet
    }
  }

  beforeAll(async () => {
    assertBuilt();
    const created = await createMigratedDatabase('recovery');
    db = created.dataSource;
    dbUrl = created.url;
    await seedDemoData(db);
    mail = await new MailCatcher().start();
    await registerNamespace(process.env.TEST_TEMPORAL_ADDRESS!, namespace, '1 day');
    connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS });
    client = new Client({ connection, namespace });
  });

  afterAll(async () => {
    for (const worker of workers) await killHard(worker);
    await connection?.close();
    await lock?.end();
    await mail?.stop();
    await db?.destroy();
  });

  it('reports ready with its status, and its in-flight activity moves to the other worker within seconds of a SIGKILL', async () => {
    const first = await startWorker();
    const ready = await until(
      'worker-1 ready',
      async () => {
        const answer = await health(first.health, '/health/ready');
        return answer?.status === 200 ? answer : undefined;
      },
      90_000,
      100,
    );
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: { worker: { status: 'up', runState: 'RUNNING' }, temporal: { status: 'up' } },
    });
    expect((await health(first.health, '/health/live'))?.status).toBe(200);

    // The issue row, as the API writes it at intake.
    const { issueId } = await insertReceivedIssue(db);
    // Held FOR UPDATE: the assignment's rows reference the issue, so writing them waits for this lock.
    lock = new PgClient({ connectionString: dbUrl });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('SELECT 1 FROM issues WHERE id = $1 FOR UPDATE', [issueId]);
    await client.workflow.start<typeof issueWorkflow>(ISSUE_WORKFLOW_TYPE, {
      workflowId: issueWorkflowId(issueId),
      taskQueue,
      args: [{ issueId, urgency: 'normal', policy: defaultIssuePolicy('normal') }],
    });
    // Its health shows the waiting activity in flight and heartbeating.
    const busy = await until(
      'an activity in flight on worker-1, heartbeating',
      async () => {
        const answer = await health(first.health, '/health/ready');
        const worker = answer?.body.details.worker;
        return worker && (worker.numInFlightNonLocalActivities ?? 0) > 0 && (worker.numHeartbeatingActivities ?? 0) > 0
          ? worker
          : undefined;
      },
      60_000,
      100,
    );
    expect(busy.runState).toBe('RUNNING');

    const second = await startWorker();
    await until(
      'worker-2 ready',
      async () => ((await health(second.health, '/health/ready'))?.status === 200 ? true : undefined),
      60_000,
      100,
    );

    const killedAt = performance.now();
    await killHard(first.worker);
    await lock.query('ROLLBACK'); // the database answers again
    await until(
      'the assignment, written by worker-2',
      async () => {
        const rows = await queryRows<{ n: number }>(
          db,
          `SELECT count(*)::int AS n FROM assignments WHERE issue_id = $1 AND role = 'lead'`,
          [issueId],
        );
        return rows[0].n > 0 ? true : undefined;
      },
      60_000,
      100,
    );
    const recoveredMs = performance.now() - killedAt;
    process.stdout.write(
      `[recovery] a SIGKILLed worker's activity completed on the other worker ${Math.round(recoveredMs)} ms later\n`,
    );
    // Heartbeat timeout (5 s) + the first retry (1 s): well inside 15 s; was the 2-minute start-to-close.
    expect(recoveredMs).toBeLessThan(15_000);

    await mail.waitFor((m) => m.text.includes(issueId) && m.subject.includes('交办通知'), 60_000);
    // The killed worker is gone; the other one stays ready.
    expect(await health(first.health, '/health/live')).toBeUndefined();
    expect((await health(second.health, '/health/ready'))?.status).toBe(200);
  }, 240_000);
});
