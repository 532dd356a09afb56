// What must hold across replicas, on the cluster shape `npm run start:cluster` runs: the official Temporal server on
// PostgreSQL, two worker processes and two API processes from dist/, all started at the same instant on one database.
// (a) a supervisor's live queue on replica B hears an issue submitted through replica A (LISTEN/NOTIFY, not memory);
// (b) one Idempotency-Key sent to both replicas at once makes one issue and one workflow, both answers naming it,
//     never a 5xx; (c) the schedules are ensured in one place (the workers, one at a time): one schedule each, each
//     reception schedule run once at its creation, and no process logs an error or a warning.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { MAINTENANCE_SCHEDULE_ID, issueWorkflowId, receptionScheduleId } from '@app/contracts';
import { DEMO_PASSWORD, seedDemoData } from '@app/database';
import { MailCatcher } from '@app/mail';
import {
  assertTemporalServerBuilt,
  findProjectRoot,
  freePort,
  postgresServerAt,
  startTemporalServer,
  stopChild,
  type RunningTemporalServer,
} from '@app/stack';
import { idOf } from '../auth/support/fixtures';
import { eventually } from '../issues/support/issue-app';
import { createMigratedDatabase, testServerUrl } from '../support/database';
import { SseClient } from '../supervision/support/sse';

const dist = join(findProjectRoot(), 'dist', 'apps');
const WORKER = join(dist, 'worker', 'src', 'main.js');
const API = join(dist, 'api', 'src', 'main.js');
/** What apps/worker/src/run-worker.ts logs as it starts to poll. */
const POLLING = 'Worker polling task queue';
const KEYS = 20;

interface Proc {
  name: string;
  child: ChildProcess;
  output: () => string;
}

describe('two API replicas and two workers on the real Temporal server', () => {
  let dir: string;
  let server: RunningTemporalServer;
  let connection: Connection;
  let client: Client;
  let db: DataSource;
  let mail: MailCatcher;
  const procs: Proc[] = [];
  const replicas: string[] = [];
  const taskQueue = `replicas-${randomUUID()}`;

  function start(name: string, entry: string, env: Record<string, string>): Proc {
    const child = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const proc = { name, child, output: () => output };
    procs.push(proc);
    return proc;
  }

  async function login(base: string, username: string): Promise<string> {
    const response = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    if (!response.ok) throw new Error(`login ${username} on ${base}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  async function submit(base: string, token: string, body: object): Promise<{ status: number; id?: string }> {
    const response = await fetch(`${base}/api/issues`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { id?: string };
    return { status: response.status, id: answer.id };
  }

  async function intakeBody(key: string): Promise<object> {
    return {
      stationId: await idOf(db, 'stations', 'rongjiawan'),
      categoryId: await idOf(db, 'issue_categories', 'roads'),
      placeRegionId: await idOf(db, 'regions', 'chengdong'),
      channel: 'reception_day',
      urgency: 'normal',
      description: `城东社区建设路路面破损，雨天积水（${key}）`,
      idempotencyKey: key,
    };
  }

  beforeAll(async () => {
    assertTemporalServerBuilt();
    for (const entry of [WORKER, API]) {
      if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" (npm test does)`);
    }
    dir = await mkdtemp(join(tmpdir(), 'lianluo-replicas-'));
    const suffix = randomBytes(4).toString('hex');
    const created = await createMigratedDatabase('replicas');
    db = created.dataSource;
    [server, mail] = await Promise.all([
      startTemporalServer({
        postgres: postgresServerAt(testServerUrl()),
        dataDir: dir,
        databases: { temporal: `replicas_temporal_${suffix}`, visibility: `replicas_visibility_${suffix}` },
      }),
      new MailCatcher().start(),
      seedDemoData(db),
    ]);
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection, namespace: server.namespace });

    // As `npm start` runs them (development, so that the API would reconcile schedules if it still did), with a
    // secret of their own: the development-secret warning would hide the warnings this suite looks for.
    const env = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'log',
      JWT_SECRET: randomBytes(24).toString('hex'),
      DATABASE_URL: created.url,
      SMTP_URL: mail.url,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: server.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      PUBLIC_URL: 'http://lianluo.test',
      RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
    };
    const ports = [await freePort(), await freePort()];
    replicas.push(...ports.map((port) => `http://127.0.0.1:${port}`));
    // All four at the same instant, as a deployment's rollout starts them.
    start('worker-1', WORKER, env);
    start('worker-2', WORKER, env);
    start('api-1', API, { ...env, PORT: String(ports[0]) });
    start('api-2', API, { ...env, PORT: String(ports[1]) });
    for (const w of procs.filter((p) => p.name.startsWith('worker'))) {
      await eventually(`${w.name} polling`, () => Promise.resolve(w.output().includes(POLLING) || undefined), 90_000);
    }
    for (const base of replicas) {
      await eventually(
        `${base} healthy`,
        async () => ((await fetch(`${base}/health`).catch(() => null))?.ok ? true : undefined),
        90_000,
      );
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => stopChild(p.child, 10_000)));
    await connection?.close();
    await server?.stop();
    await mail?.stop();
    await db?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ensures the schedules in one place: one each, each reception schedule run once, no error or warning', async () => {
    const stations = await db.query<{ id: string }[]>(`SELECT id FROM stations WHERE reception_rule IS NOT NULL`);
    expect(stations.length).toBeGreaterThan(0);
    await client.schedule.getHandle(MAINTENANCE_SCHEDULE_ID).describe();
    for (const { id } of stations) {
      const { info } = await client.schedule.getHandle(receptionScheduleId(id)).describe();
      // Created and triggered by one worker; a second creator would have triggered it again (run or skipped).
      expect({ id, runs: info.numActionsTaken + info.numActionsSkippedOverlap }).toEqual({ id, runs: 1 });
    }
    const all = procs.map((p) => p.output()).join('\n');
    expect(all.match(/Created schedule "lianluo-maintenance"/g)).toHaveLength(1);
    expect(all.match(/Created \d+ missing reception schedule/g)).toHaveLength(1);
    // Nest prints the level in capitals; the SDK's own logs say ERROR/WARN too.
    const complaints = all.split('\n').filter((line) => /\b(ERROR|WARN)\b/.test(line));
    expect(complaints).toEqual([]);
  });

  it('pushes an issue submitted through replica A to a supervisor connected to replica B', async () => {
    const [a, b] = replicas;
    const supervisor = await login(b, 'supervisor.rongjiawan');
    const stream = await SseClient.open(
      `${b}/api/supervision/events?access_token=${supervisor}&types=received,assigned`,
    );
    try {
      expect(stream.status).toBe(200);
      await stream.next((e) => e.type === 'ready');
      const deputy = await login(a, 'deputy.zhangzhiqiang');
      const submitted = await submit(a, deputy, await intakeBody(`live-${randomUUID()}`));
      expect(submitted.status).toBe(201);
      const seen = await stream.next(
        (e) => e.type === 'issue_event' && (e.data as { issueId: string }).issueId === submitted.id,
        30_000,
      );
      expect(seen.data).toMatchObject({
        issueId: submitted.id,
        regionPath: 'yueyang/yueyang-county/rongjiawan/chengdong',
      });
    } finally {
      await stream.close();
    }
  });

  it('makes one issue and one workflow of one key sent to both replicas at the same instant', async () => {
    const [a, b] = replicas;
    const token = await login(a, 'deputy.zhangzhiqiang');
    const ids: string[] = [];
    for (let round = 0; round < KEYS; round++) {
      const body = await intakeBody(`twice-${round}-${randomUUID()}`);
      const answers = await Promise.all([submit(a, token, body), submit(b, token, body)]);
      // One created it (201), the other found it (200); never a 5xx, never two issues.
      expect(answers.map((x) => x.status).sort()).toEqual([200, 201]);
      expect(answers[0].id).toBeDefined();
      expect(answers[1].id).toBe(answers[0].id);
      ids.push(answers[0].id!);
    }
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM issues WHERE idempotency_key LIKE 'twice-%'`,
    );
    expect(n).toBe(KEYS);

    // Each workflow ran its intake once: assigned, one 'assigned' event, one lead assignment email.
    await eventually(
      'every issue assigned',
      async () => {
        const [{ assigned }] = await db.query<{ assigned: number }[]>(
          `SELECT count(*)::int AS assigned FROM issues WHERE id = ANY($1::uuid[]) AND status = 'assigned'`,
          [ids],
        );
        return assigned === KEYS ? true : undefined;
      },
      90_000,
    );
    const events = await db.query<{ type: string; n: number }[]>(
      `SELECT type, count(*)::int AS n FROM issue_events WHERE issue_id = ANY($1::uuid[]) GROUP BY type ORDER BY type`,
      [ids],
    );
    expect(events).toEqual([
      { type: 'assigned', n: KEYS },
      { type: 'received', n: KEYS },
    ]);
    for (const id of ids) {
      const { runId, raw } = await client.workflow.getHandle(issueWorkflowId(id)).describe();
      // One run: the first run of its id is this one (a second start would have been refused, not chained).
      expect(raw.workflowExecutionInfo?.firstRunId ?? runId).toBe(runId);
    }
    const executions = await eventually(
      'visibility to list the workflows',
      async () => {
        const query = `WorkflowId IN (${ids.map((id) => `'${issueWorkflowId(id)}'`).join(', ')})`;
        const { count } = await client.workflow.count(query);
        return count >= KEYS ? count : undefined;
      },
      30_000,
    );
    expect(executions).toBe(KEYS);
  });
});
