// The reads of the read model, against PostgreSQL only (no worker: reads never touch Temporal): the issue list with
// its filters and scope, one issue with its voter data for the entitled only, and the department inbox with working
// days left on the official calendar.
import { addWorkingDays, chinaDay, endOfChinaDay, subtractWorkingDays } from '@app/calendar';
import { loadWorkingCalendar } from '@app/database';
import { idOf, insertIssue, type IssueFixture } from '../auth/support/fixtures';
import { expectStatus, startIssueApp, type IssueTestApp } from './support/issue-app';
import type { IssueView } from './support/issues';

interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}

interface InboxItem {
  assignmentId: string;
  role: string;
  status: string;
  workingDaysLeft: number | null;
  overdue: boolean;
  issue: { id: string; category: { name: string }; place: { name: string } };
}

describe('reads of issues and the department inbox', () => {
  let t: IssueTestApp;
  /** Four issues of 荣家湾镇交通管理站: due soon, overdue, acknowledged, answered. */
  let soon: IssueFixture;
  let late: IssueFixture;
  let acknowledged: IssueFixture;
  let answered: IssueFixture;
  let elsewhere: IssueFixture;

  beforeAll(async () => {
    t = await startIssueApp();
    const calendar = await loadWorkingCalendar(t.db);
    const today = chinaDay(new Date());
    [soon, late, acknowledged, answered] = [
      await insertIssue(t.db),
      await insertIssue(t.db),
      await insertIssue(t.db),
      await insertIssue(t.db),
    ];
    const setLead = (issue: IssueFixture, sql: string, params: unknown[] = []) =>
      t.db.query(`UPDATE assignments SET ${sql} WHERE id = $1`, [issue.leadAssignmentId, ...params]);
    await setLead(soon, 'due_at = $2', [endOfChinaDay(addWorkingDays(today, 1, calendar))]);
    await setLead(late, 'due_at = $2', [endOfChinaDay(subtractWorkingDays(today, 1, calendar))]);
    await setLead(acknowledged, `status = 'acknowledged', acknowledged_at = now()`);
    await setLead(answered, `status = 'answered', answered_at = now()`);
    elsewhere = await insertIssue(t.db, {
      village: 'xinkai',
      township: 'huangshajie',
      station: 'huangshajie',
      deputyUsername: 'deputy.liuchunhua',
      lead: 'shehui.huangshajie',
      co: 'nongye.huangshajie',
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  const list = async (username: string, query = '') =>
    expectStatus<Page<IssueView>>(await t.http.get(`/api/issues${query}`, await t.tokenOf(username)), 200);
  const inbox = async (username: string, query = '') =>
    expectStatus<Page<InboxItem>>(await t.http.get(`/api/assignments${query}`, await t.tokenOf(username)), 200);
  const ids = (page: Page<{ id: string }>) => page.items.map((item) => item.id).sort();
  const ours = () => [soon.id, late.id, acknowledged.id, answered.id].sort();

  describe('GET /api/issues', () => {
    it('lists what the caller may see, newest first, with the voter data masked even for the entitled', async () => {
      const page = await list('supervisor.rongjiawan');
      expect(ids(page)).toEqual(ours());
      expect(page.items.map((i) => i.id)).toEqual([answered.id, acknowledged.id, late.id, soon.id]);
      expect(page.items[0]).toMatchObject({
        status: 'assigned',
        statusLabel: '已交办',
        leadDepartment: { name: '荣家湾镇交通管理站' },
        voter: { name: '张**', phone: '138****5678', idNumber: '430621********1234', masked: true },
      });
      expect(page.items[0].voter.address).toBe('岳阳市岳阳县荣家湾镇***');
      expect(ids(await list('deputy.liuchunhua'))).toEqual([elsewhere.id]);
      expect(ids(await list('dept.shehui.rongjiawan'))).toEqual([]);
      expect((await list('admin')).total).toBe(5);
    });

    it('filters by status, category, station, department and submission date; pages', async () => {
      const station = await idOf(t.db, 'stations', 'huangshajie');
      const co = await idOf(t.db, 'departments', 'nongye.huangshajie');
      expect(ids(await list('admin', `?stationId=${station}`))).toEqual([elsewhere.id]);
      expect(ids(await list('admin', `?departmentId=${co}`))).toEqual([elsewhere.id]);
      expect((await list('admin', '?status=closed')).total).toBe(0);
      expect((await list('admin', `?categoryId=${await idOf(t.db, 'issue_categories', 'water')}`)).total).toBe(0);
      const today = chinaDay(new Date());
      const yesterday = chinaDay(new Date(Date.now() - 86_400_000));
      expect((await list('admin', `?from=${today}&to=${today}`)).total).toBe(5);
      expect((await list('admin', `?to=${yesterday}`)).total).toBe(0);
      const first = await list('admin', '?limit=2');
      const second = await list('admin', '?limit=2&page=2');
      expect(first).toMatchObject({ page: 1, limit: 2, total: 5 });
      expect([...first.items, ...second.items].map((i) => i.id)).toEqual(
        (await list('admin', '?limit=4')).items.map((i) => i.id),
      );
    });
  });

  describe('GET /api/issues/:id', () => {
    const logged = async (issueId: string) =>
      (
        await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM data_access_log WHERE issue_id = $1`, [
          issueId,
        ])
      )[0].n;

    it('shows the voter data to the lead department, and logs the read; masks it for an admin, unlogged', async () => {
      const byLead = expectStatus<IssueView>(
        await t.http.get(`/api/issues/${soon.id}`, await t.tokenOf('dept.jiaotong.rongjiawan')),
        200,
      );
      expect(byLead.voter).toMatchObject({ name: '张三丰', masked: false });
      expect(await logged(soon.id)).toBe(1);
      const byAdmin = expectStatus<IssueView>(
        await t.http.get(`/api/issues/${late.id}`, await t.tokenOf('admin')),
        200,
      );
      expect(byAdmin.voter).toMatchObject({ name: '张**', masked: true });
      expect(await logged(late.id)).toBe(0);
    });

    it('answers 404 out of scope, the same as for an issue that does not exist', async () => {
      for (const username of ['deputy.wangxiuying', 'dept.shehui.rongjiawan', 'liaison.huangshajie']) {
        expect((await t.http.get(`/api/issues/${soon.id}`, await t.tokenOf(username))).status).toBe(404);
        expect((await t.http.get(`/api/issues/${soon.id}/events`, await t.tokenOf(username))).status).toBe(404);
      }
      expect((await t.http.get(`/api/issues/${elsewhere.leadAssignmentId}`, await t.tokenOf('admin'))).status).toBe(
        404,
      );
    });
  });

  describe('GET /api/assignments (the department inbox)', () => {
    const assignments = (page: Page<InboxItem>) => page.items.map((item) => item.issue.id);

    it('lists open assignments, soonest deadline first, with working days left on the official calendar', async () => {
      const open = await inbox('dept.jiaotong.rongjiawan');
      expect(assignments(open)).toEqual([late.id, soon.id, acknowledged.id]);
      const [overdue, dueSoon, later] = open.items;
      expect(overdue).toMatchObject({ role: 'lead', status: 'assigned', overdue: true, workingDaysLeft: -1 });
      expect(dueSoon).toMatchObject({ overdue: false, workingDaysLeft: 1 });
      expect(dueSoon.issue).toMatchObject({ category: { name: '道路交通' }, place: { name: '城东社区' } });
      expect(later.workingDaysLeft).toBeGreaterThan(3); // 21 calendar days, holidays or not
    });

    it.each([
      ['new', () => [late.id, soon.id]],
      ['acknowledged', () => [acknowledged.id]],
      ['due_soon', () => [soon.id]],
      ['overdue', () => [late.id]],
      ['answered', () => [answered.id]],
    ])('?status=%s', async (status, expected) => {
      const page = await inbox('dept.jiaotong.rongjiawan', `?status=${status}`);
      expect(assignments(page)).toEqual(expected());
      expect(page.total).toBe(expected().length);
      if (status === 'answered') expect(page.items[0].workingDaysLeft).toBeNull();
    });

    it('shows a department only its own assignments', async () => {
      expect((await inbox('dept.shehui.rongjiawan', '?status=all')).total).toBe(0);
      expect(assignments(await inbox('dept.shehui.huangshajie'))).toEqual([elsewhere.id]);
    });
  });

  it('documents the issue endpoints in the OpenAPI document, with Chinese examples', async () => {
    const response = await t.http.get<{
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, { example?: unknown }> }> };
    }>('/api/docs-json');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/issues',
        '/api/issues/{id}',
        '/api/issues/{id}/events',
        '/api/issues/{id}/reply',
        '/api/issues/{id}/rate',
        '/api/assignments',
        '/api/reply-links/{token}',
        '/api/reply-links/{token}/reply',
      ]) as unknown,
    );
    expect(response.body.paths['/reply']).toBeUndefined();
    const schemas = response.body.components.schemas;
    expect(schemas.CreateIssueDto.properties?.description.example).toMatch(/城东社区/);
    expect(schemas.ReplyDto.properties?.text.example).toMatch(/施工/);
  });
});
