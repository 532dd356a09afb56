// Merging a repeated issue into another (重复件合并, issue #15 item 4) over HTTP, on the real services and a worker in
// process: the merged issue closes as merged and points at the other; the other's reply and closing reach the merged
// issue's deputy by mail; the figures leave the merged issue out, on the fast path and the plain reading alike.
import { chinaDateOf } from '@app/contracts';
import { referenceCountsQuery, type MetricScope } from '@app/metrics';
import { idOf } from '../auth/support/fixtures';
import type { ErrorBody } from '../auth/support/http';
import { expectStatus, startIssueApp, type IssueTestApp } from './support/issue-app';
import {
  command,
  departmentEmail,
  ROADS_IN_CHENGDONG,
  submit,
  untilStatus,
  userEmail,
  waitForMail,
  type CommandResult,
} from './support/issues';

const SUPERVISOR = 'supervisor.rongjiawan';
const LEAD = 'dept.jiaotong.rongjiawan';
const OTHER_DEPUTY = 'deputy.wangxiuying';

interface Detail {
  id: string;
  number: string;
  status: string;
  mergedInto: { id: string; number: string } | null;
  mergedIssues: { id: string; number: string }[];
  timeline: { type: string; label: string }[];
}
interface Rates {
  counts: Record<string, { value: number }>;
  rates: Record<string, { numerator: number; denominator: number }>;
}

describe('merging a repeated issue into another', () => {
  let t: IssueTestApp;

  beforeAll(async () => {
    t = await startIssueApp({ worker: true });
  });

  afterAll(async () => {
    await t?.close();
  });

  const detail = async (id: string, username = SUPERVISOR) =>
    expectStatus<Detail>(await t.http.get(`/api/issues/${id}`, await t.tokenOf(username)), 200);

  const today = chinaDateOf(Date.now());
  const tomorrow = chinaDateOf(Date.now() + 24 * 60 * 60 * 1000);
  const rates = async () =>
    expectStatus<Rates>(
      await t.http.get(
        `/api/supervision/rates?region=chengdong&from=${today}&to=${tomorrow}`,
        await t.tokenOf(SUPERVISOR),
      ),
      200,
    );
  /** The same figures read straight from the records (the reference path), for the same scope and period. */
  const reference = async () => {
    const [region] = await t.db.query<{ id: string; path: string }[]>(`SELECT id, path FROM regions WHERE id = $1`, [
      await idOf(t.db, 'regions', 'chengdong'),
    ]);
    const scope: MetricScope = { kind: 'region', id: region.id, path: region.path, level: 'village' };
    const query = referenceCountsQuery(scope, { from: today, to: tomorrow }, new Date());
    const [row] = await t.db.query<{ collected: number; replied: number; replied_on_time: number }[]>(
      query.sql,
      query.params,
    );
    return row;
  };

  it('closes the repeated issue as merged, tells its department and deputy, and refuses a second merge', async () => {
    const target = await submit(t, ROADS_IN_CHENGDONG);
    const repeated = await submit(t, { ...ROADS_IN_CHENGDONG, deputy: OTHER_DEPUTY });
    await untilStatus(t, SUPERVISOR, target.id, 'assigned');
    await untilStatus(t, SUPERVISOR, repeated.id, 'assigned');
    const before = await rates();
    expect(before.counts.collected.value).toBe(2);

    const merged = expectStatus<CommandResult>(
      await command(t, SUPERVISOR, repeated.id, 'merge-into', {
        targetIssueId: target.id,
        reason: '与该事项反映的是同一段道路。',
      }),
      200,
    );
    expect(merged.state).toMatchObject({ status: 'closed', outcome: 'merged', mergedIntoIssueId: target.id });
    expect(merged.issue.status).toBe('closed');

    const repeatedDetail = await detail(repeated.id);
    expect(repeatedDetail.mergedInto).toEqual({ id: target.id, number: target.number });
    expect(repeatedDetail.timeline.map((e) => e.label)).toContain('并入其他事项办理');
    const targetDetail = await detail(target.id);
    expect(targetDetail.mergedIssues).toEqual([{ id: repeated.id, number: repeated.number }]);
    expect(targetDetail.timeline.map((e) => e.label)).toContain('重复事项并入本事项');
    const assignments = await t.db.query<{ status: string }[]>(`SELECT status FROM assignments WHERE issue_id = $1`, [
      repeated.id,
    ]);
    expect(assignments.map((a) => a.status)).toEqual(assignments.map(() => 'withdrawn'));

    const notice = await waitForMail(t, repeated.id, userEmail(OTHER_DEPUTY), '事项合并通知');
    expect(notice.text).toContain(`已并入该事项合并办理`);
    expect(notice.text).toContain(target.number);
    await waitForMail(t, repeated.id, departmentEmail('jiaotong.rongjiawan'), '事项合并通知');

    // Refused: again (409), into itself (400 naming the field), into a closed issue (409), out of scope (404).
    const again = await command(t, SUPERVISOR, repeated.id, 'merge-into', { targetIssueId: target.id });
    expect(again.status).toBe(409);
    expect((again.body as unknown as ErrorBody).message).toContain('AlreadyMerged');
    const self = await command(t, SUPERVISOR, target.id, 'merge-into', { targetIssueId: target.id });
    expect(self.status).toBe(400);
    expect(JSON.stringify(self.body)).toContain('targetIssueId');
    const intoClosed = await command(t, SUPERVISOR, target.id, 'merge-into', { targetIssueId: repeated.id });
    expect(intoClosed.status).toBe(409);
    const byDeputy = await command(t, ROADS_IN_CHENGDONG.deputy, target.id, 'merge-into', {
      targetIssueId: repeated.id,
    });
    expect(byDeputy.status).toBe(403);

    // The figures leave the merged issue out: one collected, as the records read plainly say too.
    const after = await rates();
    expect(after.counts.collected.value).toBe(1);
    expect((await reference()).collected).toBe(1);
  });

  it('mails the target’s reply and closing to the deputy of the issue merged into it, under that issue’s number', async () => {
    const target = await submit(t, ROADS_IN_CHENGDONG);
    const repeated = await submit(t, { ...ROADS_IN_CHENGDONG, deputy: OTHER_DEPUTY });
    await untilStatus(t, SUPERVISOR, target.id, 'assigned');
    await untilStatus(t, SUPERVISOR, repeated.id, 'assigned');
    expectStatus(await command(t, SUPERVISOR, repeated.id, 'merge-into', { targetIssueId: target.id }), 200);

    expectStatus(
      await command(t, LEAD, target.id, 'reply', { replyClass: 'A', text: '已修复建设路破损路面并疏通排水沟。' }),
      200,
    );
    const reply = await t.mail.waitFor(
      (m) =>
        m.to.includes(userEmail(OTHER_DEPUTY)) &&
        m.subject.includes('合并事项答复') &&
        m.text.includes(repeated.number),
      30_000,
    );
    expect(reply.text).toContain('已修复建设路破损路面并疏通排水沟。');
    expect(reply.text).toContain(target.number);
    expect(reply.text).not.toContain('请于'); // told, not asked to rate: the rating is the target deputy's
    await waitForMail(t, target.id, userEmail(ROADS_IN_CHENGDONG.deputy), '请评价办理结果');

    expectStatus(await command(t, ROADS_IN_CHENGDONG.deputy, target.id, 'rate', { rating: 'satisfied' }), 200);
    await t.mail.waitFor(
      (m) =>
        m.to.includes(userEmail(OTHER_DEPUTY)) &&
        m.subject.includes('合并事项办结') &&
        m.text.includes(repeated.number),
      30_000,
    );

    // Rates equal the records: the two targets count, replied (on time), the merged ones nowhere.
    const figures = await rates();
    const plain = await reference();
    expect(figures.counts.collected.value).toBe(2);
    expect(plain.collected).toBe(2);
    expect(figures.counts.replied.value).toBe(plain.replied);
    expect(figures.counts.repliedOnTime.value).toBe(plain.replied_on_time);
    expect(figures.counts.replied.value).toBe(1);
  });
});
