// Attendance figures computed from the records (no worker: nothing here starts a workflow). The Xiangtan bulletin's
// record, seeded as demo data, must come out as 90 whole-meeting + 61 per-item = 151 attendances, not the 161 it
// printed; the coverage rule puts deputies who have not attended yet first; and the API keeps out whoever is not in
// the meeting's region, answers bad input naming the field, and changes nothing when it refuses.
import { expectStatus, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import type { ErrorBody } from '../auth/support/http';
import { readXlsx } from '../support/xlsx-reader';
import { seedDemoData } from '@app/database';
import { attendanceSheet } from '../../apps/api/src/attendance/attendance-sheet';
import { AttendanceRepository } from '../../apps/api/src/attendance/attendance.repository';
import {
  count,
  createMeeting,
  DEPUTY,
  deputyIdOf,
  futureDate,
  LIAISON,
  OTHER_LIAISON,
  termByCode,
  type Meeting,
  type Page,
} from './support';

interface PeriodReport {
  meetings: number;
  invited: number;
  attended: number;
  attendedWhole: number;
  attendedItem: number;
  absent: number;
  onLeave: number;
  speeches: number;
  suggestions: number;
  distinctDeputies: number;
  perMeeting: { meetingId: string; title: string; attended: number; attendedWhole: number; attendedItem: number }[];
}

interface Coverage {
  deputies: number;
  attendedAtLeastOnce: number;
  coverage: number | null;
  notYetAttended: { id: string; name: string }[];
}

interface Proposals {
  kind: string;
  quota: number;
  alreadyInvited: number;
  proposals: { deputy: { id: string; name: string }; attendances: number; neverAttended: boolean }[];
}

describe('attendance records and reports', () => {
  let t: IssueTestApp;

  beforeAll(async () => {
    t = await startIssueApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  const asLiaison = async () => t.tokenOf(LIAISON);

  describe("the Xiangtan bulletin's record (Jan 2017 – May 2018)", () => {
    it('says 151 attendances from the records: 90 whole-meeting and 61 per-item, in 10 meetings', async () => {
      const term = await termByCode(t, 'xiangtan-15');
      const report = expectStatus<PeriodReport>(
        await t.http.get(
          `/api/attendance/reports/period?termId=${term.id}&from=2017-01-01&to=2018-06-01`,
          await asLiaison(),
        ),
        200,
      );
      expect(report).toMatchObject({
        meetings: 10,
        attended: 151,
        attendedWhole: 90,
        attendedItem: 61,
        speeches: 50,
        suggestions: 25,
        absent: 0,
        onLeave: 0,
        distinctDeputies: 151,
      });
      expect(report.attended).not.toBe(161); // the bulletin's own sum
      expect(report.attendedWhole + report.attendedItem).toBe(report.attended);
      expect(report.perMeeting.reduce((sum, m) => sum + m.attended, 0)).toBe(151);

      // The same figure straight from the rows, with no API in between.
      const fromRows = await count(
        t,
        `SELECT i.id FROM meeting_invitations i JOIN meetings m ON m.id = i.meeting_id
         WHERE m.term_id = $1 AND m.meeting_date >= '2017-01-01' AND m.meeting_date < '2018-06-01'
           AND i.attendance IN ('present', 'late')`,
        [term.id],
      );
      expect(fromRows).toBe(151);
    });

    it('reports each meeting: invited, attended by type, absences, speeches and suggestions', async () => {
      const term = await termByCode(t, 'xiangtan-15');
      const { items } = expectStatus<Page<Meeting>>(
        await t.http.get(`/api/attendance/meetings?termId=${term.id}&limit=100`, await asLiaison()),
        200,
      );
      expect(items).toHaveLength(10);
      const last = items.find((m) => m.meetingDate === '2018-05-30')!;
      expect(last.agenda).toHaveLength(3);
      const report = expectStatus<Record<string, unknown>>(
        await t.http.get(`/api/attendance/meetings/${last.id}/report`, await asLiaison()),
        200,
      );
      expect(report).toMatchObject({
        invited: 16,
        invitedWhole: 9,
        invitedItem: 7,
        attended: 16,
        attendedWhole: 9,
        attendedItem: 7,
        late: 0,
        absent: 0,
        onLeave: 0,
        notRecorded: 0,
        speeches: 5,
        signedSpeeches: 5,
        suggestions: 2,
        absences: [],
      });
    });

    it("lists the term's deputies who have not attended yet", async () => {
      const term = await termByCode(t, 'xiangtan-15');
      const coverage = expectStatus<Coverage>(
        await t.http.get(`/api/attendance/terms/${term.id}/coverage`, await asLiaison()),
        200,
      );
      expect(coverage).toMatchObject({ deputies: 180, attendedAtLeastOnce: 151, coverage: 0.839 });
      expect(coverage.notYetAttended).toHaveLength(29);
      expect(coverage.notYetAttended.map((d) => d.id)).toContain(await deputyIdOf(t, DEPUTY));
    });

    it("puts a deputy's attendance into their performance file", async () => {
      const attended = await t.db.query<{ deputy_id: string }[]>(
        `SELECT i.deputy_id FROM meeting_invitations i JOIN meetings m ON m.id = i.meeting_id
         WHERE m.meeting_date = '2017-02-23' AND i.kind = 'whole' ORDER BY i.deputy_id LIMIT 1`,
      );
      const period = { from: '2017-01-01', to: '2018-06-01' };
      const sheet = attendanceSheet(
        await new AttendanceRepository(t.db).invitationsOfDeputyIn(attended[0].deputy_id, period),
      );
      expect(sheet.name).toBe('列席常委会会议');
      expect(sheet.rows).toEqual([
        [
          1,
          { date: '2017-02-23' },
          '湘潭市第十五届人大常委会第三次会议',
          '全程列席',
          null,
          '列席',
          null,
          '出席',
          expect.any(Number),
          expect.any(Number),
        ],
      ]);
    });

    it("adds the attendance sheet to the performance file's XLSX", async () => {
      const [row] = await t.db.query<{ deputy_id: string }[]>(
        `SELECT i.deputy_id FROM meeting_invitations i JOIN meetings m ON m.id = i.meeting_id
         WHERE m.meeting_date = '2018-05-30' AND i.kind = 'item' ORDER BY i.deputy_id LIMIT 1`,
      );
      const response = await fetch(
        `${t.http.baseUrl}/api/supervision/ledgers/deputies/${row.deputy_id}?from=2017-01-01&to=2018-06-01&format=xlsx`,
        { headers: { authorization: `Bearer ${await t.tokenOf('admin')}` } },
      );
      expect(response.status).toBe(200);
      const sheets = await readXlsx(Buffer.from(await response.arrayBuffer()));
      const attendance = sheets.find((sheet) => sheet.name === '列席常委会会议');
      expect(attendance?.rows).toContainEqual(
        expect.arrayContaining([
          '2018-05-30',
          expect.stringContaining('湘潭市第十五届人大常委会第十二次会议'),
          '按议题列席',
        ]),
      );
    });

    it('seeds nothing twice: a second run writes no row', async () => {
      const tables = [
        'regions',
        'deputies',
        'users',
        'user_roles',
        'congress_terms',
        'term_deputies',
        'meetings',
      ].concat(['meeting_agenda_items', 'meeting_invitations', 'invitation_events', 'meeting_speeches']);
      // xmin is the transaction that last wrote a row: unchanged means the second run wrote nothing.
      const snapshot = async () => {
        const result: Record<string, unknown[]> = {};
        for (const table of tables) {
          result[table] = await t.db.query(`SELECT t.xmin::text AS xmin FROM ${table} t ORDER BY to_jsonb(t)::text`);
        }
        return result;
      };
      const before = await snapshot();
      await seedDemoData(t.db);
      expect(await snapshot()).toEqual(before);
      expect(await count(t, `SELECT id FROM meeting_speeches`)).toBe(50);
    });
  });

  describe('the coverage rule', () => {
    it('proposes the deputies who have not attended yet this term first, then the fewest attendances', async () => {
      const { date, term } = await futureDate(t, 7);
      // Every deputy of the term but five attended a past meeting of the term.
      const all = await t.db.query<{ deputy_id: string }[]>(
        `SELECT deputy_id FROM term_deputies WHERE term_id = $1 ORDER BY deputy_id`,
        [term.id],
      );
      const missing = all.slice(0, 5).map((r) => r.deputy_id);
      const pastDate = term.startsOn > '2026-01-01' ? term.startsOn : '2026-01-05';
      expect(pastDate < date).toBe(true);
      const [past] = await t.db.query<{ id: string }[]>(
        `INSERT INTO meetings (term_id, title, meeting_date) VALUES ($1, '往次会议', $2) RETURNING id`,
        [term.id, pastDate],
      );
      await t.db.query(
        `INSERT INTO meeting_invitations (meeting_id, deputy_id, kind, status, reply, attendance)
         SELECT $1, deputy_id, 'whole', 'attending', 'attend', 'present' FROM term_deputies
         WHERE term_id = $2 AND NOT (deputy_id = ANY($3::uuid[]))`,
        [past.id, term.id, missing],
      );

      const meeting = await createMeeting(t, 7, '覆盖规则测试会议');
      const proposals = expectStatus<Proposals>(
        await t.http.get(`/api/attendance/meetings/${meeting.id}/proposals`, await asLiaison()),
        200,
      );
      expect(proposals).toMatchObject({ kind: 'whole', quota: 10, alreadyInvited: 0 });
      expect(proposals.proposals).toHaveLength(10);
      expect(new Set(proposals.proposals.slice(0, 5).map((p) => p.deputy.id))).toEqual(new Set(missing));
      expect(proposals.proposals.slice(0, 5).every((p) => p.neverAttended && p.attendances === 0)).toBe(true);
      expect(proposals.proposals.slice(5).every((p) => !p.neverAttended && p.attendances === 1)).toBe(true);

      const item = meeting.agenda[1];
      const forItem = expectStatus<Proposals>(
        await t.http.get(`/api/attendance/meetings/${meeting.id}/proposals?agendaItemId=${item.id}`, await asLiaison()),
        200,
      );
      expect(forItem).toMatchObject({ kind: 'item', quota: 3 });
      expect(forItem.proposals.map((p) => p.deputy.id).every((id) => missing.includes(id))).toBe(true);

      const coverage = expectStatus<Coverage>(
        await t.http.get(`/api/attendance/terms/${term.id}/coverage`, await asLiaison()),
        200,
      );
      expect(coverage.notYetAttended.map((d) => d.id).sort()).toEqual([...missing].sort());
    });
  });

  describe('access and input', () => {
    let meeting: Meeting;

    beforeAll(async () => {
      meeting = await createMeeting(t, 9, '权限测试会议');
    });

    it('hides a meeting from users outside its region (404) and refuses other roles (403), changing nothing', async () => {
      const before = await count(t, `SELECT id FROM meeting_invitations WHERE meeting_id = $1`, [meeting.id]);
      const other = await t.tokenOf(OTHER_LIAISON);
      const deputy = await t.tokenOf(DEPUTY);
      const department = await t.tokenOf('dept.jiaotong.rongjiawan');
      const someDeputy = await deputyIdOf(t, DEPUTY);

      expect((await t.http.get(`/api/attendance/meetings/${meeting.id}`, other)).status).toBe(404);
      expect((await t.http.get(`/api/attendance/meetings/${meeting.id}/report`, other)).status).toBe(404);
      expect(
        (await t.http.post(`/api/attendance/meetings/${meeting.id}/invitations`, { deputyIds: [someDeputy] }, other))
          .status,
      ).toBe(404);
      expect((await t.http.post(`/api/attendance/meetings/${meeting.id}/cancel`, { reason: '试' }, other)).status).toBe(
        404,
      );
      const listed = expectStatus<Page<Meeting>>(await t.http.get('/api/attendance/meetings', other), 200);
      expect(listed.items.find((m) => m.id === meeting.id)).toBeUndefined();

      expect((await t.http.get(`/api/attendance/meetings/${meeting.id}`, deputy)).status).toBe(403);
      expect(
        (await t.http.post(`/api/attendance/meetings/${meeting.id}/invitations`, { deputyIds: [someDeputy] }, deputy))
          .status,
      ).toBe(403);
      expect((await t.http.get('/api/attendance/my/invitations', department)).status).toBe(403);
      expect((await t.http.get(`/api/attendance/meetings/${meeting.id}`)).status).toBe(401);

      expect(await count(t, `SELECT id FROM meeting_invitations WHERE meeting_id = $1`, [meeting.id])).toBe(before);
      const [{ status }] = await t.db.query<{ status: string }[]>(`SELECT status FROM meetings WHERE id = $1`, [
        meeting.id,
      ]);
      expect(status).toBe('planned');
      // The admin reaches every region.
      expect((await t.http.get(`/api/attendance/meetings/${meeting.id}`, await t.tokenOf('admin'))).status).toBe(200);
    });

    it('names the bad field and writes nothing', async () => {
      const token = await asLiaison();
      const meetings = await count(t, `SELECT id FROM meetings`);
      const bad = async (body: Record<string, unknown>): Promise<string[]> => {
        const response = await t.http.post<ErrorBody>('/api/attendance/meetings', body, token);
        expect(response.status).toBe(400);
        return Object.keys(response.body.fields ?? {}).sort();
      };
      const good = {
        termId: meeting.term.id,
        title: '字段测试会议',
        meetingDate: meeting.meetingDate,
        agenda: [{ title: '审议报告', committee: '财政经济工作委员会' }],
      };
      expect(await bad({ ...good, extra: 1 })).toEqual(['extra']);
      expect(await bad({ ...good, agenda: [] })).toEqual(['agenda']);
      expect(await bad({ ...good, agenda: [{ title: '审议报告', committee: '  ' }] })).toEqual(['agenda.0.committee']);
      expect(await bad({ ...good, meetingDate: '2026-02-30' })).toEqual(['meetingDate']);
      expect(await bad({ ...good, meetingDate: '2017-03-01' })).toEqual(['meetingDate']); // outside the term
      expect(await bad({ ...good, termId: 'not-a-uuid' })).toEqual(['termId']);
      expect(await count(t, `SELECT id FROM meetings`)).toBe(meetings);

      const [outsider] = await t.db.query<{ id: string }[]>(
        `SELECT d.id FROM deputies d WHERE NOT EXISTS (SELECT 1 FROM term_deputies td WHERE td.deputy_id = d.id) LIMIT 1`,
      );
      const invite = await t.http.post<ErrorBody>(
        `/api/attendance/meetings/${meeting.id}/invitations`,
        { deputyIds: [outsider.id] },
        token,
      );
      expect(invite.status).toBe(400);
      expect(Object.keys(invite.body.fields ?? {})).toEqual(['deputyIds.0']);
      const wrongItem = await t.http.post<ErrorBody>(
        `/api/attendance/meetings/${meeting.id}/invitations`,
        { deputyIds: [await deputyIdOf(t, DEPUTY)], agendaItemId: '0f8fad5b-d9cb-469f-a165-70867728950e' },
        token,
      );
      expect(Object.keys(wrongItem.body.fields ?? {})).toEqual(['agendaItemId']);
      expect(await count(t, `SELECT id FROM meeting_invitations WHERE meeting_id = $1`, [meeting.id])).toBe(0);
    });

    it('has the schema its entities describe (the migration and the entities agree)', async () => {
      const sql = await t.db.driver.createSchemaBuilder().log();
      const ours =
        /congress_terms|term_deputies|meetings|meeting_agenda_items|meeting_invitations|invitation_events|meeting_speeches/;
      expect(sql.upQueries.map((q) => q.query).filter((q) => ours.test(q))).toEqual([]);
    });

    it('refuses leave as attendance without an approved written request, in the schema itself', async () => {
      const [row] = await t.db.query<{ id: string }[]>(
        `SELECT id FROM meeting_invitations WHERE attendance = 'present' LIMIT 1`,
      );
      await expect(
        t.db.query(`UPDATE meeting_invitations SET attendance = 'on_leave' WHERE id = $1`, [row.id]),
      ).rejects.toThrow(/ck_meeting_invitations_on_leave/);
      await expect(
        t.db.query(`UPDATE invitation_events SET type = 'x' WHERE invitation_id = $1`, [row.id]),
      ).rejects.toThrow(/append-only/);
    });
  });
});
