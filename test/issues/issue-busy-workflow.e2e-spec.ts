// What a department sees when the issue's workflow cannot answer at once (issue #21 item 2): a stopped worker gets a
// prompt 503 with Retry-After and a body that says what happened, and the resend with the same Idempotency-Key is
// carried out once; a reply the workflow accepted but holds back (received just after the deadline, it waits for the
// overdue step, which waits COMMAND_ADMISSION_MS for commands in flight) answers 202 and is judged on its receipt.
// Through HTTP with a real worker and the demo clock (3 s per working day, replies due in 4 working days).
import { COMMAND_ADMISSION_MS } from '@app/contracts';
import type { ErrorBody } from '../auth/support/http';
import { COMPLETION_WAIT_MS } from '../../apps/api/src/issues/issue-workflow.client';
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
  accepted: { command: string; updateId: string; receivedAt: string };
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

  it('a stopped worker: 503 at once with Retry-After and what happened; the resend is carried out once', async () => {
    const issue = await assignedIssue();
    await t.stopWorker();
    const headers = { 'Idempotency-Key': `busy-${issue.id}` };

    const sent = Date.now();
    const refused = await command(t, LEAD, issue.id, 'reply', REPLY, headers);
    const tookMs = Date.now() - sent;
    const body = refused.body as unknown as ErrorBody;
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(body.message).toMatch(
      /did not take the command in time \(its worker or the workflow service is busy or stopped\)/,
    );
    expect(body.message).toMatch(/same Idempotency-Key/);
    expect(tookMs).toBeLessThan(COMMAND_ADMISSION_MS + 3000); // not the 30 s of a bare timeout
    expect(await repliesOf(issue.id)).toEqual([]);

    await t.startWorker();
    const resent = await command(t, LEAD, issue.id, 'reply', REPLY, headers);
    expect([200, 202]).toContain(resent.status);
    // Carried out: the issue moves on to the deputy's rating; sending the same request again changes nothing.
    await untilStatus(t, WATER_IN_QINGSHUI.deputy, issue.id, 'awaiting_feedback');
    const again = await command(t, LEAD, issue.id, 'reply', REPLY, headers);
    expect(again.status).toBe(200);
    const replies = await repliesOf(issue.id);
    expect(replies).toHaveLength(1);
    // Judged at the resend's receipt (the reply's instant), whichever side of the deadline a busy machine put it.
    expect(replies[0].on_time).toBe(replies[0].replied_at.getTime() <= Date.parse(issue.dueAt!));
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
      expect(answer.headers.get('location')).toBe(`/api/issues/${issue.id}`);
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
