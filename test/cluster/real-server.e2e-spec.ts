// The production shape: the official Temporal server (built from the Go module proxy at the pinned version, history
// and visibility in PostgreSQL), two worker processes from dist/ on one task queue, the API in process, an SMTP
// catcher. An issue goes from intake to closed over HTTP while the worker that holds it is stopped half-way, so the
// other one finishes it from the server's history; each event and each email exists once.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { issueWorkflowId } from '@app/contracts';
import {
  assertTemporalServerBuilt,
  findProjectRoot,
  postgresServerAt,
  startTemporalServer,
  stopChild,
  type RunningTemporalServer,
} from '@app/stack';
import { testServerUrl } from '../support/database';
import { eventually, expectStatus, PUBLIC_URL, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import {
  command,
  departmentEmail,
  mailsAbout,
  ROADS_IN_CHENGDONG,
  submit,
  untilStatus,
  userEmail,
  waitForMail,
  type CommandResult,
} from '../issues/support/issues';

const DEPUTY = 'deputy.zhangzhiqiang';
const LEAD = 'dept.jiaotong.rongjiawan';
const workerEntry = join(findProjectRoot(), 'dist', 'apps', 'worker', 'src', 'main.js');

/** What apps/worker/src/run-worker.ts logs as it starts to poll. */
const POLLING = 'Worker polling task queue';

interface WorkerProcess {
  child: ChildProcess;
  /** The SDK's default worker identity begins with the process id. */
  identityPrefix: string;
  output: () => string;
}

describe('the real Temporal server with two workers', () => {
  let dir: string;
  let server: RunningTemporalServer;
  let connection: Connection;
  let t: IssueTestApp;
  const workers: WorkerProcess[] = [];

  function startWorker(): WorkerProcess {
    const child = spawn(process.execPath, [workerEntry], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        // `log`, for the line that says it polls.
        LOG_LEVEL: 'log',
        DATABASE_URL: t.config.DATABASE_URL,
        SMTP_URL: t.mail.url,
        TEMPORAL_ADDRESS: server.address,
        TEMPORAL_NAMESPACE: server.namespace,
        TEMPORAL_TASK_QUEUE: t.taskQueue,
        PUBLIC_URL,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    return { child, identityPrefix: `${child.pid}@`, output: () => output };
  }

  /** The identity of each worker that ran a workflow task of this issue, in history order. */
  async function workflowTaskWorkers(handle: WorkflowHandle): Promise<string[]> {
    const history = await handle.fetchHistory();
    return (history.events ?? []).flatMap((e) =>
      e.workflowTaskStartedEventAttributes ? [e.workflowTaskStartedEventAttributes.identity ?? ''] : [],
    );
  }

  beforeAll(async () => {
    assertTemporalServerBuilt();
    if (!existsSync(workerEntry)) throw new Error(`${workerEntry} is missing: run "npm run build" (npm test does)`);
    dir = await mkdtemp(join(tmpdir(), 'lianluo-cluster-'));
    const suffix = randomBytes(4).toString('hex');
    server = await startTemporalServer({
      postgres: postgresServerAt(testServerUrl()),
      dataDir: dir,
      databases: { temporal: `cluster_temporal_${suffix}`, visibility: `cluster_visibility_${suffix}` },
    });
    connection = await Connection.connect({ address: server.address });
    t = await startIssueApp({ env: { TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: server.namespace } });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopChild(w.child, 5000)));
    await t?.close();
    await connection?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('carries an issue from intake to closed across both workers, each event and email once', async () => {
    workers.push(startWorker(), startWorker());
    // Both run before the first issue arrives. (The pollers that describeTaskQueue lists are only the root
    // partition's, where an idle worker may not show for a minute: its own "polling" line is the sure sign.)
    for (const w of workers) {
      await eventually(
        `worker ${w.identityPrefix} polling`,
        () => Promise.resolve(w.output().includes(POLLING) ? true : undefined),
        90_000,
      );
    }

    const created = await submit(t, ROADS_IN_CHENGDONG);
    await untilStatus(t, DEPUTY, created.id, 'assigned');
    await waitForMail(t, created.id, departmentEmail('jiaotong.rongjiawan'), '交办通知');
    await waitForMail(t, created.id, departmentEmail('ziran.rongjiawan'), '协办通知');

    // Once the workflow waits for the department (no task or activity pending, so no worker can pick up more of it),
    // stop the worker that ran its latest task: its cache holds the workflow. The other one must take over.
    const client = new Client({ connection, namespace: server.namespace });
    const handle = client.workflow.getHandle(issueWorkflowId(created.id));
    await eventually('the workflow to wait for the department', async () => {
      const { raw } = await handle.describe();
      return !raw.pendingWorkflowTask && (raw.pendingActivities ?? []).length === 0 ? true : undefined;
    });
    const before = await workflowTaskWorkers(handle);
    const holder = workers.find((w) => before[before.length - 1].startsWith(w.identityPrefix));
    const other = workers.find((w) => w !== holder);
    if (!holder || !other) throw new Error(`workflow tasks ran on unknown workers: ${before.join(', ')}`);
    await stopChild(holder.child, 30_000);
    expect({ code: holder.child.exitCode, output: holder.output() }).toMatchObject({ code: 0 });

    expectStatus<CommandResult>(await command(t, LEAD, created.id, 'acknowledge'), 200);
    const replied = expectStatus<CommandResult>(
      await command(t, LEAD, created.id, 'reply', { replyClass: 'A', text: '已安排施工队修复破损路面。' }),
      200,
    );
    expect(replied.state.status).toBe('awaiting_feedback');
    await waitForMail(t, created.id, userEmail(DEPUTY), '请评价办理结果');
    const rated = expectStatus<CommandResult>(
      await command(t, DEPUTY, created.id, 'rate', { rating: 'satisfied', comment: '路修好了。' }),
      200,
    );
    expect(rated.issue).toMatchObject({ status: 'closed', satisfaction: 'satisfied' });
    await waitForMail(t, created.id, userEmail(DEPUTY), '办结通知');
    await waitForMail(t, created.id, departmentEmail('jiaotong.rongjiawan'), '办结通知');

    // The second half ran on the other worker only.
    const after = (await workflowTaskWorkers(handle)).slice(before.length);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((id) => id.startsWith(other.identityPrefix))).toBe(true);

    const timeline = (
      await t.db.query<{ type: string }[]>(`SELECT type FROM issue_events WHERE issue_id = $1 ORDER BY id`, [
        created.id,
      ])
    ).map((e) => e.type);
    // The co-handler gave no input: the lead's reply released it.
    expect(timeline).toEqual([
      'received',
      'assigned',
      'acknowledged',
      'replied',
      'co_handlers_released',
      'rated',
      'closed',
    ]);
    const mails = mailsAbout(t, created.id).map((m) => `${m.to.join(',')} ${m.subject.split(' / ')[0]}`);
    expect(mails.sort()).toEqual(
      [
        `${departmentEmail('jiaotong.rongjiawan')} 【联络】交办通知 ${created.number}`,
        `${departmentEmail('ziran.rongjiawan')} 【联络】协办通知 ${created.number}`,
        `${userEmail(DEPUTY)} 【联络】请评价办理结果 ${created.number}`,
        `${departmentEmail('jiaotong.rongjiawan')} 【联络】办结通知 ${created.number}`,
        `${userEmail(DEPUTY)} 【联络】办结通知 ${created.number}`,
      ].sort(),
    );
    expect(await t.db.query(`SELECT count(*)::int AS n FROM replies WHERE issue_id = $1`, [created.id])).toEqual([
      { n: 1 },
    ]);
  }, 240_000);
});
