// An issue through HTTP as its users would take it, on the real services: PostgreSQL, the Temporal dev server, a real
// worker in process and an SMTP catcher. Intake to a closed, rated reply; resubmission; triage; reply by link.
import { Logger, ServiceUnavailableException } from '@nestjs/common';
import { chinaDay, workingDaysBetween } from '@app/calendar';
import { chinaDateOf, issueWorkflowId } from '@app/contracts';
import { loadWorkingCalendar } from '@app/database';
import { TemporalClientService } from '@app/temporal';
import { IssueWorkflowClient } from '../../apps/api/src/issues/issue-workflow.client';
import { idOf } from '../auth/support/fixtures';
import type { ErrorBody } from '../auth/support/http';
import { eventually, expectStatus, PUBLIC_URL, startIssueApp, type IssueTestApp } from './support/issue-app';
import {
  command,
  departmentEmail,
  intakeBody,
  mailsAbout,
  replyTokenIn,
  ROADS_IN_CHENGDONG,
  submit,
  untilStatus,
  userEmail,
  waitForMail,
  type CommandResult,
  type IssueView,
} from './support/issues';

const DEPUTY = 'deputy.zhangzhiqiang';
const LEAD = 'dept.jiaotong.rongjiawan';

interface Page<T> {
  items: T[];
  total: number;
}

interface InboxItem {
  assignmentId: string;
  role: string;
  status: string;
  dueAt: string;
  workingDaysLeft: number | null;
  overdue: boolean;
  issue: { id: string };
}

interface Detail extends IssueView {
  assignments: { department: { name: string }; role: string; status: string; round: number }[];
  replies: {
    replyClass: string;
    replyClassLabel: string;
    kind: string;
    department: { name: string };
    onTime: boolean;
  }[];
  feedback: { rating: string; ratingLabel: string; comment: string | null }[];
  timeline: { id: string; type: string; label: string; stepKey: string; actor: { label: string | null } | null }[];
}

describe('issues over HTTP, with a real worker', () => {
  let t: IssueTestApp;

  beforeAll(async () => {
    t = await startIssueApp({ worker: true });
  });

  afterAll(async () => {
    await t?.close();
  });

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM (${sql}) x`, params))[0].n;

  it('from intake to a satisfied rating: routed, mailed, acknowledged, replied, rated, closed', async () => {
    const created = await submit(t, ROADS_IN_CHENGDONG);
    expect(created).toMatchObject({
      status: 'received',
      statusLabel: '已登记',
      voter: { name: '李**', phone: '138****5678', masked: true },
    });

    const assigned = await untilStatus(t, DEPUTY, created.id, 'assigned');
    expect(assigned.leadDepartment?.name).toBe('荣家湾镇交通管理站');
    const leadMail = await waitForMail(t, created.id, departmentEmail('jiaotong.rongjiawan'), '交办通知');
    expect(leadMail.text).toContain(`${PUBLIC_URL}/reply?token=`);
    await waitForMail(t, created.id, departmentEmail('ziran.rongjiawan'), '协办通知');

    // The department's inbox counts the working days left on the official calendar: a normal issue has 15.
    const lead = await t.tokenOf(LEAD);
    const inbox = expectStatus<Page<InboxItem>>(await t.http.get('/api/assignments?status=new', lead), 200);
    const item = inbox.items.find((i) => i.issue.id === created.id);
    const calendar = await loadWorkingCalendar(t.db);
    expect(item).toMatchObject({ role: 'lead', status: 'assigned', overdue: false, workingDaysLeft: 15 });
    expect(workingDaysBetween(chinaDay(new Date()), chinaDay(new Date(item!.dueAt)), calendar)).toBe(15);

    const acknowledged = expectStatus<CommandResult>(await command(t, LEAD, created.id, 'acknowledge'), 200);
    expect(acknowledged.state.status).toBe('acknowledged');
    expect(acknowledged.issue.status).toBe('acknowledged');
    const again = await command(t, LEAD, created.id, 'acknowledge');
    expect(again.status).toBe(409);
    expect((again.body as unknown as ErrorBody).message).toContain('AlreadyAcknowledged');

    const replied = expectStatus<CommandResult>(
      await command(t, LEAD, created.id, 'reply', {
        replyClass: 'A',
        text: '已安排施工队修复破损路面，并疏通排水沟。',
      }),
      200,
    );
    expect(replied.state.status).toBe('awaiting_feedback');
    expect(replied.issue).toMatchObject({ status: 'awaiting_feedback', replyClass: 'A' });
    await waitForMail(t, created.id, userEmail(DEPUTY), '请评价办理结果');

    const rated = expectStatus<CommandResult>(
      await command(t, DEPUTY, created.id, 'rate', { rating: 'satisfied', comment: '路修好了，群众很满意。' }),
      200,
    );
    expect(rated.state.status).toBe('closed');
    expect(rated.issue).toMatchObject({ status: 'closed', statusLabel: '已办结', satisfaction: 'satisfied' });

    const detail = expectStatus<Detail>(await t.http.get(`/api/issues/${created.id}`, await t.tokenOf(DEPUTY)), 200);
    expect(detail.timeline.map((e) => [e.type, e.label])).toEqual([
      ['received', '登记'],
      ['assigned', '交办'],
      ['acknowledged', '签收'],
      ['replied', '答复'],
      ['co_handlers_released', '协办结束（主办已答复，未提意见）'], // the co-handler gave no input
      ['rated', '评价'],
      ['closed', '办结'],
    ]);
    const ids = detail.timeline.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    expect(detail.timeline[0].actor?.label).toBe('张志强');
    expect(detail.replies).toEqual([
      expect.objectContaining({
        replyClass: 'A',
        replyClassLabel: '已解决或基本解决',
        kind: 'reply',
        department: expect.objectContaining({ name: '荣家湾镇交通管理站' }) as unknown,
        onTime: true,
      }) as unknown,
    ]);
    expect(detail.feedback).toEqual([
      {
        round: 1,
        rating: 'satisfied',
        ratingLabel: '满意',
        comment: '路修好了，群众很满意。',
        ratedAt: expect.any(String) as unknown,
      },
    ]);
    expect(detail.assignments.map((a) => [a.department.name, a.role, a.status])).toEqual([
      ['荣家湾镇交通管理站', 'lead', 'answered'],
      ['荣家湾镇自然资源所', 'co', 'withdrawn'],
    ]);
    // The deputy who submitted sees the voter's data, and the read is logged.
    expect(detail.voter).toEqual({
      name: '李桂兰',
      phone: '13807305678',
      idNumber: '430621196505121230',
      address: '城东社区建设路12号',
      masked: false,
    });
    expect(await count(`SELECT 1 FROM data_access_log WHERE issue_id = $1`, [created.id])).toBeGreaterThan(0);
    const events = expectStatus<Detail['timeline']>(
      await t.http.get(`/api/issues/${created.id}/events`, await t.tokenOf(LEAD)),
      200,
    );
    expect(events).toEqual(detail.timeline);

    // Exactly one of each email.
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

    // The issue is closed: a reply is refused, and nothing changes.
    const late = await command(t, LEAD, created.id, 'reply', { replyClass: 'A', text: '补充答复' });
    expect(late.status).toBe(409);
    expect(await count(`SELECT 1 FROM replies WHERE issue_id = $1`, [created.id])).toBe(1);
  });

  it('a resubmission with the same idempotency key answers the same issue, with one row and one workflow', async () => {
    const token = await t.tokenOf(DEPUTY);
    const body = await intakeBody(t, ROADS_IN_CHENGDONG);
    // Two at once (a double tap): one creates, the other finds it.
    const pair = await Promise.all([1, 2].map(() => t.http.post<IssueView>('/api/issues', body, token)));
    expect(pair.map((r) => r.status).sort()).toEqual([200, 201]);
    const first = pair[0].body;
    expect(pair[1].body.id).toBe(first.id);
    const client = t.app.get(TemporalClientService).client;
    const handle = client.workflow.getHandle(issueWorkflowId(first.id));
    const { runId } = await handle.describe();

    const again = expectStatus<IssueView>(await t.http.post('/api/issues', body, token), 200);
    expect(again.id).toBe(first.id);
    expect((await handle.describe()).runId).toBe(runId);
    const changed = await t.http.post<ErrorBody>('/api/issues', { ...body, description: '另一件事' }, token);
    expect(changed.status).toBe(409);
    expect(Object.keys(changed.body.fields ?? {})).toEqual(['idempotencyKey']);

    expect(await count(`SELECT 1 FROM issues WHERE idempotency_key = $1`, [body.idempotencyKey])).toBe(1);
    expect(await count(`SELECT 1 FROM issue_events WHERE issue_id = $1 AND type = 'received'`, [first.id])).toBe(1);
    const runs = await eventually('the workflow to be listed', async () => {
      const found: string[] = [];
      for await (const execution of client.workflow.list({ query: `WorkflowId = '${issueWorkflowId(first.id)}'` })) {
        found.push(execution.runId);
      }
      return found.length ? found : undefined;
    });
    expect(runs).toEqual([runId]);
    await untilStatus(t, DEPUTY, first.id, 'assigned');
  });

  it('a submission whose workflow did not start is healed by the retry with the same key', async () => {
    const token = await t.tokenOf(DEPUTY);
    const body = await intakeBody(t, ROADS_IN_CHENGDONG);
    const workflows = t.app.get(IssueWorkflowClient);
    const original = workflows.start.bind(workflows);
    const start = jest
      .spyOn(workflows, 'start')
      .mockRejectedValueOnce(new ServiceUnavailableException('Temporal is away'))
      .mockImplementation(original);
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined); // the expected 503
    try {
      expect((await t.http.post('/api/issues', body, token)).status).toBe(503);
      const [row] = await t.db.query<{ id: string; status: string }[]>(
        `SELECT id, status FROM issues WHERE idempotency_key = $1`,
        [body.idempotencyKey],
      );
      expect(row.status).toBe('received');

      const retried = expectStatus<IssueView>(await t.http.post('/api/issues', body, token), 200);
      expect(retried.id).toBe(row.id);
      expect(start).toHaveBeenCalledTimes(2);
      await untilStatus(t, DEPUTY, row.id, 'assigned');
    } finally {
      start.mockRestore();
      logged.mockRestore();
    }
  });

  it('a category without a routing rule waits in triage until the liaison officer assigns it', async () => {
    const origin = { deputy: 'deputy.zhaoweidong', station: 'gangkou', place: 'sangang', category: 'other' };
    const created = await submit(t, origin, { description: '三港村村民反映邻里宅基地边界纠纷，希望调解。' });
    await untilStatus(t, origin.deputy, created.id, 'triage');
    await waitForMail(t, created.id, userEmail('liaison.gangkou'), '待分办');

    const lead = await idOf(t.db, 'departments', 'nongye.gangkou');
    const elsewhere = await idOf(t.db, 'departments', 'jiaotong.rongjiawan');
    expect((await command(t, 'liaison.rongjiawan', created.id, 'assign', { leadDepartmentId: lead })).status).toBe(404);
    const wrongPlace = await command(t, 'liaison.gangkou', created.id, 'assign', { leadDepartmentId: elsewhere });
    expect(wrongPlace.status).toBe(400);
    expect(Object.keys((wrongPlace.body as unknown as ErrorBody).fields ?? {})).toEqual(['leadDepartmentId']);

    const assigned = expectStatus<CommandResult>(
      await command(t, 'liaison.gangkou', created.id, 'assign', {
        leadDepartmentId: lead,
        note: '请农业综合服务中心牵头调处。',
      }),
      200,
    );
    expect(assigned.state.status).toBe('assigned');
    expect(assigned.issue.leadDepartment?.name).toBe('筻口镇农业综合服务中心');
    const mail = await waitForMail(t, created.id, departmentEmail('nongye.gangkou'), '交办通知');
    expect(mail.text).toContain('请农业综合服务中心牵头调处。');
    const twice = await command(t, 'liaison.gangkou', created.id, 'assign', { leadDepartmentId: lead });
    expect(twice.status).toBe(409);
    expect((twice.body as unknown as ErrorBody).message).toContain('NotAllowedNow');
  });

  describe('reply by the emailed link', () => {
    const uses = async (token: string) => {
      const nonce = (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { n: string }).n;
      return count(`SELECT 1 FROM reply_link_uses WHERE nonce = $1`, [nonce]);
    };

    async function linkedIssue(): Promise<{ issue: IssueView; token: string }> {
      const issue = await submit(t, ROADS_IN_CHENGDONG);
      await untilStatus(t, DEPUTY, issue.id, 'assigned');
      const mail = await waitForMail(t, issue.id, departmentEmail('jiaotong.rongjiawan'), '交办通知');
      return { issue, token: replyTokenIn(mail) };
    }

    it('answers once: a refused answer leaves the link usable, the accepted one uses it up, a second use is 410', async () => {
      const { issue, token } = await linkedIssue();
      const shown = expectStatus<{ canReply: boolean; department: { name: string }; issue: IssueView }>(
        await t.http.get(`/api/reply-links/${token}`),
        200,
      );
      expect(shown).toMatchObject({ canReply: true, department: { name: '荣家湾镇交通管理站' } });
      expect(shown.issue).toMatchObject({ id: issue.id, voter: { name: '李**', masked: true } });

      const noDate = await t.http.post<ErrorBody>(`/api/reply-links/${token}/reply`, {
        replyClass: 'B',
        text: '列入计划',
      });
      expect(noDate.status).toBe(400);
      expect(Object.keys(noDate.body.fields ?? {})).toEqual(['promisedDate']);
      // Refused by the workflow itself: the promised date must be after today.
      const today = chinaDateOf(Date.now());
      const notFuture = await t.http.post<ErrorBody>(`/api/reply-links/${token}/reply`, {
        replyClass: 'B',
        text: '列入计划',
        promisedDate: today,
      });
      expect(notFuture.status).toBe(400);
      expect(Object.keys(notFuture.body.fields ?? {})).toEqual(['promisedDate']);
      expect(await uses(token)).toBe(0);

      // Two submissions of the link at once: one reply; the other is told the link is in use (409) or, if it came
      // after the first was accepted, used (410).
      const answers = await Promise.all(
        [1, 2].map(() =>
          t.http.post<CommandResult>(`/api/reply-links/${token}/reply`, {
            replyClass: 'A',
            text: '已安排施工队修复破损路面。',
          }),
        ),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses[0]).toBe(200);
      expect([409, 410]).toContain(statuses[1]);
      const accepted = answers.find((a) => a.status === 200)!.body;
      expect(accepted.state.status).toBe('awaiting_feedback');
      expect(accepted.issue).toMatchObject({ status: 'awaiting_feedback', replyClass: 'A' });
      expect(await uses(token)).toBe(1);
      expect(await count(`SELECT 1 FROM replies WHERE issue_id = $1`, [issue.id])).toBe(1);
      const [event] = await t.db.query<{ actor_label: string; actor_user_id: string | null }[]>(
        `SELECT actor_label, actor_user_id FROM issue_events WHERE issue_id = $1 AND type = 'replied'`,
        [issue.id],
      );
      expect(event).toEqual({ actor_label: '荣家湾镇交通管理站', actor_user_id: null });

      expect((await t.http.post(`/api/reply-links/${token}/reply`, { replyClass: 'A', text: '再答' })).status).toBe(
        410,
      );
      expect((await t.http.get(`/api/reply-links/${token}`)).status).toBe(410);
      const page = await t.http.get<string>(`/reply?token=${encodeURIComponent(token)}`);
      expect(page.status).toBe(410);
      expect(page.body).toContain('此链接已使用过');
    });

    it('works in a browser: the page shows the issue, its form posts back and shows the outcome', async () => {
      const { issue, token } = await linkedIssue();
      const page = await t.http.get<string>(`/reply?token=${encodeURIComponent(token)}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.body).toContain('意见办理答复');
      expect(page.body).toContain('荣家湾镇交通管理站');
      expect(page.body).toContain(`action="/reply?token=${encodeURIComponent(token)}"`);
      expect(page.body).not.toContain('李桂兰');

      const form = (fields: Record<string, string>) =>
        t.http.request<string>('POST', `/reply?token=${encodeURIComponent(token)}`, {
          rawBody: new URLSearchParams(fields).toString(),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        });
      const refused = await form({ replyClass: 'B', text: '已列入明年计划', promisedDate: '' });
      expect(refused.status).toBe(400);
      expect(refused.body).toContain('B类答复须填写承诺办结日期');
      expect(refused.body).toContain('已列入明年计划');

      const done = await form({ replyClass: 'A', text: '已修复。', promisedDate: '' });
      expect(done.status).toBe(200);
      expect(done.body).toContain('答复已提交');
      await untilStatus(t, DEPUTY, issue.id, 'awaiting_feedback');
      const reused = await form({ replyClass: 'A', text: '已修复。' });
      expect(reused.status).toBe(410);
    });
  });
});
