// Issue #17 with real processes from dist/ (npm run build first), the production timings, the Temporal dev server,
// PostgreSQL with the migrations, an SMTP catcher: an issue saved without its workflow gets it from the worker's
// intake reconciler within INTAKE_RECONCILE_BOUND_S, with no client action; and an API sent SIGTERM while
// submissions arrive answers each one (201, or 503 with Retry-After, or refuses the connection) and leaves every
// saved issue with its workflow.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { INTAKE_RECONCILE_BOUND_S, issueWorkflowId } from '@app/contracts';
import { queryRows, seedDemoData } from '@app/database';
import { MailCatcher } from '@app/mail';
import { findProjectRoot, freePort, registerNamespace } from '@app/stack';
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

const apiEntry = join(findProjectRoot(), 'dist', 'apps', 'api', 'src', 'main.js');
const DEPUTY = 'deputy.zhangzhiqiang';

describe('intake with real processes: the reconciler and a graceful API shutdown', () => {
  let db: DataSource;
  let dbUrl: string;
  let mail: MailCatcher;
  let connection: Connection;
  let client: Client;
  const taskQueue = `intake-${randomUUID()}`;
  // A namespace of its own: the worker processes make sure of the `lianluo-maintenance` schedule, which must not
  // move the one another suite checks in the shared namespace.
  const namespace = `intake-${randomUUID()}`;
  const processes: NodeProcess[] = [];

  function start(entry: string, env: Record<string, string> = {}): NodeProcess {
    const proc = startNodeProcess(entry, {
      ...appEnv({ databaseUrl: dbUrl, smtpUrl: mail.url, taskQueue, namespace }),
      ...env,
    });
    processes.push(proc);
    return proc;
  }

  async function workflowOf(issueId: string): Promise<boolean> {
    try {
      await client.workflow.getHandle(issueWorkflowId(issueId)).describe();
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => (await queryRows<T>(db, sql, params))[0];

  beforeAll(async () => {
    for (const entry of [apiEntry, WORKER_ENTRY]) assertBuilt(entry);
    const created = await createMigratedDatabase('intake');
    db = created.dataSource;
    dbUrl = created.url;
    await seedDemoData(db);
    mail = await new MailCatcher().start();
    await registerNamespace(process.env.TEST_TEMPORAL_ADDRESS!, namespace, '1 day');
    connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS });
    client = new Client({ connection, namespace });
  });

  afterAll(async () => {
    for (const proc of processes) await killHard(proc);
    await connection?.close();
    await mail?.stop();
    await db?.destroy();
  });

  it(`gives an issue saved without its workflow one within ${INTAKE_RECONCILE_BOUND_S} s, with no client action`, async () => {
    const worker = start(WORKER_ENTRY);
    // The issue row as the API writes it at intake, and then nothing: the API died before starting the workflow.
    const { issueId, savedAt } = await insertReceivedIssue(db, DEPUTY);

    await until('the workflow to be started', async () => ((await workflowOf(issueId)) ? true : undefined), 60_000);
    const { startedAt } = await one<{ startedAt: Date }>(`SELECT now() AS "startedAt"`);
    expect(startedAt.getTime() - savedAt.getTime()).toBeLessThanOrEqual(INTAKE_RECONCILE_BOUND_S * 1000);
    await until(
      'the issue to be assigned',
      async () => {
        const { status } = await one<{ status: string }>(`SELECT status FROM issues WHERE id = $1`, [issueId]);
        return status === 'assigned' ? true : undefined;
      },
      90_000,
    );
    expect(worker.output()).toContain(`Started the workflow of issue ${issueId}`);
  });

  it('an API sent SIGTERM under submissions answers each and leaves every saved issue with its workflow', async () => {
    const port = await freePort();
    const api = start(apiEntry, { PORT: String(port), HOST: '127.0.0.1' });
    const base = `http://127.0.0.1:${port}`;
    const token = await until(
      'the API to sign in',
      async () => {
        try {
          const response = await fetch(`${base}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: DEPUTY, password: 'lianluo-demo' }),
          });
          return response.ok ? ((await response.json()) as { accessToken: string }).accessToken : undefined;
        } catch {
          return undefined; // not listening yet
        }
      },
      60_000,
    );
    const refs = await one<{ stationId: string; categoryId: string; placeRegionId: string }>(
      `SELECT (SELECT id FROM stations WHERE code = 'rongjiawan') AS "stationId",
              (SELECT id FROM issue_categories WHERE code = 'roads') AS "categoryId",
              (SELECT id FROM regions WHERE code = 'chengdong') AS "placeRegionId"`,
    );

    type Answer = { status: number; retryAfter: string | null } | { error: string };
    const answers: Answer[] = [];
    let refused = 0;
    const submitOnce = async (): Promise<void> => {
      try {
        const response = await fetch(`${base}/api/issues`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            ...refs,
            channel: 'reception_day',
            urgency: 'normal',
            description: '城东社区建设路路面破损严重，雨天积水，群众出行不便，希望尽快修复。',
            idempotencyKey: randomUUID(),
          }),
        });
        await response.arrayBuffer();
        answers.push({ status: response.status, retryAfter: response.headers.get('retry-after') });
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
        answers.push({ error: code });
        if (code === 'ECONNREFUSED') refused += 1;
      }
    };
    // Four clients submit in a loop until the API refuses connections.
    const submitter = async (): Promise<void> => {
      while (refused < 4) await submitOnce();
    };
    const submitters = Promise.all([submitter(), submitter(), submitter(), submitter()]);
    await until('a few submissions', () => Promise.resolve(answers.length >= 8 ? true : undefined), 60_000);
    api.child.kill('SIGTERM');
    const exit = await api.exited;
    await submitters;
    expect(exit.signal ?? exit.code).toBe('SIGTERM');
    expect(api.output()).not.toMatch(/Could not start the workflow/);

    // Every answer is a success, a 503 with Retry-After, or no connection at all (the client knows to resend).
    for (const answer of answers) {
      if ('error' in answer) {
        expect(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET']).toContain(answer.error);
      } else if (answer.status !== 201) {
        expect(answer).toEqual({ status: 503, retryAfter: '5' });
      }
    }
    const created = answers.filter((a) => 'status' in a && a.status === 201).length;
    const rows = await queryRows<{ id: string }>(
      db,
      `SELECT id FROM issues WHERE submitted_by_user_id = (
      SELECT id FROM users WHERE username = $1)`,
      [DEPUTY],
    );
    // The shutdown let every submission it took finish with its workflow started: none needs the reconciler.
    expect(rows.length).toBeGreaterThanOrEqual(created);
    for (const row of rows) expect(await workflowOf(row.id)).toBe(true);
  });
});
