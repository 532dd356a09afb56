// The rates against hand-built records with answers worked out by hand, through the API as supervisors call it:
// the edge cases (nothing collected, replies after the period, second handlings, not-yet-due issues), the
// bulletin's Yueyang county figures (279 collected, 257 replied → 92.1%), the drill-down behind every count, scope
// checks, and the fast path (rollups) against the plain reading of the records for every kind of scope.
import {
  addWorkingDays,
  calendarFromDays,
  chinaDay,
  endOfChinaDay,
  OFFICIAL_CALENDAR_DAYS,
  workingDaysBetween,
} from '@app/calendar';
import { COUNT_METRICS, METRIC_DEFINITIONS, MetricsRepository, type MetricScope } from '@app/metrics';
import type { ErrorBody } from '../auth/support/http';
import { chineseDate } from '../../apps/api/src/common/export/official-document';
import { readDocx, readPdf } from '../support/document-reader';
import { startTestApp, type TestApp } from '../auth/support/test-app';
import { buildIssue, forgetIds } from './support/issue-builder';

interface CountView {
  value: number;
  drill: string;
}
interface RatioView {
  value: number | null;
  display: string;
  numerator: number;
  denominator: number;
  numeratorDrill: string;
  denominatorDrill: string;
}
interface RatesBody {
  scope: { kind: string; id: string; code: string | null; name: string };
  period: { from: string; to: string };
  asOf: string;
  counts: Record<string, CountView>;
  sendBacks: { value: number };
  rates: Record<'replyRate' | 'onTimeRate' | 'resolutionRate' | 'satisfactionRate', RatioView>;
  replyWorkingDays: {
    median: { value: number | null; display: string };
    p90: { value: number | null; display: string };
  };
}
interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}
interface DrillItem {
  id: string;
  description: string;
  voter: { name: string | null; phone: string | null; masked: boolean };
  links: { self: string; urge: string };
}

const MARCH = 'from=2025-03-01&to=2025-04-01';
const at = (local: string) => new Date(`${local}+08:00`).toISOString();
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('supervision rates', () => {
  let t: TestApp;
  let admin: string;
  let countySupervisor: string;
  let townshipSupervisor: string;
  const issue: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    forgetIds();
    admin = (await t.http.login('admin')).accessToken;
    countySupervisor = (await t.http.login('supervisor.yueyangxian')).accessToken;
    townshipSupervisor = (await t.http.login('supervisor.rongjiawan')).accessToken;
    const db = t.db;
    // March 2025 in 岳阳县. Working days are counted on the official calendar (no holiday in March; 4 April is one).
    issue.onTime = await buildIssue(db, {
      label: 'I1 replied A on time, satisfied',
      submittedAt: at('2025-03-03T09:00'),
      dueAt: at('2025-03-24T23:59:59.999'),
      status: 'closed',
      replies: [{ at: at('2025-03-07T10:00'), replyClass: 'A' }],
      ratings: [{ round: 1, rating: 'satisfied', at: at('2025-03-10T10:00') }],
      closedAt: at('2025-03-10T10:00'),
      village: 'baishi',
    });
    issue.late = await buildIssue(db, {
      label: 'I2 replied C late, basically satisfied',
      submittedAt: at('2025-03-04T10:00'),
      dueAt: at('2025-03-25T23:59:59.999'),
      status: 'closed',
      replies: [{ at: at('2025-03-27T10:00'), replyClass: 'C' }],
      ratings: [{ round: 1, rating: 'basically_satisfied', at: at('2025-03-28T10:00') }],
      closedAt: at('2025-03-28T10:00'),
    });
    issue.interimB = await buildIssue(db, {
      label: 'I3 class B on time, follow-up promised for later',
      submittedAt: at('2025-03-05T10:00'),
      dueAt: at('2025-03-26T23:59:59.999'),
      status: 'follow_up',
      replies: [{ at: at('2025-03-10T10:00'), replyClass: 'B', promisedDate: '2030-01-01' }],
      promisedDate: '2030-01-01',
    });
    issue.overdue = await buildIssue(db, {
      label: 'I4 no reply, deadline passed',
      submittedAt: at('2025-03-06T10:00'),
      dueAt: at('2025-03-27T23:59:59.999'),
      status: 'overdue',
      events: [{ type: 'overdue', at: at('2025-03-28T00:00') }],
    });
    issue.notYetDue = await buildIssue(db, {
      label: 'I5 no reply, deadline extended into the future',
      submittedAt: at('2025-03-07T10:00'),
      dueAt: inDays(10),
      status: 'assigned',
    });
    issue.sentBack = await buildIssue(db, {
      label: 'I6 sent back once, waiting for triage',
      submittedAt: at('2025-03-10T10:00'),
      assignedAt: at('2025-03-10T11:00'),
      lead: null,
      status: 'triage',
      sendBacks: 1,
      events: [{ type: 'sent_back', at: at('2025-03-11T10:00') }],
    });
    issue.rehandled = await buildIssue(db, {
      label: 'I7 referred upward, replied A, unsatisfied, second handling replied C, not rated',
      submittedAt: at('2025-03-11T10:00'),
      dueAt: at('2025-04-14T23:59:59.999'),
      status: 'closed',
      round: 2,
      escalationLevel: 0,
      escalations: [{ level: 1, at: at('2025-03-20T10:00') }],
      replies: [
        { at: at('2025-03-21T10:00'), replyClass: 'A', round: 1, onTime: true },
        { at: at('2025-04-02T10:00'), replyClass: 'C', round: 2, onTime: true },
      ],
      ratings: [
        { round: 1, rating: 'unsatisfied', at: at('2025-03-24T10:00') },
        { round: 2, rating: 'not_rated', at: at('2025-04-10T10:00') },
      ],
      closedAt: at('2025-04-10T10:00'),
    });
    issue.repliedInApril = await buildIssue(db, {
      label: 'I8 collected on the last day, replied after the period',
      submittedAt: at('2025-03-31T16:00'),
      dueAt: at('2025-04-21T23:59:59.999'),
      status: 'awaiting_feedback',
      replies: [{ at: at('2025-04-03T10:00'), replyClass: 'A' }],
    });
    issue.beforePeriod = await buildIssue(db, {
      label: 'I9 a millisecond before March (China time)',
      submittedAt: at('2025-02-28T23:59:59.999'),
      status: 'assigned',
      dueAt: inDays(3),
    });
    issue.afterPeriod = await buildIssue(db, {
      label: 'I10 the first instant of April (China time)',
      submittedAt: at('2025-04-01T00:00'),
      status: 'assigned',
      dueAt: inDays(3),
    });
    issue.firstInstant = await buildIssue(db, {
      label: 'I11 the first instant of March, in 黄沙街镇',
      submittedAt: at('2025-03-01T00:00'),
      village: 'huangsha',
      station: 'huangshajie',
      deputy: 'deputy.liuchunhua',
      lead: 'shehui.huangshajie',
      dueAt: at('2025-03-21T23:59:59.999'),
      status: 'closed',
      replies: [{ at: at('2025-03-03T09:00'), replyClass: 'A' }],
      ratings: [{ round: 1, rating: 'satisfied', at: at('2025-03-04T09:00') }],
      closedAt: at('2025-03-04T09:00'),
    });
    issue.referred = await buildIssue(db, {
      label: 'I12 referred upward before its deadline, no reply',
      submittedAt: at('2025-03-12T10:00'),
      dueAt: inDays(5),
      status: 'escalated',
      escalationLevel: 1,
      escalations: [{ level: 1, at: at('2025-03-13T10:00') }],
    });
    issue.untriaged = await buildIssue(db, {
      label: 'I13 no routing rule, never assigned',
      submittedAt: at('2025-03-13T10:00'),
      lead: null,
      assignedAt: null,
      status: 'triage',
      events: [{ type: 'triage', at: at('2025-03-13T10:00') }],
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  const rates = (query: string, token = admin) => t.http.get<RatesBody>(`/api/supervision/rates?${query}`, token);

  it('computes every figure of 岳阳县 in March 2025 from the records', async () => {
    const response = await rates(`region=yueyang-county&${MARCH}`, countySupervisor);
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body.scope).toMatchObject({ kind: 'region', code: 'yueyang-county', name: '岳阳县' });
    expect(body.period).toEqual({ from: '2025-03-01', to: '2025-04-01' });
    const counts = Object.fromEntries(Object.entries(body.counts).map(([key, count]) => [key, count.value]));
    expect(counts).toEqual({
      collected: 11, // I1-I8, I11-I13: not I9 (a millisecond early) or I10 (April)
      assigned: 10, // all but I13; I6 was assigned before it was sent back
      replied: 6, // I1, I2, I3 (interim B), I7 (once, though handled twice), I8 (replied in April), I11
      unreplied: 5,
      repliedOnTime: 5, // all replied but I2
      late: 2, // I2, and I4 (no reply, deadline passed); I5 and I12 are not due yet, I6 and I13 have no deadline
      onTimeEligible: 7,
      overdueNow: 1, // I4 (past its deadline, unanswered); I12 is escalated but not yet due
      underSupervisionNow: 1, // I12; I7 was escalated in its first round but is closed
      escalated: 2, // I7 (in its first round) and I12
      classA: 3, // I1, I8, I11
      classB: 1, // I3
      classC: 2, // I2, and I7 by its second handling's reply
      classified: 6,
      rated: 3,
      satisfiedOrBasically: 3,
      satisfied: 2,
      basicallySatisfied: 1,
      unsatisfied: 0, // I7's latest rating is not_rated
      notRated: 1,
      sentBack: 1,
    });
    expect(body.sendBacks).toEqual({ value: 1 });
    expect(body.rates.replyRate).toMatchObject({ value: 0.545, display: '54.5%', numerator: 6, denominator: 11 });
    expect(body.rates.onTimeRate).toMatchObject({ value: 0.714, display: '71.4%', numerator: 5, denominator: 7 });
    expect(body.rates.resolutionRate).toMatchObject({ value: 0.5, display: '50.0%', numerator: 3, denominator: 6 });
    expect(body.rates.satisfactionRate).toMatchObject({ value: 1, display: '100.0%', numerator: 3, denominator: 3 });
    // Working days from collection to first reply: I11 1, I3 3, I8 3 (4 April is a holiday, 1-3 April are not),
    // I1 4, I7 8, I2 17 → median (3rd of 6) 3, p90 (6th of 6) 17.
    expect(body.replyWorkingDays.median).toMatchObject({ value: 3, display: '3' });
    expect(body.replyWorkingDays.p90).toMatchObject({ value: 17, display: '17' });
  });

  it('says "—" and null, never NaN, when nothing was collected', async () => {
    const response = await rates('region=yueyang-county&from=2024-01-01&to=2024-02-01');
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).not.toContain('NaN');
    for (const count of Object.values(response.body.counts)) expect(count.value).toBe(0);
    for (const rate of Object.values(response.body.rates)) {
      expect(rate).toMatchObject({ value: null, display: '—', numerator: 0, denominator: 0 });
    }
    expect(response.body.replyWorkingDays.median).toMatchObject({ value: null, display: '—' });
    expect(response.body.replyWorkingDays.p90).toMatchObject({ value: null, display: '—' });
  });

  it('counts an issue in the period it was collected in, not the one its reply came in', async () => {
    const april = await rates('region=yueyang-county&from=2025-04-01&to=2025-05-01');
    expect(april.body.counts.collected.value).toBe(1); // I10 only: I8 and I7 replied in April but were collected in March
    expect(april.body.counts.replied.value).toBe(0);
  });

  it('reproduces the bulletin: 279 collected, 257 replied is a reply rate of 92.1%, not 93%', async () => {
    await t.db.query(`
      WITH county AS (
        INSERT INTO regions (code, name, level, parent_id, path)
        SELECT 'bulletin-county', '岳阳县（通报）', 'county', id, path || '/bulletin-county' FROM regions WHERE code = 'yueyang'
        RETURNING id, path)
      INSERT INTO regions (code, name, level, parent_id, path)
      SELECT 'bulletin-town', '通报镇', 'township', id, path || '/bulletin-town' FROM county`);
    await t.db.query(`
      INSERT INTO regions (code, name, level, parent_id, path)
      SELECT 'bulletin-village', '通报村', 'village', id, path || '/bulletin-village' FROM regions WHERE code = 'bulletin-town'`);
    await t.db.query(`
      INSERT INTO stations (code, name, level, region_id)
      SELECT 'bulletin-station', '通报镇人大代表之家', 'township', id FROM regions WHERE code = 'bulletin-town'`);
    await t.db.query(`
      INSERT INTO issues (idempotency_key, submitted_by_user_id, deputy_id, station_id, place_region_id, township_region_id,
                          region_path, category_id, description, channel, urgency, status, lead_department_id,
                          submitted_at, assigned_at, due_at, first_replied_at, last_replied_at, reply_class, workflow_id)
      SELECT 'bulletin-' || n, u.id, u.deputy_id, s.id, v.id, v.parent_id, v.path, c.id, '意见建议 ' || n, 'reception_day',
             'normal', CASE WHEN n <= 257 THEN 'awaiting_feedback' ELSE 'assigned' END, d.id,
             timestamptz '2025-01-02 08:00+08' + n * interval '2 hours', timestamptz '2025-01-02 09:00+08' + n * interval '2 hours',
             timestamptz '2025-02-28 23:59:59.999+08',
             CASE WHEN n <= 257 THEN timestamptz '2025-02-10 10:00+08' + n * interval '1 minute' END,
             CASE WHEN n <= 257 THEN timestamptz '2025-02-10 10:00+08' + n * interval '1 minute' END,
             CASE WHEN n <= 257 THEN 'A' END, 'bulletin-wf-' || n
        FROM generate_series(1, 279) n
        JOIN users u ON u.username = 'deputy.zhangzhiqiang'
        JOIN stations s ON s.code = 'bulletin-station'
        JOIN regions v ON v.code = 'bulletin-village'
        JOIN issue_categories c ON c.code = 'roads'
        JOIN departments d ON d.code = 'jiaotong.yueyangxian'`);
    const response = await rates('region=bulletin-county&from=2025-01-01&to=2026-01-01');
    expect(response.status).toBe(200);
    expect(response.body.counts.collected.value).toBe(279);
    expect(response.body.counts.replied.value).toBe(257);
    expect(response.body.rates.replyRate).toMatchObject({
      value: 0.921,
      display: '92.1%',
      numerator: 257,
      denominator: 279,
    });

    const report = await t.http.get<string>(
      '/api/supervision/reports/monthly?county=bulletin-county&month=2025-01',
      admin,
    );
    expect(report.status).toBe(200);
    expect(report.body).toContain('共收集群众意见建议279件，已交办279件，已答复257件，答复率92.1%');
    expect(report.body).not.toContain('93%');

    // The same report as the official document (公文), in Word and in PDF: issuing office, title, figures, date line.
    const today = chineseDate(chinaDay(new Date()));
    const path = '/api/supervision/reports/monthly?county=bulletin-county&month=2025-01';
    const docxFile = await t.http.getFile(`${path}&format=docx`, admin);
    expect(docxFile.status).toBe(200);
    expect(docxFile.headers.get('content-type')).toContain('wordprocessingml');
    expect(decodeURIComponent(docxFile.headers.get('content-disposition') ?? '')).toContain(
      '岳阳县（通报）代表联络站群众意见建议办理情况月报（2025-01）.docx',
    );
    const docx = await readDocx(docxFile.body, 'monthly-report.docx');
    const paragraphs = docx.paragraphs.filter((p) => p !== '');
    expect(paragraphs.slice(0, 3)).toEqual([
      '岳阳县（通报）人大常委会办公室',
      '岳阳县（通报）代表联络站群众意见建议办理情况月报',
      '（2025年1月）',
    ]);
    expect(paragraphs.slice(-2)).toEqual(['岳阳县（通报）人大常委会办公室', today]);
    expect(paragraphs.join('\n')).toContain('共收集群众意见建议279件，已交办279件，已答复257件，答复率92.1%');
    const townships = docx.tables.find((table) => table[0][0] === '乡镇（街道）')!;
    // Name, collected, replied, reply rate … A/B/C, resolution rate: the township and the county total.
    expect(townships.slice(1).map((row) => [...row.slice(0, 4), ...row.slice(8, 10)])).toEqual([
      ['通报镇', '279', '257', '92.1%', '257/0/0', '100.0%'],
      ['全县合计', '279', '257', '92.1%', '257/0/0', '100.0%'],
    ]);

    const pdfFile = await t.http.getFile(`${path}&format=pdf`, admin);
    expect(pdfFile.status).toBe(200);
    expect(pdfFile.headers.get('content-type')).toBe('application/pdf');
    const pdf = await readPdf(pdfFile.body, 'monthly-report.pdf');
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    for (const share of pdf.ink) expect(share).toBeGreaterThan(0.002);
    const words = pdf.text.replace(/ /g, '');
    for (const expected of [
      '岳阳县（通报）人大常委会办公室',
      '共收集群众意见建议279件，已交办279件，已答复257件，答复率92.1%',
      '通报镇27925792.1%',
      today,
    ]) {
      expect(words).toContain(expected);
    }
    expect(words).not.toContain('93%');

    const badFormat = await t.http.get(`${path}&format=rtf`, admin);
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.fields).toHaveProperty('format');
  });

  it('lists, for every count, exactly the issues behind it, with voter data masked', async () => {
    const body = (await rates(`region=yueyang-county&${MARCH}`, countySupervisor)).body;
    for (const metric of COUNT_METRICS) {
      const count = body.counts[metric];
      expect(count.drill).toBe(
        `/api/supervision/rates/drill?metric=${metric}&region=${body.scope.id}&from=2025-03-01&to=2025-04-01`,
      );
      const page = await t.http.get<Page<DrillItem>>(`${count.drill}&limit=100`, countySupervisor);
      expect(page.status).toBe(200);
      expect({ metric, total: page.body.total, listed: page.body.items.length }).toEqual({
        metric,
        total: count.value,
        listed: count.value,
      });
    }
    const replied = await t.http.get<Page<DrillItem>>(`${body.counts.replied.drill}&limit=100`, countySupervisor);
    expect(replied.body.items.map((i) => i.id).sort()).toEqual(
      [issue.onTime, issue.late, issue.interimB, issue.rehandled, issue.repliedInApril, issue.firstInstant].sort(),
    );
    expect(replied.body.items[0].voter).toMatchObject({ name: '张**', phone: '138****5678', masked: true });
    expect(replied.body.items[0].links.urge).toBe(`/api/issues/${replied.body.items[0].id}/urge`);
    const late = await t.http.get<Page<DrillItem>>(`${body.counts.late.drill}`, countySupervisor);
    expect(late.body.items.map((i) => i.id).sort()).toEqual([issue.late, issue.overdue].sort());
    expect(body.rates.onTimeRate.denominatorDrill).toBe(body.counts.onTimeEligible.drill);
  });

  it('counts an issue escalated with 15 working days left as under supervision, not overdue (issue #11 defect 6)', async () => {
    const calendar = calendarFromDays(OFFICIAL_CALENDAR_DAYS);
    const fifteenWorkingDaysLeft = endOfChinaDay(addWorkingDays(chinaDay(new Date()), 15, calendar)).toISOString();
    const escalatedEarly = await buildIssue(t.db, {
      label: 'M1 escalated by a supervisor with 15 working days left',
      submittedAt: at('2025-05-06T10:00'),
      dueAt: fifteenWorkingDaysLeft,
      status: 'escalated',
      escalationLevel: 1,
      escalations: [{ level: 1, at: at('2025-05-07T10:00') }],
    });
    const answeredB = await buildIssue(t.db, {
      label: 'M2 escalated to the county, then answered class B, promised result not yet due',
      submittedAt: at('2025-05-07T10:00'),
      dueAt: at('2025-05-28T23:59:59.999'),
      status: 'follow_up',
      escalationLevel: 2,
      escalations: [
        { level: 1, at: at('2025-05-08T10:00') },
        { level: 2, at: at('2025-05-12T10:00') },
      ],
      replies: [{ at: at('2025-05-13T10:00'), replyClass: 'B', promisedDate: '2030-01-01' }],
      promisedDate: '2030-01-01',
    });
    const body = (await rates('region=yueyang-county&from=2025-05-01&to=2025-06-01', countySupervisor)).body;
    expect(body.counts.overdueNow.value).toBe(0);
    expect(body.counts.underSupervisionNow.value).toBe(1);
    expect(body.counts.escalated.value).toBe(2);
    const listed = async (metric: string) =>
      (await t.http.get<Page<DrillItem>>(`${body.counts[metric].drill}&limit=100`, countySupervisor)).body.items.map(
        (i) => i.id,
      );
    expect(await listed('overdueNow')).toEqual([]);
    expect(await listed('underSupervisionNow')).toEqual([escalatedEarly]);
    // The escalation queue is overdue ∪ under supervision: the class B answer left it (defect 7d).
    const queue = await t.http.get<Page<DrillItem>>('/api/supervision/queues/escalated?limit=100', countySupervisor);
    const queued = queue.body.items.map((i) => i.id);
    expect(queued).toContain(escalatedEarly);
    expect(queued).not.toContain(answeredB);
    const report = await t.http.get<string>(
      '/api/supervision/reports/monthly?county=yueyang-county&month=2025-05',
      countySupervisor,
    );
    expect(report.body).toContain('当前逾期（已过期限未答复）0件，当前督办中1件，累计督办2件');
    const repository = t.app.get(MetricsRepository);
    const [county] = await t.db.query<{ id: string; path: string }[]>(
      `SELECT id, path FROM regions WHERE code = 'yueyang-county'`,
    );
    const scope: MetricScope = { kind: 'region', id: county.id, path: county.path, level: 'county' };
    const may = { from: '2025-05-01', to: '2025-06-01' };
    const now = new Date();
    expect(await repository.counts(scope, may, now)).toEqual(await repository.referenceCounts(scope, may, now));
  });

  it('pages a drill-down list', async () => {
    const drill = `/api/supervision/rates/drill?metric=collected&region=yueyang-county&${MARCH}`;
    const one = await t.http.get<Page<DrillItem>>(`${drill}&page=1&limit=4`, admin);
    const two = await t.http.get<Page<DrillItem>>(`${drill}&page=2&limit=4`, admin);
    const all = await t.http.get<Page<DrillItem>>(`${drill}&limit=8`, admin);
    expect([...one.body.items, ...two.body.items].map((i) => i.id)).toEqual(all.body.items.map((i) => i.id));
    expect(one.body).toMatchObject({ page: 1, limit: 4, total: 11 });
  });

  it('gives every kind of scope the same figures on the fast path as by reading the records', async () => {
    const repository = t.app.get(MetricsRepository);
    const region = async (code: string): Promise<MetricScope> => {
      const [r] = await t.db.query<{ id: string; path: string; level: 'city' | 'county' | 'township' | 'village' }[]>(
        `SELECT id, path, level FROM regions WHERE code = $1`,
        [code],
      );
      return { kind: 'region', ...r };
    };
    const id = async (table: string, code: string) =>
      (await t.db.query<{ id: string }[]>(`SELECT id FROM ${table} WHERE code = $1`, [code]))[0].id;
    const [deputy] = await t.db.query<{ deputy_id: string }[]>(
      `SELECT deputy_id FROM users WHERE username = 'deputy.zhangzhiqiang'`,
    );
    const scopes: MetricScope[] = [
      await region('yueyang'),
      await region('yueyang-county'),
      await region('rongjiawan'),
      await region('chengdong'),
      { kind: 'station', id: await id('stations', 'rongjiawan') },
      { kind: 'department', id: await id('departments', 'jiaotong.rongjiawan') },
      { kind: 'deputy', id: deputy.deputy_id, regionRoots: null },
      { kind: 'deputy', id: deputy.deputy_id, regionRoots: ['yueyang/yueyang-county/huangshajie'] },
    ];
    const now = new Date();
    for (const scope of scopes) {
      for (const period of [
        { from: '2025-03-01', to: '2025-04-01' },
        { from: '2025-01-01', to: '2026-01-01' },
        { from: '2024-01-01', to: '2024-02-01' },
      ]) {
        const fast = await repository.counts(scope, period, now);
        const plain = await repository.referenceCounts(scope, period, now);
        expect({ scope, period, counts: fast }).toEqual({ scope, period, counts: plain });
      }
    }
  });

  it('keeps the rollups by trigger and fold exactly as a rebuild from the records makes them', async () => {
    // Move an issue to another department and back to triage: the rollups move with it.
    await t.db.query(
      `UPDATE issues SET lead_department_id = (SELECT id FROM departments WHERE code = 'shuili.rongjiawan')
                       WHERE id = $1`,
      [issue.notYetDue],
    );
    const snapshot = async () => ({
      facts: await t.db.query<unknown[]>(`SELECT * FROM metrics.issue_facts ORDER BY issue_id`),
      rollup: await t.db.query<unknown[]>(`
        SELECT dim, dim_id, day, collected, assigned, replied, replied_on_time, class_a, class_b, class_c, satisfied,
               basically_satisfied, unsatisfied, not_rated, escalated, sent_back, send_backs,
               -- a count taken away leaves a 0 behind at the end of the histogram; a rebuild never writes one
               coalesce((SELECT array_agg(n ORDER BY k) FROM unnest(reply_days) WITH ORDINALITY u(n, k)
                          WHERE k <= (SELECT max(k2) FROM unnest(reply_days) WITH ORDINALITY v(n2, k2) WHERE n2 <> 0)),
                        '{}') AS reply_days
          FROM metrics.daily_rollup
         WHERE collected <> 0
         ORDER BY dim, dim_id, day`),
    });
    // The triggers append deltas; the worker's fold (run here by hand) adds them to the rollup.
    await t.db.query(`SELECT metrics.fold_rollup_deltas()`);
    const byTrigger = await snapshot();
    expect(byTrigger.rollup.length).toBeGreaterThan(0);
    await t.db.query(`SELECT metrics.rebuild()`);
    expect(await snapshot()).toEqual(byTrigger);
  });

  it('documents every figure with its definition in the OpenAPI document', async () => {
    const docs = await t.http.get<{
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, { description?: string }> }> };
    }>('/api/docs-json');
    const schemas = docs.body.components.schemas;
    for (const metric of COUNT_METRICS) {
      expect(schemas.CountsView.properties?.[metric]?.description).toBe(METRIC_DEFINITIONS[metric].definition);
    }
    expect(schemas.RateBlockView.properties?.replyRate?.description).toBe('replied / collected.');
    expect(schemas.ReplyDaysView.properties?.median?.description).toBe(
      METRIC_DEFINITIONS.medianWorkingDaysToFirstReply.definition,
    );
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/supervision/rates',
        '/api/supervision/rates/drill',
        '/api/supervision/queues/escalated',
        '/api/supervision/queues/due-soon',
        '/api/supervision/queues/triage',
        '/api/supervision/events',
        '/api/supervision/ledgers/stations/{station}',
        '/api/supervision/ledgers/deputies/{deputy}',
        '/api/supervision/reports/monthly',
      ]),
    );
  });

  it('counts working days in SQL exactly as libs/calendar does', async () => {
    const calendar = calendarFromDays(OFFICIAL_CALENDAR_DAYS);
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < 200; i++) {
      const a = new Date(Date.UTC(2025, 0, 1) + ((i * 37) % 700) * 86_400_000).toISOString().slice(0, 10);
      const b = new Date(Date.UTC(2025, 0, 1) + ((i * 53 + 11) % 700) * 86_400_000).toISOString().slice(0, 10);
      pairs.push([a, b]);
    }
    const rows = await t.db.query<{ days: number }[]>(
      `SELECT metrics.working_days_between(a::date, b::date) AS days FROM unnest($1::text[], $2::text[]) AS p(a, b)`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    expect(rows.map((r) => r.days)).toEqual(pairs.map(([a, b]) => workingDaysBetween(a, b, calendar)));
  });

  describe('scope', () => {
    it('lets a township supervisor read their township, a station and a department there', async () => {
      for (const query of ['region=rongjiawan', 'station=rongjiawan', 'department=jiaotong.rongjiawan', '']) {
        const response = await rates(`${query}&${MARCH}`, townshipSupervisor);
        expect({ query, status: response.status }).toEqual({ query, status: 200 });
      }
      const own = await rates(MARCH, townshipSupervisor);
      expect(own.body.scope).toMatchObject({ kind: 'region', code: 'rongjiawan' });
      expect(own.body.counts.collected.value).toBe(10);
    });

    it.each([
      ['the county above', 'region=yueyang-county'],
      ['another township', 'region=huangshajie'],
      ['a station elsewhere', 'station=huangshajie'],
      ['a county bureau', 'department=jiaotong.yueyangxian'],
    ])('refuses a township supervisor %s: 403', async (_what, query) => {
      const response = await rates(`${query}&${MARCH}`, townshipSupervisor);
      expect(response.status).toBe(403);
    });

    it('refuses a deputy who sits at no station in the regions: 403; an unknown one: 404', async () => {
      const [other] = await t.db.query<{ deputy_id: string }[]>(
        `SELECT deputy_id FROM users WHERE username = 'deputy.liuchunhua'`,
      );
      expect((await rates(`deputy=${other.deputy_id}&${MARCH}`, townshipSupervisor)).status).toBe(403);
      const unknown = await rates(`deputy=00000000-0000-4000-8000-000000000000&${MARCH}`, townshipSupervisor);
      expect(unknown.status).toBe(404);
    });

    it('answers 404 for an unknown region, 400 for two scopes or a bad period, 403 for other roles', async () => {
      expect((await rates(`region=atlantis&${MARCH}`)).status).toBe(404);
      const two = await t.http.get<ErrorBody>(
        `/api/supervision/rates?region=rongjiawan&station=rongjiawan&${MARCH}`,
        admin,
      );
      expect(two.status).toBe(400);
      expect(Object.keys(two.body.fields ?? {}).sort()).toEqual(['region', 'station']);
      const backwards = await t.http.get<ErrorBody>(
        '/api/supervision/rates?region=rongjiawan&from=2025-04-01&to=2025-03-01',
        admin,
      );
      expect(backwards.status).toBe(400);
      expect(Object.keys(backwards.body.fields ?? {})).toEqual(['to']);
      expect(
        (await t.http.get(`/api/supervision/rates?region=rongjiawan&from=2025-02-30&to=2025-03-01`, admin)).status,
      ).toBe(400);
      const deputy = (await t.http.login('deputy.zhangzhiqiang')).accessToken;
      expect((await rates(`region=rongjiawan&${MARCH}`, deputy)).status).toBe(403);
      expect((await t.http.get(`/api/supervision/rates?region=rongjiawan&${MARCH}`)).status).toBe(401);
    });

    it('drills down only within the scope a user may read', async () => {
      const outside = await t.http.get(
        `/api/supervision/rates/drill?metric=replied&region=yueyang-county&${MARCH}`,
        townshipSupervisor,
      );
      expect(outside.status).toBe(403);
      const bad = await t.http.get<ErrorBody>(
        `/api/supervision/rates/drill?metric=everything&region=rongjiawan&${MARCH}`,
        admin,
      );
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.fields ?? {})).toEqual(['metric']);
    });
  });

  describe('the monthly report', () => {
    it('prints the county, its townships and its departments, with the A/B/C mix', async () => {
      const response = await t.http.get<string>(
        '/api/supervision/reports/monthly?county=yueyang-county&month=2025-03',
        countySupervisor,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
      const html = response.body;
      expect(html).toContain('岳阳县代表联络站群众意见建议办理情况月报');
      expect(html).toContain('（2025年3月）');
      expect(html).toContain('共收集群众意见建议11件，已交办10件，已答复6件，答复率54.5%');
      expect(html).toContain('按期答复率71.4%');
      expect(html).toContain('当前逾期（已过期限未答复）1件，当前督办中1件，累计督办2件');
      expect(html).toMatch(/<td class="name">A类：已解决或基本解决<\/td><td>3<\/td><td>50\.0%<\/td>/);
      expect(html).toMatch(/<tr><td class="name">荣家湾镇<\/td><td>10<\/td><td>5<\/td><td>50\.0%<\/td>/);
      expect(html).toMatch(/<tr><td class="name">黄沙街镇<\/td><td>1<\/td><td>1<\/td><td>100\.0%<\/td>/);
      expect(html).toMatch(/<tr><td class="name">新墙镇<\/td><td>0<\/td><td>0<\/td><td>—<\/td>/);
      expect(html).toContain('荣家湾镇交通管理站');
      expect(html).toContain('黄沙街镇社会事务办');
      expect(html).toContain('@page { size: A4');
    });

    it('refuses a township supervisor the county: 403; a township as a county: 400', async () => {
      const refused = await t.http.get(
        '/api/supervision/reports/monthly?county=yueyang-county&month=2025-03',
        townshipSupervisor,
      );
      expect(refused.status).toBe(403);
      const notCounty = await t.http.get<ErrorBody>(
        '/api/supervision/reports/monthly?county=rongjiawan&month=2025-03',
        admin,
      );
      expect(notCounty.status).toBe(400);
      expect(Object.keys(notCounty.body.fields ?? {})).toEqual(['county']);
      const badMonth = await t.http.get<ErrorBody>(
        '/api/supervision/reports/monthly?county=yueyang-county&month=2025-13',
        admin,
      );
      expect(badMonth.status).toBe(400);
    });
  });
});
