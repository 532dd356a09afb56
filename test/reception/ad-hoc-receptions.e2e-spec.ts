// Ad-hoc (临时) and appointment (预约) receptions end to end (real API, worker, PostgreSQL, Temporal dev server): recorded
// once held, beside a rule day of the same date, their issues through the deputy's intake; refused when out of scope,
// in the future or badly formed, changing nothing; a retry finds the same reception; listed with their kind; the
// station's register counts them while the rule day beside them keeps waiting for its own record.
import { calendarFromDays, chinaDay, OFFICIAL_CALENDAR_DAYS, subtractWorkingDays } from '@app/calendar';
import { addCalendarDays } from '@app/contracts';
import { idOf } from '../auth/support/fixtures';
import { expectStatus, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import { untilStatus } from '../issues/support/issues';
import { readXlsx } from '../support/xlsx-reader';
import { deputiesOf, openDay } from './support/reception-app';

interface ReceptionDetail {
  id: string;
  kind: string;
  kindLabel: string;
  status: string;
  nominalDate: string | null;
  heldOn: string;
  heldFrom: string | null;
  heldUntil: string | null;
  recordDueAt: string | null;
  canRecord: boolean;
  votersReceived: number | null;
  issuesRaised: number;
  deputies: { id: string; name: string; present: boolean | null }[];
  issues: { id: string; status: string; deputyName: string }[];
  timeline: { type: string; label: string }[];
}

describe('ad-hoc and appointment receptions', () => {
  let t: IssueTestApp;
  let stationId: string;
  let ruleDayId: string;
  let heldOn: string;
  let deputies: { id: string; name: string }[];
  let liaison: string;
  let body: Record<string, unknown>;
  const create = (payload: unknown, token = liaison) =>
    t.http.request<ReceptionDetail>('POST', '/api/receptions', { body: payload, token });
  const count = async (table: string) =>
    Number((await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    t = await startIssueApp({ worker: true });
    stationId = await idOf(t.db, 'stations', 'rongjiawan');
    deputies = await deputiesOf(t.db, 'rongjiawan');
    liaison = await t.tokenOf('liaison.rongjiawan');
    // A rule day on the last working day, waiting for its record: the ad-hoc reception goes on the same date.
    const calendar = calendarFromDays(OFFICIAL_CALENDAR_DAYS);
    const nominalDate = subtractWorkingDays(chinaDay(new Date()), 1, calendar);
    const row = await openDay(t, stationId, nominalDate, 'awaiting_record');
    ruleDayId = row.id;
    heldOn = row.held_on;
    body = {
      stationId,
      kind: 'ad_hoc',
      heldOn,
      heldFrom: '14:30',
      heldUntil: '16:00',
      idempotencyKey: 'adhoc-test-0001',
      votersReceived: 3,
      notes: '选民临时来访，代表现场接待',
      presentDeputyIds: [deputies[0].id],
      issuesRaised: [
        {
          deputyId: deputies[0].id,
          categoryId: await idOf(t.db, 'issue_categories', 'roads'),
          placeRegionId: await idOf(t.db, 'regions', 'chengdong'),
          description: '城东社区菜市场门口排水沟堵塞，雨后积水',
          voter: { name: '王建国', phone: '13807301234' },
        },
      ],
    };
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('refuses out of scope, deputies, the future and bad input, and changes nothing', async () => {
    const before = [await count('receptions'), await count('issues')];
    expect((await create(body, await t.tokenOf('liaison.huangshajie'))).status).toBe(404);
    expect((await create(body, await t.tokenOf('deputy.zhangzhiqiang'))).status).toBe(403);
    const today = chinaDay(new Date());
    const first = (body.issuesRaised as Record<string, unknown>[])[0];
    const bad: [Record<string, unknown>, string][] = [
      [{ ...body, kind: 'scheduled' }, 'kind'],
      [{ ...body, heldOn: addCalendarDays(today, 1) }, 'heldOn'],
      [{ ...body, heldOn: addCalendarDays(today, -400) }, 'heldOn'],
      [{ ...body, heldOn: '2026-02-30' }, 'heldOn'],
      [{ ...body, heldFrom: '25:00' }, 'heldFrom'],
      [{ ...body, heldFrom: '16:00', heldUntil: '09:00' }, 'heldUntil'],
      [{ ...body, presentDeputyIds: [] }, 'presentDeputyIds'],
      [{ ...body, presentDeputyIds: [stationId] }, 'presentDeputyIds.0'],
      [{ ...body, idempotencyKey: 'short' }, 'idempotencyKey'],
      // The deputy's intake rules, the same DTO: a blank description, a voter phone that is not one.
      [{ ...body, issuesRaised: [{ ...first, description: '   ' }] }, 'issuesRaised.0.description'],
      [{ ...body, issuesRaised: [{ ...first, voter: { phone: '12345' } }] }, 'issuesRaised.0.voter.phone'],
      [
        { ...body, issuesRaised: [{ ...first, placeRegionId: await idOf(t.db, 'regions', 'huangshajie') }] },
        'issuesRaised.0.placeRegionId',
      ],
    ];
    for (const [payload, field] of bad) {
      const response = await create(payload);
      expect([response.status, field]).toEqual([400, field]);
      expect(Object.keys((response.body as unknown as { fields: Record<string, string[]> }).fields)).toContain(field);
    }
    expect([await count('receptions'), await count('issues')]).toEqual(before);
  });

  it('records an ad-hoc reception beside the rule day, held at once, with no workflow and its issue routed', async () => {
    const detail = expectStatus<ReceptionDetail>(await create(body), 201);
    expect(detail).toMatchObject({
      kind: 'ad_hoc',
      kindLabel: '临时接待',
      status: 'held',
      nominalDate: null,
      heldOn,
      heldFrom: '14:30',
      heldUntil: '16:00',
      recordDueAt: null,
      canRecord: false,
      votersReceived: 3,
      issuesRaised: 1,
    });
    expect(detail.deputies).toEqual([{ id: deputies[0].id, name: deputies[0].name, present: true }]);
    expect(detail.timeline.map((e) => e.type)).toEqual(['recorded']);
    const [row] = await t.db.query<{ workflow_id: string | null; recorded_by: string }[]>(
      `SELECT r.workflow_id, u.username AS recorded_by FROM receptions r JOIN users u ON u.id = r.recorded_by_user_id
       WHERE r.id = $1`,
      [detail.id],
    );
    expect(row).toEqual({ workflow_id: null, recorded_by: 'liaison.rongjiawan' });
    const issue = await untilStatus(t, 'admin', detail.issues[0].id, 'assigned');
    expect(issue.leadDepartment?.id).toBe(await idOf(t.db, 'departments', 'jiaotong.rongjiawan'));
    const [{ channel }] = await t.db.query<{ channel: string }[]>(`SELECT channel FROM issues WHERE id = $1`, [
      issue.id,
    ]);
    expect(channel).toBe('reception_day');

    // A retry with the same key finds the same reception and issue; the key for another reception is refused.
    const again = expectStatus<ReceptionDetail>(await create(body), 201);
    expect(again.id).toBe(detail.id);
    expect(again.issues.map((i) => i.id)).toEqual([issue.id]);
    const other = await create({ ...body, heldOn: addCalendarDays(heldOn, -1) });
    expect(other.status).toBe(409);

    // The rule day of the same date is untouched: still waiting for its own record.
    const ruleDay = expectStatus<ReceptionDetail>(await t.http.get(`/api/receptions/${ruleDayId}`, liaison), 200);
    expect(ruleDay).toMatchObject({ kind: 'scheduled', status: 'awaiting_record', canRecord: true, issuesRaised: 0 });
  });

  it('records a reception by appointment on the same day too, and lists both kinds', async () => {
    const appointment = expectStatus<ReceptionDetail>(
      await create({
        ...body,
        kind: 'appointment',
        idempotencyKey: 'adhoc-test-0002',
        heldFrom: undefined,
        heldUntil: undefined,
        votersReceived: 1,
        issuesRaised: [],
      }),
      201,
    );
    expect(appointment).toMatchObject({ kind: 'appointment', kindLabel: '预约接待', heldFrom: null, issuesRaised: 0 });
    const page = expectStatus<{ items: ReceptionDetail[] }>(
      await t.http.get(`/api/receptions?stationId=${stationId}&from=${heldOn}&to=${heldOn}`, liaison),
      200,
    );
    expect(page.items.map((r) => r.kind).sort()).toEqual(['ad_hoc', 'appointment', 'scheduled']);
    // Out of scope, the list holds none of them.
    const outside = expectStatus<{ items: ReceptionDetail[] }>(
      await t.http.get(`/api/receptions?from=${heldOn}&to=${heldOn}`, await t.tokenOf('liaison.huangshajie')),
      200,
    );
    expect(outside.items.filter((r) => r.kind !== 'scheduled')).toEqual([]);
    // The deputy present (the only one of the station with an account) sees both among their duties.
    const [{ username }] = await t.db.query<{ username: string }[]>(`SELECT username FROM users WHERE deputy_id = $1`, [
      deputies[0].id,
    ]);
    const duties = expectStatus<ReceptionDetail[]>(
      await t.http.get('/api/deputies/me/duties', await t.tokenOf(username)),
      200,
    );
    expect(duties.find((d) => d.id === appointment.id)?.kind).toBe('appointment');
  });

  it("counts them in the station's voter-reception register; the rule day beside them stays unrecorded", async () => {
    const supervisor = await t.tokenOf('supervisor.rongjiawan');
    const response = await fetch(
      `${t.http.baseUrl}/api/supervision/ledgers/stations/rongjiawan?from=${heldOn}&to=${addCalendarDays(heldOn, 1)}&format=xlsx`,
      { headers: { Authorization: `Bearer ${supervisor}` } },
    );
    expect(response.status).toBe(200);
    const register = (await readXlsx(Buffer.from(await response.arrayBuffer()))).find(
      (s) => s.name === '接待选民登记簿',
    )!;
    const summaries = register.rows.filter((row) => row[1] === heldOn).map((row) => row[6]);
    expect(summaries).toEqual(
      expect.arrayContaining(['已接待，反映问题1件', '已接待，反映问题0件', expect.stringContaining('待登记')]),
    );
    const [{ status }] = await t.db.query<{ status: string }[]>(`SELECT status FROM receptions WHERE id = $1`, [
      ruleDayId,
    ]);
    expect(status).toBe('awaiting_record');
  });
});
