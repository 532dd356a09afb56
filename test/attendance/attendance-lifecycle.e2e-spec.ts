// An invitation through HTTP as its users would take it, on the real services: PostgreSQL, the Temporal dev server, a
// real worker in process and the SMTP catcher. Invite → advance notice mailed → phone call recorded → the deputy
// replies → attendance on the day → speech recorded, mailed for sign-off, corrected and signed by the deputy → the
// deliberation opinions carry the signed text. And a cancelled meeting: the deputy is told, nothing more is taken.
import { chinaDay } from '@app/calendar';
import { chineseDate } from '../../apps/api/src/common/export/official-document';
import type { ErrorBody } from '../auth/support/http';
import { readDocx, readPdf } from '../support/document-reader';
import { eventually, expectStatus, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import { userEmail } from '../issues/support/issues';
import {
  count,
  createMeeting,
  DEPUTY,
  deputyIdOf,
  LIAISON,
  OTHER_LIAISON,
  type Invitation,
  type Meeting,
  type Page,
} from './support';

const DAY_MS = 24 * 60 * 60 * 1000;

interface Speech {
  id: string;
  text: string;
  status: string;
  statusLabel: string;
  originalText: string | null;
  suggestions: string[];
}

interface Proposals {
  proposals: { deputy: { id: string; name: string } }[];
}

describe('attendance over HTTP, with a real worker', () => {
  let t: IssueTestApp;

  beforeAll(async () => {
    t = await startIssueApp({ worker: true });
  });

  afterAll(async () => {
    await t?.close();
  });

  const liaison = () => t.tokenOf(LIAISON);
  const put = <T = ErrorBody>(path: string, body: unknown, token: string) =>
    t.http.request<T>('PUT', path, { body, token });
  const deputy = () => t.tokenOf(DEPUTY);

  async function invitationOf(meetingId: string, deputyId: string): Promise<Invitation> {
    const page = expectStatus<Page<Invitation>>(
      await t.http.get(`/api/attendance/meetings/${meetingId}/invitations`, await liaison()),
      200,
    );
    return page.items.find((i) => i.deputy.id === deputyId)!;
  }

  function untilInvitation(meetingId: string, deputyId: string, ok: (i: Invitation) => boolean): Promise<Invitation> {
    return eventually(`the invitation of ${deputyId}`, async () => {
      const invitation = await invitationOf(meetingId, deputyId);
      return invitation && ok(invitation) ? invitation : undefined;
    });
  }

  it('invite, notify, call, reply, attend, speak, sign off, and compile the deliberation opinions', async () => {
    const meeting = await createMeeting(t, 5, '湘潭市人大常委会列席测试会议');
    const zhou = await deputyIdOf(t, DEPUTY);
    const proposals = expectStatus<Proposals>(
      await t.http.get(`/api/attendance/meetings/${meeting.id}/proposals?limit=3`, await liaison()),
      200,
    );
    const other = proposals.proposals.map((p) => p.deputy.id).find((id) => id !== zhou)!;

    const invited = expectStatus<Invitation[]>(
      await t.http.post(`/api/attendance/meetings/${meeting.id}/invitations`, { deputyIds: [zhou] }, await liaison()),
      201,
    );
    expect(invited).toMatchObject([{ deputy: { id: zhou, name: '周红' }, kind: 'whole' }]);
    const forItem = expectStatus<Invitation[]>(
      await t.http.post(
        `/api/attendance/meetings/${meeting.id}/invitations`,
        { deputyIds: [other], agendaItemId: meeting.agenda[0].id },
        await liaison(),
      ),
      201,
    );
    expect(forItem[0]).toMatchObject({ kind: 'item', agendaItem: { id: meeting.agenda[0].id } });
    // Inviting again the same way starts nothing new.
    expectStatus(
      await t.http.post(`/api/attendance/meetings/${meeting.id}/invitations`, { deputyIds: [zhou] }, await liaison()),
      201,
    );
    expect(await count(t, `SELECT id FROM meeting_invitations WHERE meeting_id = $1`, [meeting.id])).toBe(2);

    // Notice 1: the advance notice with the materials, by email.
    const notice = await t.mail.waitFor(
      (m) => m.to.includes(userEmail(DEPUTY)) && m.subject.includes('列席会议预告通知'),
      30_000,
    );
    expect(notice.text).toContain(meeting.title);
    expect(notice.text).toContain('黑臭水体');
    expect(notice.text).toContain(invited[0].id);
    const zhouInvitation = await untilInvitation(meeting.id, zhou, (i) => i.status === 'notified');
    expect(zhouInvitation.phoneStatus).toBe('pending');

    // Notice 2: the phone-call task shows up in the staff list; the call is recorded.
    const tasks = expectStatus<Page<Invitation>>(
      await t.http.get(`/api/attendance/phone-tasks?meetingId=${meeting.id}`, await liaison()),
      200,
    );
    expect(tasks.items.map((i) => i.deputy.id).sort()).toEqual([zhou, other].sort());
    const called = expectStatus<Invitation>(
      await t.http.post(
        `/api/attendance/invitations/${zhouInvitation.id}/phone-call`,
        { outcome: 'reached', note: '本人接听' },
        await liaison(),
      ),
      200,
    );
    expect(called.phoneStatus).toBe('reached');
    const after = expectStatus<Page<Invitation>>(
      await t.http.get(`/api/attendance/phone-tasks?meetingId=${meeting.id}`, await liaison()),
      200,
    );
    expect(after.items.map((i) => i.deputy.id)).toEqual([other]);

    // The deputy sees the invitation and replies: leave needs a written reason; attend.
    const mine = expectStatus<Page<Invitation>>(
      await t.http.get('/api/attendance/my/invitations', await deputy()),
      200,
    );
    expect(mine.items.map((i) => i.id)).toContain(zhouInvitation.id);
    const noReason = await t.http.post<ErrorBody>(
      `/api/attendance/my/invitations/${zhouInvitation.id}/reply`,
      { answer: 'leave' },
      await deputy(),
    );
    expect(noReason.status).toBe(400);
    expect(Object.keys(noReason.body.fields ?? {})).toEqual(['reason']);
    const unknown = await t.http.post<ErrorBody>(
      `/api/attendance/my/invitations/${zhouInvitation.id}/reply`,
      { answer: 'maybe', when: 'later' },
      await deputy(),
    );
    expect(Object.keys(unknown.body.fields ?? {}).sort()).toEqual(['answer', 'when']);
    const attending = expectStatus<Invitation>(
      await t.http.post(
        `/api/attendance/my/invitations/${zhouInvitation.id}/reply`,
        { answer: 'attend' },
        await deputy(),
      ),
      200,
    );
    expect(attending).toMatchObject({ status: 'attending', reply: 'attend', statusLabel: '确认列席' });

    // Out of scope: another region's officer cannot see or act on it; nothing changes.
    const outsider = await t.tokenOf(OTHER_LIAISON);
    expect((await t.http.get(`/api/attendance/invitations/${zhouInvitation.id}`, outsider)).status).toBe(404);
    expect(
      (
        await t.http.post(
          `/api/attendance/invitations/${zhouInvitation.id}/phone-call`,
          { outcome: 'not_reached' },
          outsider,
        )
      ).status,
    ).toBe(404);
    expect(
      (await put(`/api/attendance/invitations/${zhouInvitation.id}/attendance`, { mark: 'absent' }, outsider)).status,
    ).toBe(404);
    const otherInvitation = await invitationOf(meeting.id, other);
    expect(
      (
        await t.http.post(
          `/api/attendance/my/invitations/${otherInvitation.id}/reply`,
          { answer: 'attend' },
          await deputy(),
        )
      ).status,
    ).toBe(404);
    expect((await invitationOf(meeting.id, zhou)).phoneStatus).toBe('reached');

    // On the day: attendance is taken then, not before; leave only with an approved request.
    const early = await put(
      `/api/attendance/invitations/${zhouInvitation.id}/attendance`,
      { mark: 'present' },
      await liaison(),
    );
    expect(early.status).toBe(409);
    t.clock.advance(5 * DAY_MS);
    try {
      // Tokens are minted on the moved clock, so the old ones have expired there.
      const onTheDay = (await t.http.login(LIAISON)).accessToken;
      expectStatus(
        await put(`/api/attendance/invitations/${zhouInvitation.id}/attendance`, { mark: 'present' }, onTheDay),
        200,
      );
      const leave = await put<ErrorBody>(
        `/api/attendance/invitations/${otherInvitation.id}/attendance`,
        { mark: 'on_leave' },
        onTheDay,
      );
      expect(leave.status).toBe(400);
      expect(Object.keys(leave.body.fields ?? {})).toEqual(['mark']);
      expectStatus(
        await put(`/api/attendance/invitations/${otherInvitation.id}/attendance`, { mark: 'absent' }, onTheDay),
        200,
      );
    } finally {
      t.clock.reset();
    }

    // The speech: only an attending deputy's; mailed for sign-off; the deputy corrects and signs it.
    const absentSpeech = await t.http.post<ErrorBody>(
      `/api/attendance/meetings/${meeting.id}/speeches`,
      { agendaItemId: meeting.agenda[0].id, deputyId: other, text: '发言' },
      await liaison(),
    );
    expect(Object.keys(absentSpeech.body.fields ?? {})).toEqual(['deputyId']);
    const transcript = '建议加快老旧小区雨污分流改造，明确时间表。';
    const speech = expectStatus<Speech>(
      await t.http.post(
        `/api/attendance/meetings/${meeting.id}/speeches`,
        {
          agendaItemId: meeting.agenda[0].id,
          deputyId: zhou,
          text: transcript,
          suggestions: ['明确雨污分流改造时间表'],
        },
        await liaison(),
      ),
      201,
    );
    expect(speech).toMatchObject({ status: 'awaiting_signoff', statusLabel: '待签阅' });
    const signOffMail = await t.mail.waitFor(
      (m) => m.to.includes(userEmail(DEPUTY)) && m.subject.includes('请签阅发言记录'),
      30_000,
    );
    expect(signOffMail.text).toContain(transcript);
    const unsigned = await t.http.get<string>(`/api/attendance/meetings/${meeting.id}/deliberation`, await liaison());
    expect(unsigned.body).not.toContain(transcript);
    expect(unsigned.body).toContain('1 篇待本人签阅');

    const mySpeeches = expectStatus<Speech[]>(await t.http.get('/api/attendance/my/speeches', await deputy()), 200);
    expect(mySpeeches.map((s) => s.id)).toEqual([speech.id]);
    const corrected = '建议加快老旧小区雨污分流改造，明确2027年底前完成的时间表。';
    const signed = expectStatus<Speech>(
      await t.http.post(`/api/attendance/my/speeches/${speech.id}/sign-off`, { text: corrected }, await deputy()),
      200,
    );
    expect(signed).toMatchObject({ status: 'corrected', text: corrected, originalText: transcript });
    expect((await t.http.post(`/api/attendance/my/speeches/${speech.id}/sign-off`, {}, await deputy())).status).toBe(
      409,
    );

    const html = await t.http.get<string>(`/api/attendance/meetings/${meeting.id}/deliberation`, await liaison());
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('content-disposition')).toContain('attachment');
    expect(html.body).toContain(`${meeting.title}审议意见`);
    expect(html.body).toContain(corrected);
    expect(html.body).toContain('周红代表');
    expect(html.body).toContain('经本人修改');
    expect(html.body).not.toContain(transcript);
    const xlsx = await t.http.get<string>(
      `/api/attendance/meetings/${meeting.id}/deliberation?format=xlsx`,
      await liaison(),
    );
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');

    // The official document (公文) in Word and PDF: the issuing office, the title, the signed text, the date line.
    const today = chineseDate(chinaDay(new Date()));
    const docxFile = await t.http.getFile(
      `/api/attendance/meetings/${meeting.id}/deliberation?format=docx`,
      await liaison(),
    );
    expect(docxFile.status).toBe(200);
    expect(docxFile.headers.get('content-type')).toContain('wordprocessingml');
    const docx = (await readDocx(docxFile.body, 'deliberation.docx')).paragraphs.filter((p) => p !== '');
    const issuer = `${meeting.term.name}常务委员会办公室`;
    expect(docx.slice(0, 2)).toEqual([issuer, `${meeting.title}审议意见`]);
    expect(docx).toEqual(expect.arrayContaining([corrected, '（本人已签阅，经本人修改）']));
    expect(docx.some((p) => p.startsWith('周红代表'))).toBe(true);
    expect(docx).not.toContain(transcript);
    expect(docx.slice(-2)).toEqual([issuer, today]);
    const pdfFile = await t.http.getFile(
      `/api/attendance/meetings/${meeting.id}/deliberation?format=pdf`,
      await liaison(),
    );
    expect(pdfFile.status).toBe(200);
    expect(pdfFile.headers.get('content-type')).toBe('application/pdf');
    const pdf = await readPdf(pdfFile.body, 'deliberation.pdf');
    for (const share of pdf.ink) expect(share).toBeGreaterThan(0.002);
    const words = pdf.text.replace(/ /g, '');
    for (const expected of [issuer, `${meeting.title}审议意见`, corrected, '周红代表', today]) {
      expect(words).toContain(expected.replace(/ /g, ''));
    }
    expect(words).not.toContain(transcript.replace(/ /g, ''));

    // The meeting's figures and the absences reported to it.
    const report = expectStatus<Record<string, unknown>>(
      await t.http.get(`/api/attendance/meetings/${meeting.id}/report`, await liaison()),
      200,
    );
    expect(report).toMatchObject({
      invited: 2,
      invitedWhole: 1,
      invitedItem: 1,
      attended: 1,
      attendedWhole: 1,
      attendedItem: 0,
      absent: 1,
      onLeave: 0,
      speeches: 1,
      signedSpeeches: 1,
      suggestions: 1,
      absences: [{ deputyId: other, mark: 'absent', markLabel: '缺席' }],
    });

    // Every step is in the invitation's timeline.
    const detail = expectStatus<{ events: { type: string }[] }>(
      await t.http.get(`/api/attendance/invitations/${zhouInvitation.id}`, await liaison()),
      200,
    );
    expect(detail.events.map((e) => e.type)).toEqual([
      'invited',
      'notice_sent',
      'phone_recorded',
      'replied',
      'attendance_recorded',
    ]);
  });

  it('a cancelled meeting: each invited deputy is told, the invitation closes, and no reply is taken', async () => {
    const meeting: Meeting = await createMeeting(t, 6, '取消测试会议');
    const zhou = await deputyIdOf(t, DEPUTY);
    const [invitation] = expectStatus<Invitation[]>(
      await t.http.post(`/api/attendance/meetings/${meeting.id}/invitations`, { deputyIds: [zhou] }, await liaison()),
      201,
    );
    await untilInvitation(meeting.id, zhou, (i) => i.status === 'notified');
    const bad = await t.http.post<ErrorBody>(
      `/api/attendance/meetings/${meeting.id}/cancel`,
      { reason: ' ' },
      await liaison(),
    );
    expect(Object.keys(bad.body.fields ?? {})).toEqual(['reason']);
    const cancelled = expectStatus<Meeting>(
      await t.http.post(`/api/attendance/meetings/${meeting.id}/cancel`, { reason: '会议延期' }, await liaison()),
      200,
    );
    expect(cancelled.status).toBe('cancelled');
    const mail = await t.mail.waitFor(
      (m) => m.to.includes(userEmail(DEPUTY)) && m.subject.includes('会议取消通知') && m.text.includes(invitation.id),
      30_000,
    );
    expect(mail.text).toContain('会议延期');
    const closed = await untilInvitation(meeting.id, zhou, (i) => i.status === 'cancelled');
    expect(closed.closedAt).not.toBeNull();
    const reply = await t.http.post(
      `/api/attendance/my/invitations/${invitation.id}/reply`,
      { answer: 'attend' },
      await deputy(),
    );
    expect(reply.status).toBe(409);
    expect(
      (await t.http.post(`/api/attendance/meetings/${meeting.id}/invitations`, { deputyIds: [zhou] }, await liaison()))
        .status,
    ).toBe(409);
  });
});
