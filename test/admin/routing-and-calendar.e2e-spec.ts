// The admin's tester and calendar against the real issue flow (API, Temporal, the worker in process): what
// POST /api/routing-rules/resolve says is what a submitted issue actually gets, before and after the admin changes
// a rule; and a calendar edit moves the deadline of the next issue, not of one already assigned; and the admin is told
// which years the running deadlines reach that have no holidays entered yet.
import { addWorkingDays, chinaDay, isWorkingDay, workingDaysBetween } from '@app/calendar';
import { loadWorkingCalendar } from '@app/database';
import { idOf } from '../auth/support/fixtures';
import { startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import { command, ROADS_IN_CHENGDONG, submit, untilStatus, type Origin } from '../issues/support/issues';
import { ok, signedIn, type As, type ResolvedRoute, type RoutingRuleView } from './support/admin';

interface IssueDetail {
  id: string;
  status: string;
  dueAt: string | null;
  leadDepartment: { id: string; name: string } | null;
  coHandlerDepartments: { id: string; name: string }[];
}

describe('the routing tester and the calendar, against the issue workflow', () => {
  let t: IssueTestApp;
  let admin: As;

  beforeAll(async () => {
    t = await startIssueApp({ worker: true });
    admin = await signedIn(t, 'admin');
  });

  afterAll(async () => {
    await t?.close();
  });

  async function resolve(origin: Origin): Promise<ResolvedRoute> {
    return ok<ResolvedRoute>(
      await admin.send('POST', '/api/routing-rules/resolve', {
        placeRegionId: await idOf(t.db, 'regions', origin.place),
        categoryId: await idOf(t.db, 'issue_categories', origin.category),
      }),
    );
  }

  /** Submits as the origin's deputy and waits until the workflow has routed it (assigned, or triage). */
  async function routed(origin: Origin, status: 'assigned' | 'triage' = 'assigned'): Promise<IssueDetail> {
    const created = await submit(t, origin);
    await untilStatus(t, origin.deputy, created.id, status);
    const token = await t.tokenOf('admin');
    return ok<IssueDetail>(await t.http.get<IssueDetail>(`/api/issues/${created.id}`, token));
  }

  function sortedIds(refs: { id: string }[]): string[] {
    return refs.map((r) => r.id).sort();
  }

  it('agrees with the routing of a submitted issue, and follows a rule the admin adds', async () => {
    const predicted = await resolve(ROADS_IN_CHENGDONG);
    expect(predicted.lead?.name).toBe('荣家湾镇交通管理站');
    expect(predicted.rule?.regionName).toBe('荣家湾镇');
    const issue = await routed(ROADS_IN_CHENGDONG);
    expect(issue.leadDepartment).toEqual(predicted.lead);
    expect(sortedIds(issue.coHandlerDepartments)).toEqual(sortedIds(predicted.coHandlers));
    expect(predicted.coHandlers.map((c) => c.name)).toEqual(['荣家湾镇自然资源所']);

    // A rule for the village itself is deeper, so it wins from now on.
    const rule = ok<RoutingRuleView>(
      await admin.send('POST', '/api/routing-rules', {
        regionId: await idOf(t.db, 'regions', 'chengdong'),
        categoryId: await idOf(t.db, 'issue_categories', 'roads'),
        leadDepartmentId: await idOf(t.db, 'departments', 'shuili.rongjiawan'),
        coHandlerDepartmentIds: [await idOf(t.db, 'departments', 'sifa.rongjiawan')],
      }),
      201,
    );
    const after = await resolve(ROADS_IN_CHENGDONG);
    expect(after).toMatchObject({
      lead: { name: '荣家湾镇水利站' },
      coHandlers: [{ name: '荣家湾镇司法所' }],
      rule: { id: rule.id, regionName: '城东社区' },
    });
    expect(after.explanation).toContain('deepest');
    const rerouted = await routed(ROADS_IN_CHENGDONG);
    expect(rerouted.leadDepartment).toEqual(after.lead);
    expect(sortedIds(rerouted.coHandlerDepartments)).toEqual(sortedIds(after.coHandlers));

    // Closing the rule's lead department: both the tester and the workflow fall back to the township's rule.
    ok(
      await admin.send('PATCH', `/api/departments/${await idOf(t.db, 'departments', 'shuili.rongjiawan')}`, {
        active: false,
      }),
    );
    const fallback = await resolve(ROADS_IN_CHENGDONG);
    expect(fallback.lead?.name).toBe('荣家湾镇交通管理站');
    const third = await routed(ROADS_IN_CHENGDONG);
    expect(third.leadDepartment).toEqual(fallback.lead);
    expect(sortedIds(third.coHandlerDepartments)).toEqual(sortedIds(fallback.coHandlers));
  });

  it('agrees that an issue no rule covers goes to triage', async () => {
    const origin: Origin = { deputy: 'deputy.zhaoweidong', station: 'gangkou', place: 'sangang', category: 'other' };
    const predicted = await resolve(origin);
    expect(predicted).toMatchObject({ lead: null, coHandlers: [], rule: null });
    expect(predicted.explanation).toContain('triage');
    const issue = await routed(origin, 'triage');
    expect(issue.leadDepartment).toBeNull();
  });

  it('counts the deadline of the next issue on the edited calendar; an assigned one keeps its deadline', async () => {
    const origin: Origin = { ...ROADS_IN_CHENGDONG, category: 'agriculture' };
    const before = await routed(origin);
    const calendar = await loadWorkingCalendar(t.db);
    const today = chinaDay(new Date());
    const firstDue = chinaDay(new Date(before.dueAt!));
    expect(workingDaysBetween(today, firstDue, calendar)).toBe(15);
    // A department's inbox counts the days left on the calendar as it is now (this read also fills any cache).
    const inInbox = await routed(ROADS_IN_CHENGDONG); // led by 荣家湾镇交通管理站, whose user is dept.jiaotong.rongjiawan
    const daysLeft = async (): Promise<number | null> => {
      const inbox = ok<{ items: { issue: { id: string }; workingDaysLeft: number | null }[] }>(
        await t.http.get(`/api/assignments?status=all&limit=100`, await t.tokenOf('dept.jiaotong.rongjiawan')),
      );
      return inbox.items.find((item) => item.issue.id === inInbox.id)?.workingDaysLeft ?? null;
    };
    expect(await daysLeft()).toBe(15);

    // The first working day after today becomes a holiday: the same 15 working days now end one working day later.
    const day = addWorkingDays(today, 1, calendar);
    const put = await admin.send('PUT', `/api/calendar/${day}`, { kind: 'holiday', name: '临时休假（测试）' });
    expect(put.status).toBe(201);
    const edited = await loadWorkingCalendar(t.db);
    expect(isWorkingDay(day, edited)).toBe(false);
    // The inbox sees the edit at once: the deadline stays, and one working day fewer lies before it.
    expect(await daysLeft()).toBe(14);

    const after = await routed(origin);
    const secondDue = chinaDay(new Date(after.dueAt!));
    expect(secondDue).toBe(addWorkingDays(today, 15, edited));
    expect(workingDaysBetween(firstDue, secondDue, calendar)).toBe(1);

    const again = ok<IssueDetail>(await t.http.get<IssueDetail>(`/api/issues/${before.id}`, await t.tokenOf('admin')));
    expect(again.dueAt).toBe(before.dueAt);

    // Removing the holiday restores the count for the issue after that.
    expect((await admin.send('DELETE', `/api/calendar/${day}`)).status).toBe(204);
    const restored = await routed(origin);
    expect(chinaDay(new Date(restored.dueAt!))).toBe(firstDue);
  });

  it('names the years deadlines run into that have no holidays entered, until the admin enters one', async () => {
    interface Coverage {
      enteredYears: number[];
      neededYears: number[];
      missingYears: number[];
      latestDeadline: string | null;
    }
    const coverage = async () => ok<Coverage>(await admin.send('GET', '/api/calendar/coverage'));
    const enteredInDb = async () =>
      (
        await t.db.query<{ year: number }[]>(
          `SELECT DISTINCT EXTRACT(YEAR FROM day)::int AS year FROM calendar_days WHERE kind = 'holiday' ORDER BY 1`,
        )
      ).map((row) => row.year);

    // A supervisor extends a running issue's deadline into a year far enough ahead that nobody has entered it.
    const issue = await routed(ROADS_IN_CHENGDONG);
    const thisYear = Number(chinaDay(new Date()).slice(0, 4));
    const farYear = thisYear + 3;
    const extended = await command(t, 'supervisor.yueyangxian', issue.id, 'extend', {
      newDueDate: `${farYear}-06-30`,
      reason: '需等待省级项目资金下达。',
    });
    expect(extended.status).toBe(200);

    const before = await coverage();
    expect(before.latestDeadline).toBe(`${farYear}-06-30`);
    expect(before.enteredYears).toEqual(await enteredInDb());
    expect(before.neededYears).toEqual(Array.from({ length: 4 }, (_, index) => thisYear + index));
    expect(before.missingYears).toEqual(before.neededYears.filter((year) => !before.enteredYears.includes(year)));
    expect(before.missingYears).toContain(farYear);

    // Only an admin may ask (it is the admins' warning).
    expect((await t.http.get('/api/calendar/coverage', await t.tokenOf('supervisor.yueyangxian'))).status).toBe(403);

    // A make-up working day alone does not count as the year's holidays; a holiday does.
    expect(
      (await admin.send('PUT', `/api/calendar/${farYear}-02-07`, { kind: 'workday', name: '春节调休' })).status,
    ).toBe(201);
    expect((await coverage()).missingYears).toContain(farYear);
    expect(
      (await admin.send('PUT', `/api/calendar/${farYear}-10-01`, { kind: 'holiday', name: '国庆节' })).status,
    ).toBe(201);
    const after = await coverage();
    expect(after.missingYears).not.toContain(farYear);
    expect(after.enteredYears).toContain(farYear);
  });
});
