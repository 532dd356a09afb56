// The rates breakdown (by month, township and department, with the A/B/C mix) against hand-built records: every cell
// must be exactly what the per-cohort endpoint (GET /api/supervision/rates) answers for that part, drill links
// included, and the breakdown must be scope-checked and validated like the other supervision endpoints.
import type { RatesBreakdownView, RatesView } from '../../apps/api/src/supervision/supervision.dto';
import type { ErrorBody } from '../auth/support/http';
import { startTestApp, type TestApp } from '../auth/support/test-app';
import { readXlsx } from '../support/xlsx-reader';
import { buildIssue, forgetIds } from './support/issue-builder';

/** The answers as JSON: the views of the API, with their dates as text. */
type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends object ? Json<T[K]> : T[K] };
type RatesBody = Json<RatesView>;
type BreakdownBody = Json<RatesBreakdownView>;
interface Page {
  items: { id: string }[];
  total: number;
}

const Q1 = 'from=2025-01-01&to=2025-04-01';
const at = (local: string) => new Date(`${local}+08:00`).toISOString();
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
/** A cell without the instant it was computed at: two requests never share one. */
const figures = (cell: RatesBody & { month?: string }) => {
  const { asOf: _asOf, month: _month, ...rest } = cell;
  return rest;
};

describe('supervision rates breakdown', () => {
  let t: TestApp;
  let admin: string;
  let countySupervisor: string;
  let townshipSupervisor: string;

  beforeAll(async () => {
    t = await startTestApp();
    forgetIds();
    admin = (await t.http.login('admin')).accessToken;
    countySupervisor = (await t.http.login('supervisor.yueyangxian')).accessToken;
    townshipSupervisor = (await t.http.login('supervisor.rongjiawan')).accessToken;
    const db = t.db;
    // January and March 2025 in three townships of 岳阳县 (nothing in February), led by three departments, one of
    // them a county bureau.
    await buildIssue(db, {
      label: 'B1 荣家湾镇, January, replied A on time, satisfied',
      submittedAt: at('2025-01-06T09:00'),
      dueAt: at('2025-01-27T23:59:59.999'),
      status: 'closed',
      replies: [{ at: at('2025-01-09T10:00'), replyClass: 'A' }],
      ratings: [{ round: 1, rating: 'satisfied', at: at('2025-01-10T10:00') }],
      closedAt: at('2025-01-10T10:00'),
    });
    await buildIssue(db, {
      label: 'B2 荣家湾镇, January, replied C late',
      submittedAt: at('2025-01-07T10:00'),
      dueAt: at('2025-01-20T23:59:59.999'),
      status: 'awaiting_feedback',
      replies: [{ at: at('2025-01-22T10:00'), replyClass: 'C' }],
    });
    await buildIssue(db, {
      label: 'B3 荣家湾镇, March, no reply, overdue',
      submittedAt: at('2025-03-03T10:00'),
      dueAt: at('2025-03-24T23:59:59.999'),
      status: 'overdue',
      events: [{ type: 'overdue', at: at('2025-03-25T00:00') }],
    });
    await buildIssue(db, {
      label: 'B4 荣家湾镇 by the county bureau, March, class B, follow-up later',
      submittedAt: at('2025-03-04T10:00'),
      lead: 'jiaotong.yueyangxian',
      dueAt: at('2025-03-25T23:59:59.999'),
      status: 'follow_up',
      replies: [{ at: at('2025-03-10T10:00'), replyClass: 'B', promisedDate: '2030-01-01' }],
      promisedDate: '2030-01-01',
    });
    await buildIssue(db, {
      label: 'B5 黄沙街镇, March, replied A, basically satisfied',
      submittedAt: at('2025-03-05T10:00'),
      village: 'huangsha',
      station: 'huangshajie',
      deputy: 'deputy.liuchunhua',
      lead: 'shehui.huangshajie',
      dueAt: at('2025-03-26T23:59:59.999'),
      status: 'closed',
      replies: [{ at: at('2025-03-07T09:00'), replyClass: 'A' }],
      ratings: [{ round: 1, rating: 'basically_satisfied', at: at('2025-03-08T09:00') }],
      closedAt: at('2025-03-08T09:00'),
    });
    await buildIssue(db, {
      label: 'B6 荣家湾镇, March, not yet due',
      submittedAt: at('2025-03-20T10:00'),
      dueAt: inDays(10),
      status: 'assigned',
    });
    await buildIssue(db, {
      label: 'B7 荣家湾镇, April: outside the quarter',
      submittedAt: at('2025-04-01T00:00'),
      dueAt: inDays(3),
      status: 'assigned',
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  const get = <T>(path: string, token = admin) => t.http.get<T>(path, token);
  const breakdown = (query: string, token = admin) =>
    get<BreakdownBody>(`/api/supervision/rates/breakdown?${query}`, token);
  const rates = async (query: string, token = admin) => {
    const response = await get<RatesBody>(`/api/supervision/rates?${query}`, token);
    expect({ query, status: response.status }).toEqual({ query, status: 200 });
    return response.body;
  };

  it('gives every cell exactly the figures of the per-cohort endpoint for that part', async () => {
    const response = await breakdown(`region=yueyang-county&${Q1}`, countySupervisor);
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body.scope).toMatchObject({ kind: 'region', code: 'yueyang-county', name: '岳阳县' });
    expect(body.period).toEqual({ from: '2025-01-01', to: '2025-04-01' });
    for (const cell of [body.total, ...body.byMonth, ...body.byTownship, ...body.byDepartment]) {
      expect(cell.asOf).toBe(body.asOf);
    }

    expect(figures(body.total)).toEqual(figures(await rates(`region=yueyang-county&${Q1}`, countySupervisor)));
    expect(body.total.counts.collected.value).toBe(6);

    expect(body.byMonth.map((m) => [m.month, m.period, m.counts.collected.value])).toEqual([
      ['2025-01', { from: '2025-01-01', to: '2025-02-01' }, 2],
      ['2025-02', { from: '2025-02-01', to: '2025-03-01' }, 0],
      ['2025-03', { from: '2025-03-01', to: '2025-04-01' }, 4],
    ]);
    for (const month of body.byMonth) {
      const own = await rates(`region=${body.scope.id}&from=${month.period.from}&to=${month.period.to}`);
      expect({ month: month.month, cell: figures(month) }).toEqual({ month: month.month, cell: figures(own) });
    }

    // Only the townships with issues; 新墙镇 and 筻口镇 collected nothing.
    expect(body.byTownship.map((cell) => [cell.scope.name, cell.counts.collected.value])).toEqual([
      ['黄沙街镇', 1],
      ['荣家湾镇', 5],
    ]);
    for (const township of body.byTownship) {
      expect(figures(township)).toEqual(figures(await rates(`region=${township.scope.id}&${Q1}`)));
    }

    expect(body.byDepartment.map((cell) => [cell.scope.code, cell.counts.collected.value])).toEqual([
      ['jiaotong.yueyangxian', 1],
      ['jiaotong.rongjiawan', 4],
      ['shehui.huangshajie', 1],
    ]);
    for (const department of body.byDepartment) {
      expect(figures(department)).toEqual(figures(await rates(`department=${department.scope.id}&${Q1}`)));
    }
  });

  it('gives the A/B/C mix with each share and the issues behind every number', async () => {
    const body = (await breakdown(`region=yueyang-county&${Q1}`)).body;
    expect(body.classMix.map((c) => [c.replyClass, c.label, c.count.value, c.share.display])).toEqual([
      ['A', '已解决或基本解决', 2, '50.0%'],
      ['B', '正在解决或列入计划解决', 1, '25.0%'],
      ['C', '因条件限制暂不能解决，已作说明或留作参考', 1, '25.0%'],
    ]);
    for (const share of body.classMix) {
      expect(share.count.drill).toBe(body.total.counts[`class${share.replyClass}`].drill);
      expect(share.share.denominatorDrill).toBe(body.total.counts.classified.drill);
      const page = await get<Page>(`${share.count.drill}&limit=100`);
      expect(page.body.total).toBe(share.count.value);
    }
    // A cell's drill link lists that part's issues: the township's, the department's, the month's.
    const march = body.byMonth.find((m) => m.month === '2025-03')!;
    const huangsha = body.byTownship.find((cell) => cell.scope.name === '黄沙街镇')!;
    const bureau = body.byDepartment.find((cell) => cell.scope.code === 'jiaotong.yueyangxian')!;
    for (const cell of [march, huangsha, bureau]) {
      const page = await get<Page>(`${cell.counts.collected.drill}&limit=100`);
      expect(page.body.total).toBe(cell.counts.collected.value);
      const replied = await get<Page>(`${cell.rates.replyRate.numeratorDrill}&limit=100`);
      expect(replied.body.total).toBe(cell.rates.replyRate.numerator);
    }
  });

  it('clips the first and last months to the period', async () => {
    const body = (await breakdown('region=yueyang-county&from=2025-01-07&to=2025-03-05')).body;
    expect(body.byMonth.map((m) => [m.month, m.period, m.counts.collected.value])).toEqual([
      ['2025-01', { from: '2025-01-07', to: '2025-02-01' }, 1],
      ['2025-02', { from: '2025-02-01', to: '2025-03-01' }, 0],
      ['2025-03', { from: '2025-03-01', to: '2025-03-05' }, 2],
    ]);
    expect(figures(body.byMonth[2])).toEqual(
      figures(await rates(`region=${body.scope.id}&from=2025-03-01&to=2025-03-05`)),
    );
  });

  it("takes a township supervisor's own region by default, and lists only what lies in it", async () => {
    const response = await breakdown(Q1, townshipSupervisor);
    expect(response.status).toBe(200);
    expect(response.body.scope).toMatchObject({ kind: 'region', code: 'rongjiawan' });
    expect(response.body.byTownship.map((cell) => cell.scope.name)).toEqual(['荣家湾镇']);
    // The county bureau led B4 here, but lies outside the township: its figures are not the township supervisor's.
    expect(response.body.byDepartment.map((cell) => cell.scope.code)).toEqual(['jiaotong.rongjiawan']);
    expect(figures(response.body.total)).toEqual(figures(await rates(Q1, townshipSupervisor)));
  });

  it("refuses a region outside the supervisor's: 403; an unknown one: 404; other roles: 403", async () => {
    for (const region of ['yueyang-county', 'huangshajie']) {
      const refused = await breakdown(`region=${region}&${Q1}`, townshipSupervisor);
      expect({ region, status: refused.status }).toEqual({ region, status: 403 });
    }
    expect((await breakdown(`region=atlantis&${Q1}`)).status).toBe(404);
    expect((await breakdown(`region=00000000-0000-4000-8000-000000000000&${Q1}`, countySupervisor)).status).toBe(404);
    const deputy = (await t.http.login('deputy.zhangzhiqiang')).accessToken;
    expect((await breakdown(`region=rongjiawan&${Q1}`, deputy)).status).toBe(403);
    expect((await t.http.get(`/api/supervision/rates/breakdown?region=rongjiawan&${Q1}`)).status).toBe(401);
  });

  it.each([
    ['no from', 'region=rongjiawan&to=2025-04-01', 'from'],
    ['a date that does not exist', 'region=rongjiawan&from=2025-02-30&to=2025-04-01', 'from'],
    ['to before from', 'region=rongjiawan&from=2025-04-01&to=2025-03-01', 'to'],
    ['a malformed region', `region=${encodeURIComponent('岳阳 县')}&${Q1}`, 'region'],
    ['a station: the breakdown is of a region', `station=rongjiawan&${Q1}`, 'station'],
    ['an unknown parameter', `region=rongjiawan&${Q1}&month=2025-03`, 'month'],
  ])('answers 400 naming the field for %s', async (_what, query, field) => {
    const response = await get<ErrorBody>(`/api/supervision/rates/breakdown?${query}`);
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.fields ?? {})).toEqual([field]);
  });

  it("writes the dashboard's figures as a workbook: the same numbers as the breakdown, scope-checked", async () => {
    const body = (await breakdown(`region=yueyang-county&${Q1}`, countySupervisor)).body;
    const file = await t.http.getFile(
      `/api/supervision/rates/breakdown/xlsx?region=yueyang-county&${Q1}`,
      countySupervisor,
    );
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    expect(decodeURIComponent(file.headers.get('content-disposition') ?? '')).toContain(
      '岳阳县办理统计（2025-01-01至2025-03-31）.xlsx',
    );
    const sheets = await readXlsx(file.body);
    expect(sheets.map((sheet) => sheet.name)).toEqual(['总体', '按月', '按乡镇', '按承办单位', '答复类别']);
    const [total, months, townships] = sheets;
    expect(total.title).toBe('岳阳县 总体 2025-01-01 至 2025-03-31');
    const percent = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);
    const row = (name: string, view: RatesBody) => [
      name,
      view.counts.collected.value,
      view.counts.assigned.value,
      view.counts.replied.value,
      percent(view.rates.replyRate.value),
    ];
    expect(total.rows.slice(1).map((r) => r.slice(0, 5))).toEqual([row('岳阳县', body.total)]);
    expect(months.rows.slice(1).map((r) => r.slice(0, 5))).toEqual(body.byMonth.map((m) => row(m.month, m)));
    expect(townships.rows.slice(1).map((r) => r.slice(0, 5))).toEqual(
      body.byTownship.map((part) => row(part.scope.name, part)),
    );
    expect(typeof months.rows[1][1]).toBe('number');
    expect(sheets[4].rows.slice(1).map((r) => [r[0], r[2]])).toEqual(
      body.classMix.map((part) => [`${part.replyClass}类`, part.count.value]),
    );
    const refused = await t.http.getFile(
      `/api/supervision/rates/breakdown/xlsx?region=yueyang-county&${Q1}`,
      townshipSupervisor,
    );
    expect(refused.status).toBe(403);
  });

  it('is in the OpenAPI document', async () => {
    const docs = await get<{ paths: Record<string, unknown> }>('/api/docs-json');
    expect(Object.keys(docs.body.paths)).toContain('/api/supervision/rates/breakdown');
  });
});
