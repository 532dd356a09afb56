// The worker's activities against real PostgreSQL (real migrations, demo data) and a real SMTP server:
// each does its work once, however often Temporal retries it. The activities record mail in the outbox; the worker
// context's deliverer sends it, so the suite waits for the outbox rows to be sent before reading the mailbox.
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { issueWorkflowId } from '@app/contracts';
import { queryRows, seedDemoData } from '@app/database';
import { MailCatcher } from '@app/mail';
import { IssueActivitiesService } from '../../apps/worker/src/issues/issue-activities.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { eventually } from '../issues/support/issue-app';
import { createMigratedDatabase } from '../support/database';

const AT = '2026-09-24T02:00:00.000Z'; // Thursday 10:00 in China

describe('issue activities', () => {
  let db: DataSource;
  let mail: MailCatcher;
  let app: INestApplicationContext;
  let activities: IssueActivitiesService;

  beforeAll(async () => {
    const created = await createMigratedDatabase('activities');
    db = created.dataSource;
    await seedDemoData(db);
    mail = await new MailCatcher().start();
    process.env.DATABASE_URL = created.url;
    process.env.SMTP_URL = mail.url;
    process.env.PUBLIC_URL = 'http://lianluo.test';
    app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'] });
    activities = app.get(IssueActivitiesService);
  });

  afterAll(async () => {
    await app?.close();
    await mail?.stop();
    await db?.destroy();
  });

  /** The issue's outbox rows (`expected` of them) once all are sent, then the mails the catcher got about it. */
  async function deliveredAbout(issueId: string, expected?: number) {
    await eventually('the outbox rows to be sent', async () => {
      const [row] = await queryRows<{ total: number; sent: number }>(
        db,
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'sent')::int AS sent
           FROM mail_outbox WHERE issue_id = $1`,
        [issueId],
      );
      return row.total > 0 && row.sent === row.total && (expected === undefined || row.total === expected)
        ? true
        : undefined;
    });
    return mail.list().filter((m) => m.text.includes(issueId));
  }

  const idOf = async (table: string, code: string): Promise<string> =>
    (await queryRows<{ id: string }>(db, `SELECT id FROM ${table} WHERE code = $1`, [code]))[0].id;

  async function insertIssue(village: string, category: string): Promise<string> {
    const id = randomUUID();
    const [place] = await queryRows<{
      id: string;
      path: string;
    }>(db, `SELECT id, path FROM regions WHERE code = $1`, [village]);
    const [deputy] = await queryRows<{
      id: string;
      deputy_id: string;
    }>(db, `SELECT id, deputy_id FROM users WHERE username = 'deputy.zhangzhiqiang'`);
    await db.query(
      `INSERT INTO issues (id, idempotency_key, submitted_by_user_id, deputy_id, station_id, place_region_id,
         township_region_id, region_path, category_id, description, channel, urgency, status, workflow_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '村口道路破损，雨天积水，群众出行不便', 'reception_day', 'normal',
         'received', $10)`,
      [
        id,
        randomUUID(),
        deputy.id,
        deputy.deputy_id,
        await idOf('stations', 'rongjiawan'),
        place.id,
        await idOf('regions', 'rongjiawan'),
        place.path,
        await idOf('issue_categories', category),
        issueWorkflowId(id),
      ],
    );
    return id;
  }

  it('routes by the most specific rule, and to triage when none matches', async () => {
    const roads = await insertIssue('chengdong', 'roads');
    expect(await activities.routeIssue({ issueId: roads })).toEqual({
      leadDepartmentId: await idOf('departments', 'jiaotong.rongjiawan'),
      coHandlerDepartmentIds: [await idOf('departments', 'ziran.rongjiawan')],
      ruleKey: expect.any(String) as string,
    });
    // 筻口镇 has no rule for "other", and the county has no default for it.
    expect(await activities.routeIssue({ issueId: await insertIssue('sangang', 'other') })).toBeNull();
  });

  it('counts deadlines on the official calendar, across National Day and the make-up Saturday', async () => {
    // From Thursday 2026-09-24: 15 working days skip 09-25..27 (Mid-Autumn) and 10-01..07, count Saturday 10-10.
    const [due, reminder] = await activities.computeDeadlines({ fromInstant: AT, workingDays: [15, -1] });
    expect(due).toBe('2026-10-22T15:59:59.999Z');
    expect(reminder).toBe('2026-09-23T15:59:59.999Z');
  });

  it('assigns once and mails each department once, however often it is retried', async () => {
    const issueId = await insertIssue('chengdong', 'roads');
    const lead = await idOf('departments', 'jiaotong.rongjiawan');
    const co = await idOf('departments', 'ziran.rongjiawan');
    const input = {
      issueId,
      stepKey: 'r1:assigned',
      round: 1,
      reason: 'routed' as const,
      leadDepartmentId: lead,
      coHandlerDepartmentIds: [co],
      dueAt: '2026-10-22T15:59:59.999Z',
      coHandlerDueAt: '2026-10-15T15:59:59.999Z',
    };
    await activities.assignDepartments(input);
    await activities.assignDepartments(input); // a retry

    const rows = await queryRows<{ role: string; status: string; due_at: Date }>(
      db,
      `SELECT role, status, due_at FROM assignments WHERE issue_id = $1 ORDER BY role DESC`,
      [issueId],
    );
    expect(rows.map((r) => [r.role, r.status, r.due_at.toISOString()])).toEqual([
      ['lead', 'assigned', '2026-10-22T15:59:59.999Z'],
      ['co', 'assigned', '2026-10-15T15:59:59.999Z'],
    ]);
    const mails = await deliveredAbout(issueId, 2);
    expect(mails).toHaveLength(2);
    const leadMail = mails.find((m) => m.to.includes('jiaotong.rongjiawan@demo.lianluo.local'));
    expect(leadMail?.subject).toContain('交办通知');
    expect(leadMail?.text).toContain('2026-10-22 23:59');
    expect(leadMail?.text).toMatch(/http:\/\/lianluo\.test\/reply\?token=v1\./);
    expect(leadMail?.text).not.toContain('English'); // a department's mailbox: Chinese only
    const coMail = mails.find((m) => m.to.includes('ziran.rongjiawan@demo.lianluo.local'));
    expect(coMail?.subject).toContain('协办通知');
    expect(coMail?.text).not.toContain('/reply?token=');
  });

  it('on reassignment withdraws what the new set does not hold, by department and role', async () => {
    const issueId = await insertIssue('chengdong', 'roads');
    const a = await idOf('departments', 'jiaotong.rongjiawan');
    const b = await idOf('departments', 'ziran.rongjiawan');
    const base = { issueId, round: 1, dueAt: '2026-10-22T15:59:59.999Z', coHandlerDueAt: '2026-10-15T15:59:59.999Z' };
    await activities.assignDepartments({
      ...base,
      stepKey: 'r1:assigned',
      reason: 'routed',
      leadDepartmentId: a,
      coHandlerDepartmentIds: [b],
    });
    // The co-handler becomes the lead.
    await activities.assignDepartments({
      ...base,
      stepKey: 'update:reassign-1',
      reason: 'reassigned',
      leadDepartmentId: b,
      coHandlerDepartmentIds: [],
      coHandlerDueAt: null,
    });
    const rows = await queryRows<{ code: string; role: string; status: string }>(
      db,
      `SELECT d.code, a.role, a.status FROM assignments a JOIN departments d ON d.id = a.department_id
       WHERE a.issue_id = $1 ORDER BY d.code, a.role`,
      [issueId],
    );
    expect(rows).toEqual([
      { code: 'jiaotong.rongjiawan', role: 'lead', status: 'withdrawn' },
      { code: 'ziran.rongjiawan', role: 'co', status: 'withdrawn' },
      { code: 'ziran.rongjiawan', role: 'lead', status: 'assigned' },
    ]);
  });

  it('ends what an earlier round left open when a second handling starts: one deadline, the current round’s', async () => {
    const issueId = await insertIssue('chengdong', 'roads');
    const lead = await idOf('departments', 'jiaotong.rongjiawan');
    const co = await idOf('departments', 'ziran.rongjiawan');
    const departments = { leadDepartmentId: lead, coHandlerDepartmentIds: [co] };
    await activities.assignDepartments({
      issueId,
      round: 1,
      stepKey: 'r1:assigned',
      reason: 'routed',
      ...departments,
      dueAt: '2026-10-22T15:59:59.999Z',
      coHandlerDueAt: '2026-10-15T15:59:59.999Z',
    });
    // Round 1's co-handler never answered (a run from before co-handlers were released on the lead's reply).
    await db.query(`UPDATE assignments SET status = 'answered' WHERE issue_id = $1 AND role = 'lead'`, [issueId]);
    await activities.assignDepartments({
      issueId,
      round: 2,
      stepKey: 'r2:assigned',
      reason: 'rehandling',
      ...departments,
      dueAt: '2026-11-20T15:59:59.999Z',
      coHandlerDueAt: '2026-11-13T15:59:59.999Z',
    });
    const open = await queryRows<{ round: number; role: string; due: string }>(
      db,
      `SELECT round, role, to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS due FROM assignments
        WHERE issue_id = $1 AND status IN ('assigned', 'acknowledged') ORDER BY role DESC`,
      [issueId],
    );
    expect(open).toEqual([
      { round: 2, role: 'lead', due: '2026-11-20' },
      { round: 2, role: 'co', due: '2026-11-13' },
    ]);
  });

  it('releases the co-handlers that gave no input when the lead replied without them', async () => {
    const issueId = await insertIssue('chengdong', 'roads');
    const lead = await idOf('departments', 'jiaotong.rongjiawan');
    const [silent, answered] = [
      await idOf('departments', 'ziran.rongjiawan'),
      await idOf('departments', 'shuili.rongjiawan'),
    ];
    await activities.assignDepartments({
      issueId,
      round: 1,
      stepKey: 'r1:assigned',
      reason: 'routed',
      leadDepartmentId: lead,
      coHandlerDepartmentIds: [silent, answered],
      dueAt: '2026-10-22T15:59:59.999Z',
      coHandlerDueAt: '2026-10-15T15:59:59.999Z',
    });
    await db.query(`UPDATE assignments SET status = 'answered' WHERE issue_id = $1 AND department_id = $2`, [
      issueId,
      answered,
    ]);
    const release = {
      issueId,
      stepKey: 'r1:co-handlers-released',
      type: 'co_handlers_released' as const,
      at: AT,
      status: 'awaiting_feedback' as const,
      patch: {},
      data: { departmentIds: [silent], reason: 'lead_replied_without_input' },
    };
    await activities.recordTransition(release);
    await activities.recordTransition(release); // a retry
    const rows = await queryRows<{ department_id: string; role: string; status: string }>(
      db,
      `SELECT department_id, role, status FROM assignments WHERE issue_id = $1 ORDER BY role DESC, status`,
      [issueId],
    );
    expect(rows).toEqual([
      { department_id: lead, role: 'lead', status: 'assigned' },
      { department_id: answered, role: 'co', status: 'answered' },
      { department_id: silent, role: 'co', status: 'withdrawn' },
    ]);
  });

  it('records a transition once: the event, the row and the reply, however often it is retried', async () => {
    const issueId = await insertIssue('chengdong', 'roads');
    const lead = await idOf('departments', 'jiaotong.rongjiawan');
    await activities.assignDepartments({
      issueId,
      stepKey: 'r1:assigned',
      round: 1,
      reason: 'routed',
      leadDepartmentId: lead,
      coHandlerDepartmentIds: [],
      dueAt: '2026-10-22T15:59:59.999Z',
      coHandlerDueAt: null,
    });
    const reply = {
      issueId,
      stepKey: 'update:req-1',
      type: 'replied' as const,
      at: '2026-10-20T03:00:00.000Z',
      status: 'awaiting_feedback' as const,
      patch: { replyClass: 'A' as const, repliedAt: '2026-10-20T03:00:00.000Z' },
      actor: { label: '荣家湾镇交通管理站' },
      data: { replyClass: 'A', text: '已安排施工队修复路面。', requestId: 'req-1' },
    };
    await activities.recordTransition(reply);
    await activities.recordTransition(reply);

    const events = await queryRows<{ step_key: string; type: string; actor_label: string }>(
      db,
      `SELECT step_key, type, actor_label FROM issue_events WHERE issue_id = $1`,
      [issueId],
    );
    expect(events).toEqual([{ step_key: 'update:req-1', type: 'replied', actor_label: '荣家湾镇交通管理站' }]);
    const [issue] = await queryRows<{
      status: string;
      reply_class: string;
      first_replied_at: Date;
      last_replied_at: Date;
    }>(db, `SELECT status, reply_class, first_replied_at, last_replied_at FROM issues WHERE id = $1`, [issueId]);
    expect(issue.status).toBe('awaiting_feedback');
    expect(issue.reply_class).toBe('A');
    expect(issue.first_replied_at.toISOString()).toBe('2026-10-20T03:00:00.000Z');
    const replies = await queryRows<unknown>(
      db,
      `SELECT kind, reply_class, on_time, text FROM replies WHERE issue_id = $1`,
      [issueId],
    );
    expect(replies).toEqual([{ kind: 'reply', reply_class: 'A', on_time: true, text: '已安排施工队修复路面。' }]);
    const [assignment] = await queryRows<{
      status: string;
    }>(db, `SELECT status FROM assignments WHERE issue_id = $1`, [issueId]);
    expect(assignment.status).toBe('answered');

    const rating = {
      issueId,
      stepKey: 'update:rate-1',
      type: 'rated' as const,
      at: '2026-10-21T03:00:00.000Z',
      status: 'awaiting_feedback' as const,
      patch: { rating: 'satisfied' as const },
      data: { rating: 'satisfied' },
    };
    await activities.recordTransition(rating);
    await activities.recordTransition(rating);
    expect(await db.query(`SELECT round, rating FROM feedback WHERE issue_id = $1`, [issueId])).toEqual([
      { round: 1, rating: 'satisfied' },
    ]);
  });

  it('moves the lead assignment to an extended deadline, so a reply within the extension is on time', async () => {
    const issueId = await insertIssue('chengdong', 'roads');
    await activities.assignDepartments({
      issueId,
      stepKey: 'r1:assigned',
      round: 1,
      reason: 'routed',
      leadDepartmentId: await idOf('departments', 'jiaotong.rongjiawan'),
      coHandlerDepartmentIds: [],
      dueAt: '2026-10-22T15:59:59.999Z',
      coHandlerDueAt: null,
    });
    await activities.recordTransition({
      issueId,
      stepKey: 'update:extend-1',
      type: 'extended',
      at: '2026-10-21T03:00:00.000Z',
      status: 'assigned',
      patch: { dueAt: '2026-10-29T15:59:59.999Z' },
      actor: { label: '县人大常委会联络工委' },
      data: { reason: '需协调县交通运输局', extraWorkingDays: 5 },
    });
    await activities.recordTransition({
      issueId,
      stepKey: 'update:reply-late-but-extended',
      type: 'replied',
      at: '2026-10-27T03:00:00.000Z',
      status: 'awaiting_feedback',
      patch: { replyClass: 'A', repliedAt: '2026-10-27T03:00:00.000Z' },
      data: { replyClass: 'A', text: '已修复。', requestId: 'r-ext' },
    });
    const [issue] = await queryRows<{ due_at: Date }>(db, `SELECT due_at FROM issues WHERE id = $1`, [issueId]);
    expect(issue.due_at.toISOString()).toBe('2026-10-29T15:59:59.999Z');
    expect(await db.query(`SELECT on_time FROM replies WHERE issue_id = $1`, [issueId])).toEqual([{ on_time: true }]);
  });

  it('notifies the people each kind goes to, once per step', async () => {
    const issueId = await insertIssue('chengdong', 'other');
    const input = {
      issueId,
      stepKey: 'intake:triage',
      kind: 'triage_needed' as const,
      round: 1,
      departmentIds: [],
      data: { reason: 'no_rule' },
    };
    await activities.notify(input);
    await activities.notify(input);
    const mails = await deliveredAbout(issueId);
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.every((m) => m.subject.includes('待分办'))).toBe(true);
    // one message per liaison officer of 荣家湾镇 (or above), none twice
    const recipients = mails.flatMap((m) => m.to);
    expect(new Set(recipients).size).toBe(recipients.length);
    const [{ n }] = await queryRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM mail_outbox WHERE issue_id = $1 AND status = 'sent'`,
      [issueId],
    );
    expect(n).toBe(mails.length);
  });
});
