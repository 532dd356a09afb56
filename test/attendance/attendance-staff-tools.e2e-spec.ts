// The liaison office's staff tools (issue #13, item 6), over HTTP on the real services with a real worker: meetings
// that are held and closed (a past meeting no longer looks planned, cannot be cancelled nor get invitations), the
// deputy's phone on the call list (masked; a whole read logged), the deputy's answer recorded on their behalf (the
// timeline names who recorded it and for whom), inviting any deputy of the term found by name, "all present", and
// the term report printed and exported.
import type { ErrorBody } from '../auth/support/http';
import { readXlsx } from '../support/xlsx-reader';
import { eventually, expectStatus, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import {
  count,
  createMeeting,
  DEPUTY,
  deputyIdOf,
  LIAISON,
  OTHER_LIAISON,
  termByCode,
  type Invitation,
  type Meeting,
  type Page,
} from './support';

const DAY_MS = 24 * 60 * 60 * 1000;

interface MeetingWithState extends Meeting {
  statusLabel: string;
  closedAt: string | null;
}

interface Candidate {
  deputy: { id: string; name: string };
  attendances: number;
  invitedAs: 'whole' | 'item' | null;
}

interface InvitationDetail extends Invitation {
  deputyPhone: string;
  events: { type: string; label: string; actor: string | null; data: Record<string, unknown> }[];
}

describe('attendance staff tools', () => {
  let t: IssueTestApp;

  beforeAll(async () => {
    t = await startIssueApp({ worker: true });
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => t.clock.reset());

  const liaison = () => t.tokenOf(LIAISON);
  const put = <T = ErrorBody>(path: string, body: unknown, token: string) =>
    t.http.request<T>('PUT', path, { body, token });

  const invite = async (meetingId: string, deputyIds: string[]) =>
    expectStatus<Invitation[]>(
      await t.http.post(`/api/attendance/meetings/${meetingId}/invitations`, { deputyIds }, await liaison()),
      201,
    );

  const meetingOf = async (id: string, token: string) =>
    expectStatus<MeetingWithState>(await t.http.get(`/api/attendance/meetings/${id}`, token), 200);

  const untilNotified = (invitationId: string): Promise<InvitationDetail> =>
    eventually(`invitation ${invitationId} notified`, async () => {
      const detail = expectStatus<InvitationDetail>(
        await t.http.get(`/api/attendance/invitations/${invitationId}`, await liaison()),
        200,
      );
      return detail.status === 'notified' ? detail : undefined;
    });

  /** Moves the API's clock `days` ahead and signs in again there (tokens minted before have expired on it). */
  async function daysLater(days: number): Promise<string> {
    t.clock.advance(days * DAY_MS);
    return (await t.http.login(LIAISON)).accessToken;
  }

  it('a meeting is planned, then held once its day has passed, then closed: each state says what may still happen', async () => {
    const meeting = await createMeeting(t, 2, '状态测试常委会会议');
    const zhou = await deputyIdOf(t, DEPUTY);
    const [candidate] = expectStatus<Candidate[]>(
      await t.http.get(`/api/attendance/meetings/${meeting.id}/deputies?limit=5`, await liaison()),
      200,
    ).filter((c) => c.deputy.id !== zhou);
    const [invitation, other] = await invite(meeting.id, [zhou, candidate.deputy.id]);
    expect(await meetingOf(meeting.id, await liaison())).toMatchObject({ status: 'planned', statusLabel: '计划召开' });

    // Before its day the record cannot be closed, nor everyone marked present.
    const early = await t.http.post<ErrorBody>(`/api/attendance/meetings/${meeting.id}/close`, {}, await liaison());
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('has not been held yet');
    expect((await t.http.post(`/api/attendance/meetings/${meeting.id}/all-present`, {}, await liaison())).status).toBe(
      409,
    );

    const token = await daysLater(3);
    const held = await meetingOf(meeting.id, token);
    expect(held).toMatchObject({ status: 'held', statusLabel: '已召开', closedAt: null });
    const listed = async (status: string) =>
      expectStatus<Page<MeetingWithState>>(
        await t.http.get(`/api/attendance/meetings?termId=${meeting.term.id}&status=${status}&limit=100`, token),
        200,
      ).items.map((m) => m.id);
    expect(await listed('held')).toContain(meeting.id);
    expect(await listed('planned')).not.toContain(meeting.id);

    // A held meeting cannot be cancelled nor get invitations: 409, saying why; nothing changes.
    const cancel = await t.http.post<ErrorBody>(
      `/api/attendance/meetings/${meeting.id}/cancel`,
      { reason: '改期' },
      token,
    );
    expect(cancel.status).toBe(409);
    expect(cancel.body.message).toContain(`was held on ${meeting.meetingDate}`);
    const [another] = expectStatus<Candidate[]>(
      await t.http.get(`/api/attendance/meetings/${meeting.id}/deputies?limit=20`, token),
      200,
    ).filter((c) => c.invitedAs === null);
    const late = await t.http.post<ErrorBody>(
      `/api/attendance/meetings/${meeting.id}/invitations`,
      { deputyIds: [another.deputy.id] },
      token,
    );
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('nobody can be invited');
    expect(await count(t, `SELECT id FROM meeting_invitations WHERE meeting_id = $1`, [meeting.id])).toBe(2);
    expect(await count(t, `SELECT id FROM meetings WHERE id = $1 AND status = 'planned'`, [meeting.id])).toBe(1);

    // All present: one is marked absent by hand first, and stays so; the other is marked present, once.
    expectStatus(await put(`/api/attendance/invitations/${other.id}/attendance`, { mark: 'absent' }, token), 200);
    const key = { 'Idempotency-Key': `all-present-${meeting.id}` };
    const all = expectStatus<{ marked: number; leftOut: Invitation[] }>(
      await t.http.request('POST', `/api/attendance/meetings/${meeting.id}/all-present`, { token, headers: key }),
      200,
    );
    expect(all).toEqual({ marked: 1, leftOut: [] });
    const again = expectStatus<{ marked: number }>(
      await t.http.request('POST', `/api/attendance/meetings/${meeting.id}/all-present`, { token, headers: key }),
      200,
    );
    expect(again.marked).toBe(0);
    const marks = await t.db.query<{ id: string; attendance: string }[]>(
      `SELECT id, attendance FROM meeting_invitations WHERE meeting_id = $1`,
      [meeting.id],
    );
    expect(Object.fromEntries(marks.map((m) => [m.id, m.attendance]))).toEqual({
      [invitation.id]: 'present',
      [other.id]: 'absent',
    });
    expect(
      await count(t, `SELECT id FROM invitation_events WHERE invitation_id = $1 AND type = 'attendance_recorded'`, [
        invitation.id,
      ]),
    ).toBe(1);

    // Closed: attendance is final.
    const closed = expectStatus<MeetingWithState>(
      await t.http.post(`/api/attendance/meetings/${meeting.id}/close`, {}, token),
      200,
    );
    expect(closed).toMatchObject({ status: 'closed', statusLabel: '已结束' });
    expect(closed.closedAt).not.toBeNull();
    const [{ closed_by }] = await t.db.query<{ closed_by: string }[]>(
      `SELECT u.username AS closed_by FROM meetings m JOIN users u ON u.id = m.closed_by_user_id WHERE m.id = $1`,
      [meeting.id],
    );
    expect(closed_by).toBe(LIAISON);
    const change = await put(`/api/attendance/invitations/${other.id}/attendance`, { mark: 'present' }, token);
    expect(change.status).toBe(409);
    expect(change.body.message).toContain('closed');
    expect((await t.http.post(`/api/attendance/meetings/${meeting.id}/all-present`, {}, token)).status).toBe(409);
    expect((await t.http.post(`/api/attendance/meetings/${meeting.id}/close`, {}, token)).status).toBe(409);
    expect(
      (await t.http.request('PATCH', `/api/attendance/meetings/${meeting.id}`, { body: { title: '改名' }, token }))
        .status,
    ).toBe(409);
    expect((await t.http.post(`/api/attendance/meetings/${meeting.id}/cancel`, { reason: '改期' }, token)).status).toBe(
      409,
    );
    expect(await listed('closed')).toContain(meeting.id);
    expect(await listed('held')).not.toContain(meeting.id);
  });

  it('staff find any deputy of the term by name and invite them, not only those proposed', async () => {
    const meeting = await createMeeting(t, 6, '邀请任一代表测试会议');
    const token = await liaison();
    const zhou = await deputyIdOf(t, DEPUTY);
    const found = expectStatus<Candidate[]>(
      await t.http.get(`/api/attendance/meetings/${meeting.id}/deputies?name=${encodeURIComponent('周红')}`, token),
      200,
    );
    expect(found.map((c) => c.deputy.id)).toContain(zhou);
    expect(found.every((c) => c.deputy.name.includes('周红') && c.invitedAs === null)).toBe(true);

    // The one the proposals put last (the most attendances) is invited all the same.
    const proposals = expectStatus<{ proposals: { deputy: { id: string; name: string } }[] }>(
      await t.http.get(`/api/attendance/meetings/${meeting.id}/proposals?limit=100`, token),
      200,
    ).proposals;
    const { id: last, name: lastName } = proposals[proposals.length - 1].deputy;
    const [invited] = await invite(meeting.id, [last]);
    expect(invited.deputy.id).toBe(last);
    const byName = expectStatus<Candidate[]>(
      await t.http.get(`/api/attendance/meetings/${meeting.id}/deputies?name=${encodeURIComponent(lastName)}`, token),
      200,
    );
    expect(byName.find((c) => c.deputy.id === last)?.invitedAs).toBe('whole');

    // Nobody outside the term is found; a name with LIKE's wildcards is matched as typed; bad input names its field.
    expect(
      expectStatus<Candidate[]>(
        await t.http.get(`/api/attendance/meetings/${meeting.id}/deputies?name=%25`, token),
        200,
      ),
    ).toEqual([]);
    const bad = await t.http.get<ErrorBody>(`/api/attendance/meetings/${meeting.id}/deputies?limit=0`, token);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields ?? {})).toEqual(['limit']);
    expect(
      (await t.http.get(`/api/attendance/meetings/${meeting.id}/deputies`, await t.tokenOf(OTHER_LIAISON))).status,
    ).toBe(404);
  });

  it('the call list shows the phone masked; a whole read is logged; the answer is recorded for the deputy, audited', async () => {
    const meeting = await createMeeting(t, 8, '电话通知测试会议');
    const zhou = await deputyIdOf(t, DEPUTY);
    const [invitation] = await invite(meeting.id, [zhou]);
    await untilNotified(invitation.id);
    const [{ phone }] = await t.db.query<{ phone: string }[]>(`SELECT phone FROM deputies WHERE id = $1`, [zhou]);

    const tasks = expectStatus<Page<InvitationDetail>>(
      await t.http.get(`/api/attendance/phone-tasks?meetingId=${meeting.id}`, await liaison()),
      200,
    );
    const task = tasks.items.find((i) => i.id === invitation.id)!;
    expect(task.deputyPhone).toMatch(/\*{4}/);
    expect(task.deputyPhone).not.toBe(phone);
    expect(task.deputyPhone.slice(-4)).toBe(phone.replace(/\D/g, '').slice(-4));

    const reads = () =>
      count(t, `SELECT id FROM data_access_log WHERE issue_id IS NULL AND purpose = $1`, [
        `call_deputy invitation:${invitation.id}`,
      ]);
    expect(await reads()).toBe(0);
    const whole = expectStatus<{ phone: string; masked: boolean }>(
      await t.http.get(`/api/attendance/invitations/${invitation.id}/deputy-phone`, await liaison()),
      200,
    );
    expect(whole).toEqual({ phone, masked: false });
    const [logged] = await t.db.query<{ username: string; fields: string[] }[]>(
      `SELECT u.username, l.fields FROM data_access_log l JOIN users u ON u.id = l.user_id WHERE l.purpose = $1`,
      [`call_deputy invitation:${invitation.id}`],
    );
    expect(logged).toEqual({ username: LIAISON, fields: ['deputies.phone'] });
    // An admin who does not make the calls sees it masked, and nothing is logged; another region does not see it.
    const asAdmin = expectStatus<{ phone: string; masked: boolean }>(
      await t.http.get(`/api/attendance/invitations/${invitation.id}/deputy-phone`, await t.tokenOf('admin')),
      200,
    );
    expect(asAdmin).toEqual({ phone: task.deputyPhone, masked: true });
    expect(
      (await t.http.get(`/api/attendance/invitations/${invitation.id}/deputy-phone`, await t.tokenOf(OTHER_LIAISON)))
        .status,
    ).toBe(404);
    expect(await reads()).toBe(1);

    // The deputy answers on the phone that they ask for leave: staff record it, with the same checks as the deputy's.
    const path = `/api/attendance/invitations/${invitation.id}/reply-on-behalf`;
    const noReason = await t.http.post<ErrorBody>(path, { answer: 'leave', reason: '  ' }, await liaison());
    expect(noReason.status).toBe(400);
    expect(Object.keys(noReason.body.fields ?? {})).toEqual(['reason']);
    const headers = { 'Idempotency-Key': `on-behalf-${invitation.id}` };
    const body = { answer: 'leave', reason: '电话中告知：当日出差外地，无法参会。' };
    for (let i = 0; i < 2; i++) {
      const recorded = expectStatus<Invitation>(
        await t.http.request('POST', path, { body, token: await liaison(), headers }),
        200,
      );
      expect(recorded).toMatchObject({ status: 'leave_requested', reply: 'leave', leaveReason: body.reason });
    }
    expect((await t.http.post(path, { answer: 'attend' }, await t.tokenOf(OTHER_LIAISON))).status).toBe(404);
    expect((await t.http.post(path, { answer: 'attend' }, await t.tokenOf(DEPUTY))).status).toBe(403);

    const detail = expectStatus<InvitationDetail>(
      await t.http.get(`/api/attendance/invitations/${invitation.id}`, await liaison()),
      200,
    );
    const replies = detail.events.filter((e) => e.type === 'replied');
    expect(replies).toHaveLength(1);
    const [{ display_name }] = await t.db.query<{ display_name: string }[]>(
      `SELECT display_name FROM users WHERE username = $1`,
      [LIAISON],
    );
    expect(replies[0]).toMatchObject({
      label: '代为登记代表回复',
      actor: display_name,
      data: { answer: 'leave', reason: body.reason, onBehalfOf: { deputyId: zhou, deputyName: '周红' } },
    });
    const [audit] = await t.db.query<{ username: string }[]>(
      `SELECT u.username FROM invitation_events e JOIN users u ON u.id = e.actor_user_id
        WHERE e.invitation_id = $1 AND e.type = 'replied'`,
      [invitation.id],
    );
    expect(audit.username).toBe(LIAISON);
  });

  it('prints and exports the term report: one row per meeting and the total, the figures of the period report', async () => {
    const term = await termByCode(t, 'xiangtan-15');
    const query = `termId=${term.id}&from=2017-01-01&to=2018-06-01`;
    const xlsx = await t.http.getFile(`/api/attendance/reports/period/export?${query}&format=xlsx`, await liaison());
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(xlsx.headers.get('content-disposition')).toContain('attachment');
    const [sheet] = await readXlsx(xlsx.body);
    expect(sheet.title).toContain(term.name);
    expect(sheet.rows[0]).toEqual([
      '会议',
      '日期',
      '邀请',
      '列席人次',
      '全程列席',
      '按议题列席',
      '迟到',
      '缺席',
      '请假',
      '未登记',
      '发言',
    ]);
    expect(sheet.rows).toHaveLength(1 + 10 + 1);
    const total = sheet.rows[sheet.rows.length - 1];
    expect(total[0]).toContain('合计（10次会议');
    expect(total.slice(3, 6)).toEqual([151, 90, 61]);

    const html = await t.http.getFile(`/api/attendance/reports/period/export?${query}`, await liaison());
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    const page = html.body.toString('utf8');
    expect(page).toContain('<td>151</td>');
    expect(page).toContain('@page');

    const bad = await t.http.get<ErrorBody>(
      `/api/attendance/reports/period/export?${query}&format=pdf`,
      await liaison(),
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields ?? {})).toEqual(['format']);
    const outsider = await t.http.get<ErrorBody>(
      `/api/attendance/reports/period/export?${query}`,
      await t.tokenOf(OTHER_LIAISON),
    );
    expect(outsider.status).toBe(400);
  });
});
