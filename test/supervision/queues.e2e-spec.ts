// The supervisors' queues through the API: what is in each, the order (escalation level, then working days overdue
// on the official calendar), filters, scope, the last action and the links to act; and the fast path against the
// issues table read directly.
import {
  addWorkingDays,
  calendarFromDays,
  chinaDay,
  endOfChinaDay,
  OFFICIAL_CALENDAR_DAYS,
  workingDaysBetween,
} from '@app/calendar';
import { MetricsRepository, type QueueKind } from '@app/metrics';
import { startTestApp, type TestApp } from '../auth/support/test-app';
import { buildIssue, forgetIds, type IssueSpec } from './support/issue-builder';

interface Item {
  id: string;
  description: string;
  status: string;
  escalationLevel: number;
  deadlineAt: string | null;
  workingDaysOverdue: number | null;
  workingDaysLeft: number | null;
  leadDepartment: { id: string; name: string } | null;
  lastAction: { type: string; label: string; actor: string | null; at: string } | null;
  voter: { name: string | null; masked: boolean };
  links: Record<string, string>;
}
interface Page {
  items: Item[];
  total: number;
  page: number;
  limit: number;
}

const DAY = 86_400_000;
const calendar = calendarFromDays(OFFICIAL_CALENDAR_DAYS);
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const today = () => chinaDay(new Date());
const endOfWorkingDay = (n: number) => endOfChinaDay(addWorkingDays(today(), n, calendar)).toISOString();

describe('supervision queues', () => {
  let t: TestApp;
  let township: string;
  let county: string;
  let villageLiaison: string;
  const q: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    forgetIds();
    township = (await t.http.login('supervisor.rongjiawan')).accessToken;
    county = (await t.http.login('supervisor.yueyangxian')).accessToken;
    villageLiaison = (await t.http.login('liaison.chengdong')).accessToken;
    const open = (spec: Partial<IssueSpec> & Pick<IssueSpec, 'status'>): IssueSpec => ({
      submittedAt: ago(40),
      ...spec,
    });
    q.levelTwo = await buildIssue(
      t.db,
      open({
        label: 'Q1',
        status: 'escalated',
        escalationLevel: 2,
        dueAt: ago(10),
        escalations: [
          { level: 1, at: ago(7) },
          { level: 2, at: ago(4) },
        ],
        events: [{ type: 'urged', at: ago(1), actorLabel: '彭建华（荣家湾镇人大主席团）' }],
      }),
    );
    q.levelOneOld = await buildIssue(
      t.db,
      open({
        label: 'Q2',
        status: 'escalated',
        escalationLevel: 1,
        dueAt: ago(20),
        village: 'baishi',
        category: 'water',
        lead: 'shuili.rongjiawan',
        escalations: [{ level: 1, at: ago(16) }],
      }),
    );
    q.levelOneNew = await buildIssue(
      t.db,
      open({
        label: 'Q3',
        status: 'escalated',
        escalationLevel: 1,
        dueAt: ago(5),
        escalations: [{ level: 1, at: ago(1) }],
      }),
    );
    q.overdueLong = await buildIssue(
      t.db,
      open({ label: 'Q4', status: 'overdue', dueAt: ago(30), submittedAt: ago(60) }),
    );
    q.pastDueTimerPending = await buildIssue(t.db, open({ label: 'Q5', status: 'assigned', dueAt: ago(2) }));
    q.otherTownship = await buildIssue(
      t.db,
      open({
        label: 'Q6',
        status: 'escalated',
        escalationLevel: 3,
        dueAt: ago(3),
        village: 'tongxi',
        station: 'gangkou',
        deputy: 'deputy.zhaoweidong',
        category: 'agriculture',
        lead: 'nongye.gangkou',
        escalations: [{ level: 3, at: ago(1) }],
      }),
    );
    q.missedFollowUp = await buildIssue(
      t.db,
      open({
        label: 'Q7',
        status: 'follow_up',
        dueAt: ago(30),
        promisedDate: chinaDay(new Date(Date.now() - 3 * DAY)),
        replies: [{ at: ago(35), replyClass: 'B', promisedDate: chinaDay(new Date(Date.now() - 3 * DAY)) }],
      }),
    );
    q.dueTomorrow = await buildIssue(
      t.db,
      open({ label: 'Q8', status: 'assigned', dueAt: endOfWorkingDay(1), submittedAt: ago(15) }),
    );
    q.dueLater = await buildIssue(
      t.db,
      open({ label: 'Q9', status: 'acknowledged', dueAt: endOfWorkingDay(10), submittedAt: ago(3) }),
    );
    q.triage = await buildIssue(
      t.db,
      open({
        label: 'Q10',
        status: 'triage',
        lead: null,
        sendBacks: 1,
        submittedAt: ago(3),
        events: [{ type: 'sent_back', at: ago(2), actorLabel: '彭志刚（荣家湾镇交通管理站）' }],
      }),
    );
    q.closed = await buildIssue(
      t.db,
      open({
        label: 'Q11',
        status: 'closed',
        dueAt: ago(20),
        replies: [{ at: ago(25), replyClass: 'A' }],
        ratings: [{ round: 1, rating: 'satisfied', at: ago(22) }],
        closedAt: ago(22),
      }),
    );
    q.awaitingRating = await buildIssue(
      t.db,
      open({ label: 'Q12', status: 'awaiting_feedback', dueAt: ago(1), replies: [{ at: ago(3), replyClass: 'A' }] }),
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  const get = (path: string, token: string) => t.http.get<Page>(path, token);
  const labels = (page: Page) => page.items.map((i) => i.description);

  it('orders the escalated queue by level, then by working days overdue', async () => {
    const response = await get('/api/supervision/queues/escalated', township);
    expect(response.status).toBe(200);
    expect(labels(response.body)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q7', 'Q5']);
    expect(response.body).toMatchObject({ total: 6, page: 1, limit: 20 });
    const countyWide = await get('/api/supervision/queues/escalated', county);
    expect(labels(countyWide.body)).toEqual(['Q6', 'Q1', 'Q2', 'Q3', 'Q4', 'Q7', 'Q5']);
  });

  it('gives each item its working days overdue, department, last action, masked voter and action links', async () => {
    const { items } = (await get('/api/supervision/queues/escalated', township)).body;
    const now = new Date();
    for (const item of items) {
      const deadline = new Date(item.deadlineAt!);
      expect({ item: item.description, overdue: item.workingDaysOverdue }).toEqual({
        item: item.description,
        overdue: Math.max(0, workingDaysBetween(chinaDay(deadline), chinaDay(now), calendar)),
      });
      expect(item.workingDaysLeft).toBeNull();
    }
    const [first] = items;
    expect(first).toMatchObject({
      id: q.levelTwo,
      status: 'escalated',
      escalationLevel: 2,
      leadDepartment: { name: '荣家湾镇交通管理站' },
      lastAction: { type: 'urged', label: '催办', actor: '彭建华（荣家湾镇人大主席团）' },
      voter: { name: '张**', masked: true },
      links: {
        self: `/api/issues/${q.levelTwo}`,
        urge: `/api/issues/${q.levelTwo}/urge`,
        extend: `/api/issues/${q.levelTwo}/extend`,
        reassign: `/api/issues/${q.levelTwo}/reassign`,
        referUpward: `/api/issues/${q.levelTwo}/refer-upward`,
      },
    });
    expect(items.find((i) => i.id === q.missedFollowUp)?.deadlineAt).toBe(
      endOfChinaDay(chinaDay(new Date(Date.now() - 3 * DAY))).toISOString(),
    );
  });

  it('filters by category, department, station, level and region', async () => {
    const cases: Array<[string, string, string[]]> = [
      ['category=water', township, ['Q2']],
      ['department=shuili.rongjiawan', township, ['Q2']],
      ['station=gangkou', county, ['Q6']],
      ['level=1', township, ['Q2', 'Q3']],
      ['level=0', county, ['Q4', 'Q7', 'Q5']],
      ['region=tongxi', county, ['Q6']],
      ['region=baishi', township, ['Q2']],
    ];
    for (const [query, token, expected] of cases) {
      const response = await get(`/api/supervision/queues/escalated?${query}`, token);
      expect({ query, status: response.status, items: labels(response.body) }).toEqual({
        query,
        status: 200,
        items: expected,
      });
    }
  });

  it('keeps each user to their regions', async () => {
    const village = await get('/api/supervision/queues/escalated', villageLiaison);
    expect(labels(village.body)).toEqual(['Q1', 'Q3', 'Q4', 'Q7', 'Q5']); // 城东社区 only: not Q2 in 白石村
    expect((await get('/api/supervision/queues/escalated?region=gangkou', township)).status).toBe(403);
    expect((await get('/api/supervision/queues/escalated?region=atlantis', township)).status).toBe(404);
    expect((await get('/api/supervision/queues/escalated?category=weather', township)).status).toBe(400);
    const deputy = (await t.http.login('deputy.zhangzhiqiang')).accessToken;
    expect((await get('/api/supervision/queues/escalated', deputy)).status).toBe(403);
    expect((await t.http.get('/api/supervision/queues/escalated')).status).toBe(401);
  });

  it('lists what falls due within so many working days, earliest first', async () => {
    const soon = await get('/api/supervision/queues/due-soon', township);
    expect(labels(soon.body)).toEqual(['Q8']);
    expect(soon.body.items[0].workingDaysLeft).toBe(1);
    const month = await get('/api/supervision/queues/due-soon?within=30', township);
    expect(labels(month.body)).toEqual(['Q8', 'Q9']);
    expect(month.body.items[1].workingDaysLeft).toBe(10);
    expect((await get('/api/supervision/queues/due-soon?within=31', township)).status).toBe(400);
  });

  it('lists issues waiting for triage, with who sent them back', async () => {
    const triage = await get('/api/supervision/queues/triage', township);
    expect(labels(triage.body)).toEqual(['Q10']);
    expect(triage.body.items[0]).toMatchObject({
      leadDepartment: null,
      lastAction: { type: 'sent_back', label: '退回', actor: '彭志刚（荣家湾镇交通管理站）' },
    });
  });

  it('pages a queue', async () => {
    const one = await get('/api/supervision/queues/escalated?page=1&limit=4', county);
    const two = await get('/api/supervision/queues/escalated?page=2&limit=4', county);
    expect([...labels(one.body), ...labels(two.body)]).toEqual(['Q6', 'Q1', 'Q2', 'Q3', 'Q4', 'Q7', 'Q5']);
    const beyond = await get('/api/supervision/queues/escalated?page=9&limit=4', county);
    expect(beyond.body).toMatchObject({ items: [], total: 7, page: 9 });
  });

  it('reads the same pages from the facts as from the issues table', async () => {
    const repository = t.app.get(MetricsRepository);
    const now = new Date();
    for (const kind of ['escalated', 'due-soon', 'triage'] as QueueKind[]) {
      for (const roots of [
        ['yueyang'],
        ['yueyang/yueyang-county/rongjiawan'],
        ['yueyang/yueyang-county/gangkou/tongxi'],
      ]) {
        const request = { kind, filter: { roots }, now, limit: 20, offset: 0, dueWithinWorkingDays: 30 };
        expect(await repository.queue(request)).toEqual(await repository.referenceQueue(request));
      }
    }
  });
});
