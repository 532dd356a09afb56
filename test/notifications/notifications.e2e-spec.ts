// The in-app notification centre over HTTP, on the real services (PostgreSQL, Temporal, a worker in process, an SMTP
// catcher): the steps that mail a notice write it in the app for the users it concerns — and no one else — with the
// mail, in one transaction; each user lists, counts and marks only their own; a user's mails are in their language.
import { SseClient } from '../supervision/support/sse';
import { eventually, expectStatus, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import {
  command,
  departmentEmail,
  ROADS_IN_CHENGDONG,
  submit,
  untilStatus,
  userEmail,
  waitForMail,
} from '../issues/support/issues';

const DEPUTY = 'deputy.zhangzhiqiang';
const LEAD = 'dept.jiaotong.rongjiawan';
/** The co-handling department has no demo account: the suite adds one (the lead's password). */
const CO = 'dept.ziran.rongjiawan';
const BYSTANDERS = ['supervisor.rongjiawan', 'liaison.rongjiawan', 'admin'];

interface NotificationView {
  id: string;
  kind: string;
  issueId: string | null;
  issueNumber: string | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}

describe('notifications', () => {
  let t: IssueTestApp;

  beforeAll(async () => {
    t = await startIssueApp({ worker: true });
    await t.db.query(
      `WITH u AS (
         INSERT INTO users (username, display_name, email, password_hash, department_id)
         SELECT $1, '周敏（荣家湾镇自然资源所）', NULL, l.password_hash, d.id
           FROM users l, departments d WHERE l.username = $2 AND d.code = 'ziran.rongjiawan'
         RETURNING id)
       INSERT INTO user_roles (user_id, role) SELECT id, 'department' FROM u`,
      [CO, LEAD],
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  const list = async (username: string, query = '') =>
    expectStatus<Page<NotificationView>>(
      await t.http.get(`/api/notifications${query}`, await t.tokenOf(username)),
      200,
    );
  const unread = async (username: string) =>
    expectStatus<{ unread: number }>(
      await t.http.get('/api/notifications/unread-count', await t.tokenOf(username)),
      200,
    ).unread;
  const about = async (username: string, issueId: string) =>
    (await list(username, '?limit=100')).items.filter((n) => n.issueId === issueId).map((n) => n.kind);

  it('a lifecycle notifies the users each notice concerns, in the app as by mail, and nobody else', async () => {
    const before = new Map<string, number>();
    for (const user of [LEAD, CO, DEPUTY, ...BYSTANDERS]) before.set(user, await unread(user));

    const created = await submit(t, ROADS_IN_CHENGDONG);
    await untilStatus(t, DEPUTY, created.id, 'assigned');
    // The mail and the in-app row commit together: once the mail is queued, the bell has it.
    await waitForMail(t, created.id, departmentEmail('jiaotong.rongjiawan'), '交办通知');
    const [assigned] = (await list(LEAD, '?unread=true')).items.filter((n) => n.issueId === created.id);
    expect(assigned).toMatchObject({
      kind: 'assigned',
      issueNumber: created.number,
      title: `交办通知：${created.number}`,
      readAt: null,
    });
    expect(assigned.body).toContain('现将群众反映的以下问题交由你单位主办');
    expect(assigned.body).not.toContain('/reply?token='); // the single-use link is the mailbox's alone
    expect(await about(CO, created.id)).toEqual(['co_assigned']);
    expect(await unread(LEAD)).toBe(before.get(LEAD)! + 1);
    expect(await unread(CO)).toBe(before.get(CO)! + 1);
    expect(await about(DEPUTY, created.id)).toEqual([]);

    expectStatus(await command(t, LEAD, created.id, 'acknowledge'), 200);
    expectStatus(
      await command(t, LEAD, created.id, 'reply', { replyClass: 'A', text: '已安排施工队修复破损路面。' }),
      200,
    );
    await eventually('the deputy to be asked for a rating', async () =>
      (await about(DEPUTY, created.id)).includes('feedback_requested') ? true : undefined,
    );
    expectStatus(await command(t, DEPUTY, created.id, 'rate', { rating: 'satisfied' }), 200);
    await eventually('the close to be notified', async () =>
      (await about(DEPUTY, created.id)).includes('closed') ? true : undefined,
    );
    await waitForMail(t, created.id, departmentEmail('jiaotong.rongjiawan'), '办结通知');

    expect(await about(DEPUTY, created.id)).toEqual(['closed', 'feedback_requested']);
    expect(await about(LEAD, created.id)).toEqual(['closed', 'assigned']);
    expect(await about(CO, created.id)).toEqual(['co_assigned']);
    for (const user of BYSTANDERS) {
      expect(await about(user, created.id)).toEqual([]);
      expect(await unread(user)).toBe(before.get(user));
    }
    // One row per notice and user, however the steps ran.
    const [{ n }] = await t.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM notifications WHERE issue_id = $1`,
      [created.id],
    );
    const [{ users }] = await t.db.query<{ users: number }[]>(
      `SELECT count(*)::int AS users FROM users u JOIN departments d ON d.id = u.department_id
        WHERE d.code IN ('jiaotong.rongjiawan', 'ziran.rongjiawan') AND u.active`,
    );
    // assigned + co_assigned (each department's users), closed (the lead's users and the deputy), feedback_requested.
    const [{ lead }] = await t.db.query<{ lead: number }[]>(
      `SELECT count(*)::int AS lead FROM users u JOIN departments d ON d.id = u.department_id
        WHERE d.code = 'jiaotong.rongjiawan' AND u.active`,
    );
    expect(n).toBe(users + lead + 2);
  });

  it('marks read only your own: one, then all; someone else’s is not found', async () => {
    const created = await submit(t, ROADS_IN_CHENGDONG);
    await waitForMail(t, created.id, departmentEmail('ziran.rongjiawan'), '协办通知');
    const mine = (await list(LEAD, '?unread=true')).items.find((n) => n.issueId === created.id)!;
    expect(mine).toBeDefined();
    const count = await unread(LEAD);

    // Another department's user, the deputy, an admin: 404, and the row stays unread.
    for (const other of [CO, DEPUTY, 'admin']) {
      const response = await t.http.post(`/api/notifications/${mine.id}/read`, {}, await t.tokenOf(other));
      expect(response.status).toBe(404);
    }
    expect(await unread(LEAD)).toBe(count);
    expect((await t.http.post(`/api/notifications/not-a-number/read`, {}, await t.tokenOf(LEAD))).status).toBe(400);

    expect((await t.http.post(`/api/notifications/${mine.id}/read`, {}, await t.tokenOf(LEAD))).status).toBe(204);
    expect((await t.http.post(`/api/notifications/${mine.id}/read`, {}, await t.tokenOf(LEAD))).status).toBe(204);
    expect(await unread(LEAD)).toBe(count - 1);
    const read = (await list(LEAD, '?limit=100')).items.find((n) => n.id === mine.id)!;
    expect(read.readAt).not.toBeNull();
    expect((await list(LEAD, '?unread=true&limit=100')).items.map((n) => n.id)).not.toContain(mine.id);

    const coCount = await unread(CO);
    expect(coCount).toBeGreaterThan(0);
    const all = expectStatus<{ marked: number }>(
      await t.http.post('/api/notifications/read-all', {}, await t.tokenOf(LEAD)),
      200,
    );
    expect(all.marked).toBe(count - 1);
    expect(await unread(LEAD)).toBe(0);
    expect(await unread(CO)).toBe(coCount); // nobody else's

    const paged = await list(LEAD, '?limit=1&page=2');
    expect(paged).toMatchObject({ page: 2, limit: 1 });
    expect(paged.items).toHaveLength(1);
    expect((await t.http.get('/api/notifications?limit=500', await t.tokenOf(LEAD))).status).toBe(400);
    expect((await t.http.get('/api/notifications')).status).toBe(401);
  });

  it('mails a user in the language they chose; departments’ mailboxes and everyone else get Chinese only', async () => {
    const token = await t.tokenOf(DEPUTY);
    expect(
      expectStatus<{ mailLanguage: string }>(await t.http.get('/api/notifications/preferences', token), 200),
    ).toEqual({ mailLanguage: 'zh' });
    const bad = await t.http.request('PUT', '/api/notifications/preferences', { body: { mailLanguage: 'fr' }, token });
    expect(bad.status).toBe(400);
    const set = await t.http.request('PUT', '/api/notifications/preferences', { body: { mailLanguage: 'en' }, token });
    expect(expectStatus(set, 200)).toEqual({ mailLanguage: 'en' });

    const created = await submit(t, ROADS_IN_CHENGDONG);
    const assignment = await waitForMail(t, created.id, departmentEmail('jiaotong.rongjiawan'), '交办通知');
    expect(assignment.text).not.toMatch(/English|Reply by|Issue number/);
    await untilStatus(t, DEPUTY, created.id, 'assigned');
    expectStatus(await command(t, LEAD, created.id, 'reply', { replyClass: 'A', text: '已修复。' }), 200);
    const english = await waitForMail(t, created.id, userEmail(DEPUTY), 'Please rate the reply');
    expect(english.subject).toBe(`[Lianluo] Please rate the reply ${created.number}`);
    expect(english.text).toContain(`Issue number: ${created.number}`);
    expect(english.text).not.toContain('请评价');
    // The app's own notice stays Chinese.
    expect((await list(DEPUTY, '?limit=100')).items.find((n) => n.issueId === created.id)?.title).toBe(
      `请评价办理结果：${created.number}`,
    );
    await t.http.request('PUT', '/api/notifications/preferences', { body: { mailLanguage: 'zh' }, token });
  });

  it('streams live: the bell when a notification is written, the issue page and the inbox when their issue changes', async () => {
    const open: SseClient[] = [];
    const subscribe = async (username: string, query = '') => {
      const client = await SseClient.open(`${t.http.baseUrl}/api/notifications/events${query}`, {
        Authorization: `Bearer ${await t.tokenOf(username)}`,
      });
      open.push(client);
      return client;
    };
    try {
      const bell = await subscribe(LEAD);
      const otherInbox = await subscribe('dept.shehui.rongjiawan');
      const deputyBell = await subscribe(DEPUTY);
      for (const client of [bell, otherInbox, deputyBell]) {
        expect(client.status).toBe(200);
        await client.next((e) => e.type === 'ready');
      }
      const created = await submit(t, ROADS_IN_CHENGDONG);
      // The lead's user: the new notification and the inbox's issue changing.
      await bell.next((e) => e.type === 'notification', 30_000);
      await bell.next((e) => e.type === 'issue_event' && (e.data as { issueId: string }).issueId === created.id);
      await untilStatus(t, DEPUTY, created.id, 'assigned');

      const page = await subscribe(DEPUTY, `?issueId=${created.id}`);
      expect(page.status).toBe(200);
      await page.next((e) => e.type === 'ready');
      expectStatus(await command(t, LEAD, created.id, 'acknowledge'), 200);
      expect(await page.next((e) => e.type === 'issue_event')).toMatchObject({
        data: { issueId: created.id, type: 'acknowledged' },
      });
      // Nothing reached a department the issue is not assigned to, nor the deputy's bell (no notice for them yet).
      expect(otherInbox.pending().filter((e) => e.type !== 'ping')).toEqual([]);
      expect(deputyBell.pending().filter((e) => e.type === 'notification')).toEqual([]);
      // An issue the user may not read: 404 before any stream opens.
      const outside = await subscribe('dept.shehui.rongjiawan', `?issueId=${created.id}`);
      expect(outside.status).toBe(404);
    } finally {
      await Promise.all(open.map((client) => client.close()));
    }
  });
});
