// The worker process is killed mid-lifecycle (SIGKILL, no goodbye) and started again: the issue still ends in the
// right state, with exactly one of each email and each event. Real worker processes from dist/, real Temporal dev
// server, real PostgreSQL, real SMTP.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import {
  acknowledgeUpdate,
  defaultIssuePolicy,
  ISSUE_WORKFLOW_TYPE,
  issueWorkflowId,
  rateUpdate,
  replyUpdate,
} from '@app/contracts';
import { queryRows, seedDemoData } from '@app/database';
import { MailCatcher } from '@app/mail';
import { registerNamespace } from '@app/stack';
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

describe('a worker killed mid-lifecycle', () => {
  let db: DataSource;
  let dbUrl: string;
  let mail: MailCatcher;
  let connection: Connection;
  let client: Client;
  const taskQueue = `crash-${randomUUID()}`;
  // A namespace of its own: each worker process makes sure of the `lianluo-maintenance` schedule on its task queue,
  // which must not move the one test/maintenance checks in the shared namespace when the two suites run at once.
  const namespace = `crash-${randomUUID()}`;
  let worker: NodeProcess | undefined;

  function startWorker(): NodeProcess {
    return startNodeProcess(WORKER_ENTRY, appEnv({ databaseUrl: dbUrl, smtpUrl: mail.url, taskQueue, namespace }));
  }

  beforeAll(async () => {
    assertBuilt();
    const created = await createMigratedDatabase('crash');
    db = created.dataSource;
    dbUrl = created.url;
    await seedDemoData(db);
    mail = await new MailCatcher().start();
    await registerNamespace(process.env.TEST_TEMPORAL_ADDRESS!, namespace, '1 day');
    connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS });
    client = new Client({ connection, namespace });
  });

  afterAll(async () => {
    if (worker) await killHard(worker);
    await connection?.close();
    await mail?.stop();
    await db?.destroy();
  });

  const one = async <T>(sql: string, params: unknown[]): Promise<T> => (await queryRows<T>(db, sql, params))[0];

  it('ends closed, with each email and event once', async () => {
    // The issue row, as the API writes it at intake.
    const { issueId, userId } = await insertReceivedIssue(db);

    worker = startWorker();
    const handle = await client.workflow.start<typeof issueWorkflow>(ISSUE_WORKFLOW_TYPE, {
      workflowId: issueWorkflowId(issueId),
      taskQueue,
      args: [{ issueId, urgency: 'normal', policy: defaultIssuePolicy('normal') }],
    });
    const status = async () =>
      (await one<{ status: string }>(`SELECT status FROM issues WHERE id = $1`, [issueId])).status;
    await until('assignment', async () => ((await status()) === 'assigned' ? true : undefined), 90_000);
    const lead = await one<{ department_id: string }>(
      `SELECT department_id FROM assignments WHERE issue_id = $1 AND role = 'lead'`,
      [issueId],
    );

    // Killed while the issue waits for the department; the department acknowledges while no worker runs.
    await killHard(worker);
    const actor = { label: '荣家湾镇交通管理站' };
    const acknowledged = handle.executeUpdate(acknowledgeUpdate, {
      args: [{ departmentId: lead.department_id, actor }],
      updateId: 'ack-1',
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await status()).toBe('assigned');
    worker = startWorker();
    expect((await acknowledged).status).toBe('acknowledged');

    // Killed again right after the reply; the deputy's rating is taken by the third worker.
    await handle.executeUpdate(replyUpdate, {
      args: [
        {
          departmentId: lead.department_id,
          replyClass: 'A',
          text: '已更换路灯，恢复照明。',
          requestId: 'reply-1',
          actor,
        },
      ],
      updateId: 'reply-1',
    });
    await killHard(worker);
    worker = startWorker();
    await handle.executeUpdate(rateUpdate, {
      args: [{ rating: 'satisfied', actor: { userId, label: '张志强' } }],
      updateId: 'rate-1',
    });
    expect((await handle.result()).status).toBe('closed');

    const issue = await one<{ status: string; reply_class: string; satisfaction: string }>(
      `SELECT status, reply_class, satisfaction FROM issues WHERE id = $1`,
      [issueId],
    );
    expect(issue).toEqual({ status: 'closed', reply_class: 'A', satisfaction: 'satisfied' });
    const events = await queryRows<{
      type: string;
    }>(db, `SELECT type FROM issue_events WHERE issue_id = $1 ORDER BY id`, [issueId]);
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'assigned')).toHaveLength(1);
    expect(types.filter((t) => t === 'acknowledged')).toHaveLength(1);
    expect(types.filter((t) => t === 'replied')).toHaveLength(1);
    expect(types.filter((t) => t === 'rated')).toHaveLength(1);
    expect(types.filter((t) => t === 'closed')).toHaveLength(1);
    expect(await db.query(`SELECT count(*)::int AS n FROM replies WHERE issue_id = $1`, [issueId])).toEqual([{ n: 1 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM feedback WHERE issue_id = $1`, [issueId])).toEqual([
      { n: 1 },
    ]);

    // Mail goes out after the steps, from the outbox: a worker killed while sending leaves its claim to lapse
    // (LEASE_SECONDS) and another worker's deliverer sends it.
    await until(
      'every mail of the issue delivered',
      async () => {
        const [pending] = await queryRows<{ n: number }>(
          db,
          `SELECT count(*)::int AS n FROM mail_outbox WHERE issue_id = $1 AND status <> 'sent'`,
          [issueId],
        );
        return pending.n === 0 ? true : undefined;
      },
      60_000,
    );
    // Each mail once — or, where a worker died between the SMTP server's OK and recording it, again with the same
    // Message-ID and that attempt recorded `unknown` (possibly sent): never a second, different message.
    const caught = mail.list().filter((m) => m.text.includes(issueId));
    const messageId = (m: (typeof caught)[number]) => m.headers['message-id'];
    const mails = [...new Map(caught.map((m) => [messageId(m), m])).values()];
    const copies = caught.length - mails.length;
    const [unknown] = await queryRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM operations.mail_attempts a JOIN mail_outbox m ON m.id = a.mail_id
        WHERE m.issue_id = $1 AND a.outcome = 'unknown'`,
      [issueId],
    );
    expect(copies).toBeLessThanOrEqual(unknown.n);
    const bySubjectAndRecipient = mails.map((m) => `${m.subject} → ${m.to.join(',')}`);
    expect(new Set(bySubjectAndRecipient).size).toBe(bySubjectAndRecipient.length); // no second, different message
    expect(mails.filter((m) => m.subject.includes('交办通知'))).toHaveLength(1);
    expect(mails.filter((m) => m.subject.includes('协办通知'))).toHaveLength(1);
    expect(mails.filter((m) => m.subject.includes('请评价'))).toHaveLength(1);
    // The closing notice goes to the lead department and to the deputy: one each.
    expect(mails.filter((m) => m.subject.includes('办结通知'))).toHaveLength(2);
  }, 240_000);
});
