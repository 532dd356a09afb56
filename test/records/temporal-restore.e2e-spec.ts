// Backups that restore, in the cluster profile (issue #16, item 5): the state of the system is Lianluo's rows AND
// Temporal's histories and timers. An issue is taken to `assigned` on the real Temporal server (history and visibility
// in PostgreSQL), everything is stopped, the three databases are backed up and restored into a fresh PostgreSQL server,
// and a new server, worker and API on the restored databases carry the same workflow run on to closed over HTTP:
// each event and mail once, the record chains intact, and the rates those of the original.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { backupSystem, restoreSystem } from '@app/backup';
import { issueWorkflowId } from '@app/contracts';
import { verifyRecords } from '@app/records';
import {
  assertTemporalServerBuilt,
  freePort,
  postgresServerAt,
  startTemporalServer,
  type RunningTemporalServer,
} from '@app/stack';
import { testServerUrl } from '../support/database';
import { startPostgresProcess, type PostgresProcess } from '../support/postgres-process';
import { eventually, expectStatus, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import {
  command,
  departmentEmail,
  mailsAbout,
  ROADS_IN_CHENGDONG,
  submit,
  untilStatus,
  userEmail,
  waitForMail,
} from '../issues/support/issues';

const DEPUTY = 'deputy.zhangzhiqiang';
const LEAD = 'dept.jiaotong.rongjiawan';
const YEAR = new Date().getUTCFullYear();
const RATES = `/api/supervision/rates?region=yueyang-county&from=${YEAR}-01-01&to=${YEAR + 1}-01-01`;

/** What a supervisor reads: every count and rate of the county this year (the answer's other fields name the query). */
async function rates(t: IssueTestApp): Promise<unknown> {
  const body = expectStatus<Record<string, unknown>>(await t.http.get(RATES, await t.tokenOf('admin')), 200);
  const { counts, rates: figures } = body;
  expect(counts).toBeDefined();
  return { counts, rates: figures };
}

/**
 * Sends a command and returns once the workflow applied it. Straight after the restore the workflow's first task may
 * still be offered to the stopped worker's sticky queue (recorded in the restored history) until that times out and
 * the new worker replays the history cold; under load that can outlast the API's wait, and the command is then
 * answered 202 "saved" and carried out by the receipt reconciler, as a user would see it.
 */
async function carriedOut(t: IssueTestApp, username: string, issueId: string, action: string, body?: unknown) {
  const response = await command(t, username, issueId, action, body);
  if (response.status === 200) return;
  const { accepted } = expectStatus<{ accepted: { outcomeUrl: string } }>(response as never, 202);
  const token = await t.tokenOf(username);
  await eventually(
    `the ${action} to be applied`,
    async () => {
      const outcome = await t.http.get<{ status: string }>(accepted.outcomeUrl, token);
      if (outcome.body.status === 'rejected') throw new Error(`${action} rejected: ${JSON.stringify(outcome.body)}`);
      return outcome.body.status === 'applied' ? true : undefined;
    },
    120_000,
  );
}

async function verified(url: string) {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    return await verifyRecords(client);
  } finally {
    await client.end();
  }
}

async function workflowRun(server: RunningTemporalServer, issueId: string) {
  const connection = await Connection.connect({ address: server.address });
  try {
    const handle = new Client({ connection, namespace: server.namespace }).workflow.getHandle(issueWorkflowId(issueId));
    const { runId, status, raw } = await handle.describe();
    return {
      runId,
      status: status.name,
      idle: !raw.pendingWorkflowTask && (raw.pendingActivities ?? []).length === 0,
      timers: (await handle.fetchHistory()).events?.filter((e) => e.timerStartedEventAttributes).length ?? 0,
    };
  } finally {
    await connection.close();
  }
}

describe('a backup of Lianluo and Temporal restored into a fresh server', () => {
  let work: string;
  let fresh: PostgresProcess | undefined;
  let server: RunningTemporalServer | undefined;
  let t: IssueTestApp | undefined;

  afterAll(async () => {
    await t?.close();
    await server?.stop();
    await fresh?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('carries the same workflow run on from the restored databases, each event and mail once', async () => {
    assertTemporalServerBuilt();
    work = await mkdtemp(join(tmpdir(), 'lianluo-temporal-restore-'));
    await chmod(work, 0o755); // as root, the fresh server runs as `postgres` and must reach its data folder
    const suffix = randomBytes(4).toString('hex');
    const source = { temporal: `restore_temporal_${suffix}`, visibility: `restore_visibility_${suffix}` };
    // The original: Temporal on the shared test PostgreSQL (databases of its own), the API and a worker in process.
    const [original, freshServer] = await Promise.all([
      startTemporalServer({
        postgres: postgresServerAt(testServerUrl()),
        dataDir: join(work, 'temporal-1'),
        databases: source,
      }),
      freePort().then((port) => startPostgresProcess(join(work, 'pg'), port)),
    ]);
    server = original;
    fresh = freshServer;
    t = await startIssueApp({
      worker: true,
      env: { TEMPORAL_ADDRESS: original.address, TEMPORAL_NAMESPACE: original.namespace },
    });
    const taskQueue = t.taskQueue;
    const lianluoUrl = t.config.DATABASE_URL;

    const created = await submit(t, ROADS_IN_CHENGDONG);
    await untilStatus(t, DEPUTY, created.id, 'assigned');
    await waitForMail(t, created.id, departmentEmail('jiaotong.rongjiawan'), '交办通知');
    await waitForMail(t, created.id, departmentEmail('ziran.rongjiawan'), '协办通知');
    // Backed up while it waits for the department: nothing in flight, its deadline timers pending.
    const before = await eventually('the workflow to wait for the department', async () => {
      const run = await workflowRun(original, created.id);
      return run.idle ? run : undefined;
    });
    expect(before).toMatchObject({ status: 'RUNNING' });
    expect(before.timers).toBeGreaterThan(0);
    const originalRates = await rates(t);

    await t.close();
    t = undefined;
    await original.stop();
    server = undefined;

    const dir = join(work, 'backup');
    const server1 = postgresServerAt(testServerUrl());
    const manifest = await backupSystem(
      {
        lianluo: lianluoUrl,
        temporal: { temporal: server1.urlFor(source.temporal), visibility: server1.urlFor(source.visibility) },
      },
      dir,
    );
    expect(manifest.databases.map((d) => d.role)).toEqual(['lianluo', 'temporal', 'temporal_visibility']);

    // The cluster profile's names, on a server that has never seen any of it.
    const target = { lianluo: 'lianluo', temporal: 'temporal', visibility: 'temporal_visibility' };
    for (const name of Object.values(target)) await fresh.createDatabase(name);
    const restoredUrl = fresh.urlFor(target.lianluo);
    await restoreSystem(dir, {
      lianluo: restoredUrl,
      temporal: { temporal: fresh.urlFor(target.temporal), visibility: fresh.urlFor(target.visibility) },
    });
    expect((await verified(restoredUrl)).problems).toEqual([]);

    const restored = await startTemporalServer({
      postgres: fresh,
      dataDir: join(work, 'temporal-2'),
      databases: { temporal: target.temporal, visibility: target.visibility },
    });
    server = restored;
    expect(await workflowRun(restored, created.id)).toMatchObject({ runId: before.runId, status: 'RUNNING' });
    t = await startIssueApp({
      worker: true,
      taskQueue,
      env: {
        DATABASE_URL: restoredUrl,
        TEMPORAL_ADDRESS: restored.address,
        TEMPORAL_NAMESPACE: restored.namespace,
      },
    });
    const app = t;
    expect(await rates(app)).toEqual(originalRates);

    await carriedOut(app, LEAD, created.id, 'acknowledge');
    await carriedOut(app, LEAD, created.id, 'reply', { replyClass: 'A', text: '已安排施工队修复破损路面。' });
    await untilStatus(app, DEPUTY, created.id, 'awaiting_feedback');
    await waitForMail(app, created.id, userEmail(DEPUTY), '请评价办理结果');
    await carriedOut(app, DEPUTY, created.id, 'rate', { rating: 'satisfied', comment: '路修好了。' });
    const closed = await untilStatus(app, DEPUTY, created.id, 'closed');
    expect(closed).toMatchObject({ satisfaction: 'satisfied' });
    await waitForMail(app, created.id, userEmail(DEPUTY), '办结通知');
    await waitForMail(app, created.id, departmentEmail('jiaotong.rongjiawan'), '办结通知');
    await eventually('the workflow to complete', async () => {
      const run = await workflowRun(restored, created.id);
      return run.status === 'COMPLETED' ? run : undefined;
    }).then((run) => expect(run.runId).toBe(before.runId));

    const db = new PgClient({ connectionString: restoredUrl });
    await db.connect();
    try {
      const events = await db.query<{ type: string }>(`SELECT type FROM issue_events WHERE issue_id = $1 ORDER BY id`, [
        created.id,
      ]);
      expect(events.rows.map((e) => e.type)).toEqual([
        'received',
        'assigned',
        'acknowledged',
        'replied',
        'co_handlers_released',
        'rated',
        'closed',
      ]);
      // Every mail of the issue is in the restored outbox once, and the new catcher got only those sent after the
      // restore: the assignment mails were not sent again.
      const outbox = await db.query<{ mail: string; status: string }>(
        `SELECT array_to_string(recipients, ',') || ' ' || split_part(subject, ' / ', 1) AS mail, status
           FROM mail_outbox WHERE issue_id = $1`,
        [created.id],
      );
      expect(outbox.rows.map((row) => `${row.mail}: ${row.status}`).sort()).toEqual(
        [
          `${departmentEmail('jiaotong.rongjiawan')} 【联络】交办通知 ${created.number}`,
          `${departmentEmail('ziran.rongjiawan')} 【联络】协办通知 ${created.number}`,
          `${userEmail(DEPUTY)} 【联络】请评价办理结果 ${created.number}`,
          `${departmentEmail('jiaotong.rongjiawan')} 【联络】办结通知 ${created.number}`,
          `${userEmail(DEPUTY)} 【联络】办结通知 ${created.number}`,
        ]
          .map((mail) => `${mail}: sent`)
          .sort(),
      );
    } finally {
      await db.end();
    }
    const mails = mailsAbout(app, created.id).map((m) => `${m.to.join(',')} ${m.subject.split(' / ')[0]}`);
    expect(mails.sort()).toEqual(
      [
        `${userEmail(DEPUTY)} 【联络】请评价办理结果 ${created.number}`,
        `${departmentEmail('jiaotong.rongjiawan')} 【联络】办结通知 ${created.number}`,
        `${userEmail(DEPUTY)} 【联络】办结通知 ${created.number}`,
      ].sort(),
    );
    const report = await verified(restoredUrl);
    expect(report.problems).toEqual([]);
  }, 300_000);
});
