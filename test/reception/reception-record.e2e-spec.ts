// Recording a reception day end to end (real API, worker, PostgreSQL, Temporal dev server, SMTP catcher): the two
// issues raised become issues routed by their own workflows, the day shows in the station's voter-reception register
// and the deputies' duties; an out-of-scope liaison officer and bad input change nothing.
import { addWorkingDays, calendarFromDays, chinaDay, OFFICIAL_CALENDAR_DAYS, subtractWorkingDays } from '@app/calendar';
import { addCalendarDays } from '@app/contracts';
import { idOf } from '../auth/support/fixtures';
import { expectStatus, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import { untilStatus } from '../issues/support/issues';
import { readXlsx } from '../support/xlsx-reader';
import { deputiesOf, openDay } from './support/reception-app';

interface ReceptionDetail {
  id: string;
  status: string;
  heldOn: string;
  votersReceived: number | null;
  issuesRaised: number;
  deputies: { id: string; name: string; present: boolean | null }[];
  issues: { id: string; status: string; deputyName: string }[];
  timeline: { type: string }[];
}

describe('recording a reception day', () => {
  let t: IssueTestApp;
  let stationId: string;
  let receptionId: string;
  let heldOn: string;
  let deputies: { id: string; name: string }[];
  let liaison: string;
  let body: Record<string, unknown>;
  const record = (payload: unknown, token = liaison) =>
    t.http.request<ReceptionDetail>('POST', `/api/receptions/${receptionId}/record`, { body: payload, token });
  const raisedCount = async () =>
    Number((await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM reception_issues`))[0].n);
  const issueCount = async () => Number((await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM issues`))[0].n);

  beforeAll(async () => {
    t = await startIssueApp({ worker: true });
    stationId = await idOf(t.db, 'stations', 'rongjiawan');
    deputies = await deputiesOf(t.db, 'rongjiawan');
    liaison = await t.tokenOf('liaison.rongjiawan');
    // The last working day before today, as a reception day the schedule would have opened: it is over, so the
    // workflow skips the reminder and waits for the record.
    const calendar = calendarFromDays(OFFICIAL_CALENDAR_DAYS);
    const nominalDate = subtractWorkingDays(chinaDay(new Date()), 1, calendar);
    const row = await openDay(t, stationId, nominalDate, 'awaiting_record');
    receptionId = row.id;
    heldOn = row.held_on;
    expect(heldOn).toBe(nominalDate);
    expect(addWorkingDays(heldOn, 1, calendar) >= chinaDay(new Date())).toBe(true);
    body = {
      votersReceived: 12,
      notes: '集中接待选民，解答政策咨询5件',
      presentDeputyIds: [deputies[0].id],
      issuesRaised: [
        {
          deputyId: deputies[0].id,
          categoryId: await idOf(t.db, 'issue_categories', 'roads'),
          placeRegionId: await idOf(t.db, 'regions', 'chengdong'),
          description: '城东社区建设路路灯损坏三个月未修，夜间出行不便',
          voter: { name: '李桂兰', phone: '13807305678' },
        },
        {
          deputyId: deputies[1].id,
          categoryId: await idOf(t.db, 'issue_categories', 'water'),
          placeRegionId: await idOf(t.db, 'regions', 'rongjiawan'),
          urgency: 'urgent',
          description: '镇区自来水近一周水压不足，高层住户无水可用',
        },
      ],
    };
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('refuses an out-of-scope liaison officer, a deputy and bad input, and changes nothing', async () => {
    const issuesBefore = await issueCount();
    expect((await record(body, await t.tokenOf('liaison.huangshajie'))).status).toBe(404);
    expect((await record(body, await t.tokenOf('liaison.chengdong'))).status).toBe(404);
    expect((await t.http.get(`/api/receptions/${receptionId}`, await t.tokenOf('liaison.huangshajie'))).status).toBe(
      404,
    );
    expect((await record(body, await t.tokenOf('deputy.zhangzhiqiang'))).status).toBe(403);
    const bad: [Record<string, unknown>, string][] = [
      [{ ...body, votersReceived: -1 }, 'votersReceived'],
      [{ ...body, mood: 'good' }, 'mood'],
      [
        { ...body, issuesRaised: [{ ...(body.issuesRaised as object[])[0], categoryId: 'roads' }] },
        'issuesRaised.0.categoryId',
      ],
      [
        {
          ...body,
          issuesRaised: [
            (body.issuesRaised as object[])[0],
            { ...(body.issuesRaised as object[])[1], deputyId: stationId },
          ],
        },
        'issuesRaised.1.deputyId',
      ],
      [
        {
          ...body,
          issuesRaised: [
            { ...(body.issuesRaised as object[])[0], placeRegionId: await idOf(t.db, 'regions', 'huangshajie') },
          ],
        },
        'issuesRaised.0.placeRegionId',
      ],
    ];
    for (const [payload, field] of bad) {
      const response = await record(payload);
      expect(response.status).toBe(400);
      expect(Object.keys((response.body as unknown as { fields: Record<string, string[]> }).fields)).toContain(field);
    }
    expect(await issueCount()).toBe(issuesBefore);
    expect(await raisedCount()).toBe(0);
    const [{ status }] = await t.db.query<{ status: string }[]>(`SELECT status FROM receptions WHERE id = $1`, [
      receptionId,
    ]);
    expect(status).toBe('awaiting_record');
  });

  it('records the day: the two issues raised exist, are routed, and the day is held', async () => {
    const detail = expectStatus<ReceptionDetail>(await record(body), 200);
    expect(detail).toMatchObject({ status: 'held', votersReceived: 12, issuesRaised: 2 });
    expect(detail.issues.map((i) => i.deputyName)).toEqual([deputies[0].name, deputies[1].name]);
    expect(detail.timeline.map((e) => e.type)).toEqual(['scheduled', 'day_passed', 'recorded']);
    // Each through intake, then its own workflow: roads go to the transport station, water to the water station.
    const [roads, water] = detail.issues;
    const admin = 'admin';
    expect((await untilStatus(t, admin, roads.id, 'assigned')).leadDepartment?.id).toBe(
      await idOf(t.db, 'departments', 'jiaotong.rongjiawan'),
    );
    expect((await untilStatus(t, admin, water.id, 'assigned')).leadDepartment?.id).toBe(
      await idOf(t.db, 'departments', 'shuili.rongjiawan'),
    );
    const rows = await t.db.query<{ channel: string; deputy_id: string; idempotency_key: string }[]>(
      `SELECT channel, deputy_id, idempotency_key FROM issues WHERE id = ANY($1::uuid[]) ORDER BY idempotency_key`,
      [[roads.id, water.id]],
    );
    expect(rows).toEqual([
      { channel: 'reception_day', deputy_id: deputies[0].id, idempotency_key: `reception:${receptionId}:1` },
      { channel: 'reception_day', deputy_id: deputies[1].id, idempotency_key: `reception:${receptionId}:2` },
    ]);
    // Attendance: the first deputy was there; anyone else on duty was not.
    const present = new Map(detail.deputies.map((d) => [d.id, d.present]));
    expect(present.get(deputies[0].id)).toBe(true);
    // Recording again is refused and creates nothing.
    expect((await record(body)).status).toBe(409);
    expect(await raisedCount()).toBe(2);
  });

  it("shows the day in the station's voter-reception register and the deputy's duties", async () => {
    const supervisor = await t.tokenOf('supervisor.rongjiawan');
    const from = `${heldOn.slice(0, 7)}-01`;
    const to = addCalendarDays(heldOn, 1);
    const response = await fetch(
      `${t.http.baseUrl}/api/supervision/ledgers/stations/rongjiawan?from=${from}&to=${to}&format=xlsx`,
      { headers: { Authorization: `Bearer ${supervisor}` } },
    );
    expect(response.status).toBe(200);
    const sheets = await readXlsx(Buffer.from(await response.arrayBuffer()));
    const register = sheets.find((s) => s.name === '接待选民登记簿')!;
    const rows = register.rows.filter((row) => row[1] === heldOn);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual([
      expect.any(Number),
      heldOn,
      deputies[0].name,
      null,
      null,
      '接待选民12人次；集中接待选民，解答政策咨询5件',
      '已接待，反映问题2件',
    ]);
    expect(rows[1].slice(2, 6)).toEqual([
      deputies[0].name,
      '李**',
      '138****5678',
      '城东社区建设路路灯损坏三个月未修，夜间出行不便',
    ]);
    expect(String(rows[1][6])).toContain('已交办');

    const [{ username }] = await t.db.query<{ username: string }[]>(`SELECT username FROM users WHERE deputy_id = $1`, [
      deputies[0].id,
    ]);
    const deputy = await t.tokenOf(username);
    const duties = expectStatus<ReceptionDetail[]>(await t.http.get('/api/deputies/me/duties', deputy), 200);
    expect(duties.find((d) => d.id === receptionId)?.status).toBe('held');
  });
});
