// What a department sees when the issue's workflow cannot answer at once (issue #21 item 2, issue #11 defect 1): with
// the worker stopped, a reply is saved at its first receipt and answered 202 at once with a body that says so; a resend
// with the same key keeps the first receipt; the worker's receipt reconciler delivers it when the worker returns, with
// no client action, judged at that receipt, and the deadline step that came due meanwhile waits for it (no overdue, no
// escalation mail). A reply the workflow accepted but holds back (received just after the deadline, it waits for the
// overdue step) answers 202 "accepted" and is judged on its receipt.
// Through HTTP with a real worker and the demo clock (3 s per working day, replies due in 4 working days).
import { COMMAND_ADMISSION_MS } from '@app/contracts';
import type { ErrorBody } from '../auth/support/http';
import { COMPLETION_WAIT_MS } from '../../apps/api/src/issues/issue-workflow.client';
import { until } from '../support/until';
import { eventually, expectStatus, startIssueApp, type IssueTestApp } from './support/issue-app';
import { command, submit, untilStatus, type IssueView, type Origin } from './support/issues';

const WATER_IN_QINGSHUI: Origin = {
  deputy: 'deputy.zhouguoping',
  station: 'qingshui',
  place: 'qingshui',
  category: 'water',
};
const LEAD = 'dept.shuili.yueyangxian';
const REPLY = { replyClass: 'A', text: '已维修供水管网，水压恢复正常。' };

interface Accepted {
  accepted: {
    command: string;
    updateId: string;
    receivedAt: string;
    stage: 'saved' | 'accepted';
    outcomeUrl: string;
    message: string;
  };
  issue: IssueView;
}

describe('a reply while the issue’s workflow is busy or stopped', () => {
  let t: IssueTestApp;

  beforeAll(async () => {
    t = await startIssueApp({
      worker: true,
      env: { DEMO_WORKING_DAY_SECONDS: '3', DEADLINE_NORMAL_WORKING_DAYS: '4' },
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  async function assignedIssue(): Promise<IssueView> {
    const issue = await submit(t, WATER_IN_QINGSHUI, { description: '清水村自来水水压不足，高处农户经常停水。' });
    return untilStatus(t, WATER_IN_QINGSHUI.deputy, issue.id, 'assigned');
  }

  const repliesOf = async (issueId: string) =>
    t.db.query<{ on_time: boolean; replied_at: Date }[]>(
      `SELECT on_time, replied_at FROM replies WHERE issue_id = $1 ORDER BY replied_at`,
      [issueId],
    );

  it('a reply saved before the deadline while the worker is stopped is on time, with no overdue or escalation', async () => {
    const issue = await assignedIssue();
    const dueAt = Date.parse(issue.dueAt!);
    await t.stopWorker();
    const key = `busy-${issue.id}`;
    const headers = { 'Idempotency-Key': key };

    // Before the deadline: the workflow cannot take it (no worker), so it is saved and answered 202 at once.
    const sent = Date.now();
    const saved = await command(t, LEAD, issue.id, 'reply', REPLY, headers);
    expect(Date.now() - sent).toBeLessThan(COMMAND_ADMISSION_MS + 3000); // not the 30 s of a bare timeout
    const body = expectStatus<Accepted>(saved as never, 202);
    const receivedAt = body.accepted.receivedAt;
    expect(Date.parse(receivedAt)).toBeLessThan(dueAt);
    expect(body.accepted).toMatchObject({
      command: 'reply',
      stage: 'saved',
      outcomeUrl: `/api/issues/${issue.id}/commands/${key}`,
    });
    expect(body.accepted.message).toContain(`Saved, received at ${receivedAt}`);
    expect(body.accepted.message).toMatch(/will be carried out as received at that instant, without a resend/);
    expect(saved.headers.get('location')).toBe(body.accepted.outcomeUrl);
    const token = await t.tokenOf(LEAD);
    const pending = await t.http.request<{ status: string; receivedAt: string }>('GET', body.accepted.outcomeUrl, {
      token,
    });
    expect(pending.body).toMatchObject({ status: 'pending', receivedAt });
    // Someone else cannot read it.
    const other = await t.http.request('GET', body.accepted.outcomeUrl, {
      token: await t.tokenOf('supervisor.yueyangxian'),
    });
    expect(other.status).toBe(404);
    expect(await repliesOf(issue.id)).toEqual([]);

    // The deadline and its step's admission wait pass with the worker away; the client resends with the same key.
    await until(
      'the deadline step to come due',
      () => (Date.now() > dueAt + COMMAND_ADMISSION_MS + 1000 ? true : undefined),
      60_000,
    );
    const resent = expectStatus<Accepted>((await command(t, LEAD, issue.id, 'reply', REPLY, headers)) as never, 202);
    expect(resent.accepted).toMatchObject({ stage: 'saved', receivedAt }); // the first receipt, not this one
    // The same key with another body is refused, naming the key; nothing is saved for it.
    const other409 = await command(t, LEAD, issue.id, 'reply', { ...REPLY, text: '另一个答复' }, headers);
    expect(other409.status).toBe(409);
    expect((other409.body as unknown as ErrorBody).message).toContain(
      `Idempotency-Key (${key}) was used for another request`,
    );

    // The worker returns: its receipt reconciler delivers the reply with no client action, judged at its receipt.
    await t.startWorker();
    const [reply] = await eventually('the saved reply to be delivered', async () => {
      const rows = await repliesOf(issue.id);
      return rows.length > 0 ? rows : undefined;
    });
    expect(reply.on_time).toBe(true);
    expect(reply.replied_at.toISOString()).toBe(receivedAt);
    await untilStatus(t, WATER_IN_QINGSHUI.deputy, issue.id, 'awaiting_feedback');
    const applied = await eventually('the outcome to be applied', async () => {
      const answer = await t.http.request<{ status: string }>('GET', body.accepted.outcomeUrl, { token });
      return answer.body.status === 'applied' ? answer.body : undefined;
    });
    expect(applied).toMatchObject({ status: 'applied', receivedAt, outcome: { status: 'awaiting_feedback' } });

    // Nothing about a deadline was done or mailed: the step waited for the reply received before it.
    const events = await t.db.query<{ type: string }[]>(
      `SELECT type FROM issue_events WHERE issue_id = $1 ORDER BY id`,
      [issue.id],
    );
    expect(events.map((event) => event.type)).not.toEqual(expect.arrayContaining(['overdue']));
    expect(events.map((event) => event.type)).not.toEqual(expect.arrayContaining(['escalated']));
    const deadlineMail = await t.db.query<{ subject: string }[]>(
      `SELECT subject FROM mail_outbox WHERE issue_id = $1 AND (subject LIKE '%逾期通知%' OR subject LIKE '%督办通知%')`,
      [issue.id],
    );
    expect(deadlineMail).toEqual([]);

    // The same request again answers the outcome and changes nothing.
    const again = await command(t, LEAD, issue.id, 'reply', REPLY, headers);
    expect(again.status).toBe(200);
    expect(await repliesOf(issue.id)).toHaveLength(1);
  });

  it('a reply received just after the deadline waits for the overdue step: 202, then recorded late after it', async () => {
    const issue = await assignedIssue();
    const dueAt = Date.parse(issue.dueAt!);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt - Date.now() + 50))); // the deadline passes

    const sent = Date.now();
    const answer = await command(t, LEAD, issue.id, 'reply', REPLY);
    expect(Date.now() - sent).toBeLessThan(COMPLETION_WAIT_MS + 3000);
    // 202 unless this machine took over COMMAND_ADMISSION_MS − COMPLETION_WAIT_MS to stamp and send the reply.
    expect([200, 202]).toContain(answer.status);
    if (answer.status === 202) {
      const accepted = expectStatus<Accepted>(answer as never, 202);
      expect(accepted.accepted).toMatchObject({ command: 'reply', receivedAt: expect.any(String) as string });
      expect(Date.parse(accepted.accepted.receivedAt)).toBeGreaterThan(dueAt);
      expect(accepted.accepted.stage).toBe('accepted');
      expect(answer.headers.get('location')).toBe(accepted.accepted.outcomeUrl);
    }

    const [reply] = await eventually('the reply to be recorded', async () => {
      const rows = await repliesOf(issue.id);
      return rows.length > 0 ? rows : undefined;
    });
    expect(reply.on_time).toBe(false);
    const events = await t.db.query<{ type: string }[]>(
      `SELECT type FROM issue_events WHERE issue_id = $1 AND type IN ('overdue', 'replied') ORDER BY id`,
      [issue.id],
    );
    expect(events.map((event) => event.type)).toEqual(['overdue', 'replied']);
  });
});
