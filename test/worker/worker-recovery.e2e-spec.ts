// A worker's health endpoint, and how fast a SIGKILLed worker's activity moves on: two real worker processes from
// dist/ on one task queue, real Temporal, real PostgreSQL; SMTP hangs for the first worker's mail, so its activity is
// in flight when it is killed, and answers again (a real SMTP catcher behind a gate) for the second worker.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { defaultIssuePolicy, ISSUE_WORKFLOW_TYPE, issueWorkflowId } from '@app/contracts';
import { queryRows, seedDemoData } from '@app/database';
import { MailCatcher } from '@app/mail';
import { findProjectRoot, freePort, registerNamespace } from '@app/stack';
import type { issueWorkflow } from '../../workflows';
import { SilentServer } from '../health/support/silent-server';
import { createMigratedDatabase } from '../support/database';

const workerEntry = join(findProjectRoot(), 'dist', 'apps', 'worker', 'src', 'main.js');

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

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('worker health and recovery from a killed worker', () => {
  let db: DataSource;
  let dbUrl: string;
  let mail: MailCatcher;
  let gate: SilentServer;
  let smtpUrl: string;
  let connection: Connection;
  let client: Client;
  const taskQueue = `recovery-${randomUUID()}`;
  const namespace = `recovery-${randomUUID()}`;
  const workers: ChildProcess[] = [];
  let output = '';

  async function startWorker(name: string): Promise<{ child: ChildProcess; health: string }> {
    const port = await freePort();
    const child = spawn(process.execPath, [workerEntry], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: dbUrl,
        SMTP_URL: smtpUrl,
        TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
        TEMPORAL_TASK_QUEUE: taskQueue,
        TEMPORAL_NAMESPACE: namespace,
        PUBLIC_URL: 'http://lianluo.test',
        WORKER_HEALTH_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => (output += `[${name}] ${c.toString()}`));
    child.stderr?.on('data', (c: Buffer) => (output += `[${name}] ${c.toString()}`));
    workers.push(child);
    return { child, health: `http://127.0.0.1:${port}` };
  }

  async function health(base: string, path: string): Promise<{ status: number; body: HealthBody } | undefined> {
    try {
      const response = await fetch(`${base}${path}`);
      return { status: response.status, body: (await response.json()) as HealthBody };
    } catch {
      return undefined; // not listening yet
    }
  }

  async function kill(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  beforeAll(async () => {
    if (!existsSync(workerEntry)) throw new Error(`${workerEntry} is missing: run "npm run build" (npm test does)`);
    const created = await createMigratedDatabase('recovery');
    db = created.dataSource;
    dbUrl = created.url;
    await seedDemoData(db);
    mail = await new MailCatcher().start();
    gate = new SilentServer();
    smtpUrl = `smtp://127.0.0.1:${await gate.start()}`;
    await registerNamespace(process.env.TEST_TEMPORAL_ADDRESS!, namespace, '1 day');
    connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS });
    client = new Client({ connection, namespace });
  });

  afterAll(async () => {
    for (const child of workers) await kill(child);
    await connection?.close();
    await gate?.stop();
    await mail?.stop();
    await db?.destroy();
  });

  it('reports ready with its status, and its in-flight activity moves to the other worker within seconds of a SIGKILL', async () => {
    const first = await startWorker('worker-1');
    const ready = await until(
      'worker-1 ready',
      async () => {
        const answer = await health(first.health, '/health/ready');
        return answer?.status === 200 ? answer : undefined;
      },
      90_000,
    );
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: { worker: { status: 'up', runState: 'RUNNING' }, temporal: { status: 'up' } },
    });
    expect((await health(first.health, '/health/live'))?.status).toBe(200);

    // The issue row, as the API writes it at intake; its assignment mail hangs on the silent SMTP server.
    const issueId = randomUUID();
    const [ids] = await queryRows<Record<string, string>>(
      db,
      `SELECT u.deputy_id AS deputy, u.id AS "user", s.id AS station, p.id AS place, p.path, t.id AS township, c.id AS category
       FROM users u, stations s, regions p, regions t, issue_categories c
       WHERE u.username = 'deputy.zhangzhiqiang' AND s.code = 'rongjiawan' AND p.code = 'chengdong'
         AND t.code = 'rongjiawan' AND c.code = 'roads'`,
      [],
    );
    await db.query(
      `INSERT INTO issues (id, idempotency_key, submitted_by_user_id, deputy_id, station_id, place_region_id,
         township_region_id, region_path, category_id, description, channel, urgency, status, workflow_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '城东社区建设路路灯损坏三个月未修', 'walk_in', 'normal', 'received', $10)`,
      [
        issueId,
        randomUUID(),
        ids.user,
        ids.deputy,
        ids.station,
        ids.place,
        ids.township,
        ids.path,
        ids.category,
        issueWorkflowId(issueId),
      ],
    );
    await client.workflow.start<typeof issueWorkflow>(ISSUE_WORKFLOW_TYPE, {
      workflowId: issueWorkflowId(issueId),
      taskQueue,
      args: [{ issueId, urgency: 'normal', policy: defaultIssuePolicy('normal') }],
    });
    // Its mail waits for the silent server's greeting; its health shows the activity in flight and heartbeating.
    await until('the assignment mail to reach the silent SMTP server', () =>
      Promise.resolve(gate.connections > 0 ? true : undefined),
    );
    const busy = await until('an activity in flight on worker-1, heartbeating', async () => {
      const answer = await health(first.health, '/health/ready');
      const worker = answer?.body.details.worker;
      return worker && (worker.numInFlightNonLocalActivities ?? 0) > 0 && (worker.numHeartbeatingActivities ?? 0) > 0
        ? worker
        : undefined;
    });
    expect(busy.runState).toBe('RUNNING');

    const second = await startWorker('worker-2');
    await until('worker-2 ready', async () =>
      (await health(second.health, '/health/ready'))?.status === 200 ? true : undefined,
    );
    gate.passTo(mail.port); // SMTP answers again, for new connections

    const killedAt = performance.now();
    await kill(first.child);
    await mail.waitFor((m) => m.text.includes(issueId) && m.subject.includes('交办通知'), 60_000);
    const recoveredMs = performance.now() - killedAt;
    process.stdout.write(
      `[recovery] a SIGKILLed worker's activity completed on the other worker ${Math.round(recoveredMs)} ms later\n`,
    );
    // Heartbeat timeout (5 s) + the first retry (1 s) + the mail: well inside 15 s; was the 2-minute start-to-close.
    expect(recoveredMs).toBeLessThan(15_000);

    const sent = await queryRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM mail_outbox WHERE issue_id = $1 AND status = 'sent'`,
      [issueId],
    );
    expect(sent[0].n).toBeGreaterThan(0);
    // The killed worker is gone; the other one stays ready.
    expect(await health(first.health, '/health/live')).toBeUndefined();
    expect((await health(second.health, '/health/ready'))?.status).toBe(200);
  }, 240_000);
});
