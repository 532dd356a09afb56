// The voter's channel end to end (issue #15 items 1-3): a voter submits through a station's code with a challenge
// and the personal-information notice, the deputy accepts, merges or declines, the voter follows it by tracking code
// and hears of each step by email. Real API, worker, Temporal dev server, PostgreSQL and SMTP catcher.
import { randomUUID } from 'node:crypto';
import { voterSubmissionWorkflowId } from '@app/contracts';
import { applyRetentionBatch, retentionCutoffsOf } from '@app/records';
import { TemporalClientService } from '@app/temporal';
import type { ErrorBody } from '../auth/support/http';
import { idOf } from '../auth/support/fixtures';
import { startTestApp, type TestApp } from '../auth/support/test-app';
import { eventually, expectStatus, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import { command, ROADS_IN_CHENGDONG, submit, untilStatus } from '../issues/support/issues';
import { answerOf, challenge, observeCaptchas, submissionBody, type Receipt } from './support';
import { testCipher } from '../support/personal-data';

const DEPUTY = 'deputy.zhangzhiqiang'; // head of 荣家湾镇人大代表之家
const OTHER_DEPUTY = 'deputy.liuchunhua'; // 黄沙街镇: not of this station
const LIAISON = 'liaison.rongjiawan';
const LEAD = 'dept.jiaotong.rongjiawan';

interface Submission {
  id: string;
  status: string;
  contact: string;
  description: string;
  issueId: string | null;
  decisionReason: string | null;
  voterSolved: boolean | null;
}

interface Track {
  status: string;
  statusLabel: string;
  contact: string;
  description: string;
  declineReason: string | null;
  steps: { step: string; label: string; at: string }[];
  issue: { id: string; number: string | null; status: string } | null;
  replies: { text: string; departmentName: string; replyClass: string }[];
  voterSolved: boolean | null;
  canSaySolved: boolean;
}

observeCaptchas();

/** A day's retention, so a decision made now is due two days on. */
const POLICY = { VOTER_DATA_RETENTION_DAYS: 1, ACCESS_LOG_RETENTION_DAYS: 365, UNBOUND_UPLOAD_RETENTION_DAYS: 7 };

describe('the voter channel', () => {
  let t: IssueTestApp;

  beforeAll(async () => {
    t = await startIssueApp({
      worker: true,
      env: { VOTER_SUBMISSIONS_PER_ADDRESS_PER_HOUR: '100000', VOTER_SUBMISSIONS_PER_CONTACT_PER_DAY: '3' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const submissions = async () =>
    (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM voter_submissions`))[0].n;
  const send = async (extra: Record<string, unknown> = {}) =>
    t.http.post<Receipt>('/api/public/voter/submissions', await submissionBody(t.http, t.db, extra));
  const track = (code: string) => t.http.post<Track>('/api/public/voter/track', { code });
  const deputyId = async (username: string) =>
    (
      await t.db.query<{ id: string }[]>(
        `SELECT d.id FROM deputies d JOIN users u ON u.id = d.user_id WHERE u.username = $1`,
        [username],
      )
    )[0].id;
  const mailTo = (to: string, subject: string) =>
    t.mail.waitFor((m) => m.to.includes(to) && m.subject.includes(subject), 30_000);

  it("shows what a station's and a deputy's code name, and nothing for a deputy not of that station", async () => {
    const stationId = await idOf(t.db, 'stations', 'rongjiawan');
    const code = expectStatus<{
      station: { name: string };
      receptionDays: string;
      places: { id: string; name: string }[];
      defaultPlaceId: string;
      notice: string;
    }>(await t.http.get(`/api/public/voter/codes/${stationId}`), 200);
    expect(code.station.name).toBe('荣家湾镇人大代表之家');
    expect(code.receptionDays).toBe('每月8日');
    expect(code.defaultPlaceId).toBe(await idOf(t.db, 'regions', 'rongjiawan'));
    expect(code.places.map((p) => p.name)).toContain('城东社区');
    expect(code.notice).toContain('个人信息');
    const mine = await t.http.get<{ deputy: { name: string } }>(
      `/api/public/voter/codes/${stationId}/deputies/${await deputyId(DEPUTY)}`,
    );
    expect(expectStatus(mine, 200).deputy.name).toBe('张志强');
    expect(
      (await t.http.get(`/api/public/voter/codes/${stationId}/deputies/${await deputyId(OTHER_DEPUTY)}`)).status,
    ).toBe(404);

    // The phone page and the printable poster, in Chinese, with the code's address.
    const page = await fetch(`${t.http.baseUrl}/v/s/${stationId}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('荣家湾镇人大代表之家');
    expect(html).toContain('<svg');
    expect(html).toContain('我已阅读并同意上述个人信息告知');
    const poster = await (await fetch(`${t.http.baseUrl}/v/poster/s/${stationId}`)).text();
    expect(poster).toContain('荣家湾镇人大代表之家民情码');
    expect(poster).toContain('接待日：每月8日');
    expect(poster).toContain(`http://lianluo.test/v/s/${stationId}`);
    const png = await fetch(`${t.http.baseUrl}/v/qr/s/${stationId}`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('the phone page works without script: a refused post keeps the text, a good one shows the tracking code', async () => {
    const stationId = await idOf(t.db, 'stations', 'rongjiawan');
    const path = `/v/s/${stationId}/d/${await deputyId(DEPUTY)}`;
    const form = (html: string) => ({
      token: /name="captchaToken" value="([^"]+)"/.exec(html)![1],
      answer: answerOf(/<svg[\s\S]*?<\/svg>/.exec(html)![0]),
    });
    const post = (fields: Record<string, string>) =>
      fetch(`${t.http.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const first = await (await fetch(`${t.http.baseUrl}${path}`)).text();
    expect(first).toContain('向张志强代表反映问题');
    const text = '城东社区菜市场门口污水外溢，气味很大。';
    const email = `page-${randomUUID().slice(0, 8)}@example.com`;
    const placeRegionId = await idOf(t.db, 'regions', 'chengdong');
    const challengeOne = form(first);
    // The notice not accepted: the same form again, the text kept, a new challenge.
    const refused = await post({
      description: text,
      email,
      placeRegionId,
      captchaToken: challengeOne.token,
      captchaAnswer: challengeOne.answer,
    });
    expect(refused.status).toBe(400);
    const again = await refused.text();
    expect(again).toContain('请阅读并同意个人信息告知');
    expect(again).toContain(text);
    const challengeTwo = form(again);
    expect(challengeTwo.token).not.toBe(challengeOne.token);
    const done = await post({
      description: text,
      email,
      placeRegionId,
      noticeAccepted: 'true',
      captchaToken: challengeTwo.token,
      captchaAnswer: challengeTwo.answer,
    });
    expect(done.status).toBe(200);
    const receiptPage = await done.text();
    const code = /id="tracking-code">([^<]+)</.exec(receiptPage)![1];
    const statusPage = await (await fetch(`${t.http.baseUrl}/v/track?code=${encodeURIComponent(code)}`)).text();
    expect(statusPage).toContain('办理进展：待代表处理');
    expect(statusPage).toContain(text);
    expect(statusPage).not.toMatch(/Submitted|Accepted|Status/);
    const [row] = await t.db.query<{ deputy_id: string }[]>(
      `SELECT deputy_id FROM voter_submissions WHERE description = $1`,
      [text],
    );
    expect(row.deputy_id).toBe(await deputyId(DEPUTY));
  });

  it('needs the challenge answered, each challenge once, and stores nothing without it', async () => {
    const before = await submissions();
    const wrong = await send({ captchaAnswer: '0000' }); // the images hold no 0
    expect(wrong.status).toBe(400);
    expect((wrong.body as unknown as ErrorBody).fields?.captchaAnswer).toBeDefined();

    const { token, answer } = await challenge(t.http);
    const first = await send({ captchaToken: token, captchaAnswer: answer });
    expect(first.status).toBe(201);
    const replayed = await send({ captchaToken: token, captchaAnswer: answer });
    expect(replayed.status).toBe(400);
    expect((replayed.body as unknown as ErrorBody).fields?.captchaAnswer?.[0]).toContain('answered before');
    const forged = await send({ captchaToken: `${token.split('.')[0]}.AAAA` });
    expect(forged.status).toBe(400);
    expect(await submissions()).toBe(before + 1);
  });

  it('needs the notice accepted and a phone or an email, and refuses oversized text', async () => {
    const before = await submissions();
    const refused = await send({ noticeAccepted: false });
    expect(refused.status).toBe(400);
    expect((refused.body as unknown as ErrorBody).fields?.noticeAccepted).toBeDefined();
    const anonymous = await send({ email: undefined });
    expect(anonymous.status).toBe(400);
    expect((anonymous.body as unknown as ErrorBody).fields).toHaveProperty('email');
    const long = await send({ description: '路'.repeat(1001) });
    expect(long.status).toBe(400);
    expect((long.body as unknown as ErrorBody).fields).toHaveProperty('description');
    expect(await submissions()).toBe(before);
  });

  it('takes at most 3 submissions a day from one phone number, however it is spelled', async () => {
    const phone = `139${String(Date.now()).slice(-8)}`;
    for (const spelling of [phone, `+86 ${phone}`, `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`]) {
      expectStatus(await send({ email: undefined, phone: spelling }), 201);
    }
    const fourth = await send({ email: undefined, phone });
    expect(fourth.status).toBe(429);
    expect(expectStatus(await send({ email: undefined, phone: '13912340000' }), 201)).toHaveProperty('trackingCode');
  });

  it('declined with a reason: the voter is told why, by mail and on the status page; others see nothing of it', async () => {
    const body = await submissionBody(t.http, t.db);
    const receipt = expectStatus<Receipt>(await t.http.post('/api/public/voter/submissions', body), 201);
    const received = await mailTo(body.email as string, '已收到');
    expect(received.text).toContain(receipt.trackingCode);

    const inbox = expectStatus<{ items: Submission[] }>(
      await t.http.get('/api/voter-submissions?status=pending', await t.tokenOf(DEPUTY)),
      200,
    );
    const item = inbox.items.find((s) => s.id === receipt.submissionId);
    expect(item?.contact).toMatch(/^v\*\*\*@example\.com$/);
    // Another station's deputy neither lists it nor reads it nor decides it.
    const stranger = await t.tokenOf(OTHER_DEPUTY);
    const theirs = expectStatus<{ items: Submission[] }>(await t.http.get('/api/voter-submissions', stranger), 200);
    expect(theirs.items.map((s) => s.id)).not.toContain(receipt.submissionId);
    expect((await t.http.get(`/api/voter-submissions/${receipt.submissionId}`, stranger)).status).toBe(404);
    expect(
      (await t.http.post(`/api/voter-submissions/${receipt.submissionId}/decline`, { reason: '不属实' }, stranger))
        .status,
    ).toBe(404);

    const reason = '该问题属于个人民事纠纷，建议通过人民调解解决。';
    const declined = expectStatus<Submission>(
      await t.http.post(`/api/voter-submissions/${receipt.submissionId}/decline`, { reason }, await t.tokenOf(DEPUTY)),
      200,
    );
    expect(declined).toMatchObject({ status: 'declined', decisionReason: reason });
    const again = await t.http.post(
      `/api/voter-submissions/${receipt.submissionId}/accept`,
      { categoryId: await idOf(t.db, 'issue_categories', 'roads'), urgency: 'normal' },
      await t.tokenOf(DEPUTY),
    );
    expect(again.status).toBe(409);
    const told = await mailTo(body.email as string, '未予受理');
    expect(told.text).toContain(reason);
    const status = expectStatus(await track(receipt.trackingCode), 200);
    expect(status).toMatchObject({ status: 'declined', declineReason: reason, issue: null });
    expect(status.steps.map((s) => s.step)).toEqual(['submitted', 'declined']);
    // The decision reached the workflow, which ended without reminding anyone.
    const handle = t.app
      .get(TemporalClientService)
      .client.workflow.getHandle(voterSubmissionWorkflowId(receipt.submissionId));
    await expect(handle.result()).resolves.toBe('decided');
  });

  it("erases a declined voter's contact after the retention period, as for an issue's voter data", async () => {
    const receipt = expectStatus<Receipt>(await send({ phone: '13807303333' }), 201);
    expectStatus(
      await t.http.post(
        `/api/voter-submissions/${receipt.submissionId}/decline`,
        { reason: '重复反映。' },
        await t.tokenOf(DEPUTY),
      ),
      200,
    );
    const asOf = new Date();
    // Not yet due: a cutoff before the decision leaves it.
    await applyRetentionBatch(t.db, `test-${randomUUID()}`, asOf, retentionCutoffsOf(POLICY, asOf), 1000);
    expect(expectStatus(await track(receipt.trackingCode), 200).contact).toContain('138****3333');
    // Due: every contact decided before the cutoff goes; the submission and its decision stay.
    const later = new Date(asOf.getTime() + 2 * 86_400_000);
    const batch = await applyRetentionBatch(
      t.db,
      `test-${randomUUID()}`,
      later,
      retentionCutoffsOf(POLICY, later),
      1000,
    );
    expect(batch.erasedSubmissionContacts).toBeGreaterThan(0);
    const [row] = await t.db.query<{ contact_phone: string | null; contact_email: string | null; erased: boolean }[]>(
      `SELECT contact_phone, contact_email, voter_data_erased_at IS NOT NULL AS erased FROM voter_submissions WHERE id = $1`,
      [receipt.submissionId],
    );
    expect(row).toEqual({ contact_phone: null, contact_email: null, erased: true });
    expect(expectStatus(await track(receipt.trackingCode), 200)).toMatchObject({ status: 'declined', contact: '' });
  });

  it('a wrong, altered or malformed tracking code finds nothing (404), whichever part is wrong', async () => {
    const receipt = expectStatus<Receipt>(await send(), 201);
    const [id, secret] = receipt.trackingCode.split('.');
    const altered = `${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const code of [altered, `${randomUUID()}.${secret}`, 'nonsense', `${id}.`, `${id}.${secret}.x`]) {
      const response = await track(code);
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain('城东社区建设路');
    }
    const page = await fetch(`${t.http.baseUrl}/v/track?code=${encodeURIComponent(altered)}`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('查询码不正确');
  });

  it('accepted, answered, published, closed: the voter follows every step; a second voter merged in sees only their own data', async () => {
    const firstBody = await submissionBody(t.http, t.db, { phone: '13807301111' });
    const first = expectStatus<Receipt>(await t.http.post('/api/public/voter/submissions', firstBody), 201);
    const deputy = await t.tokenOf(DEPUTY);
    const accepted = expectStatus<{ submission: Submission; issue: { id: string; status: string } }>(
      await t.http.post(
        `/api/voter-submissions/${first.submissionId}/accept`,
        { categoryId: await idOf(t.db, 'issue_categories', 'roads'), urgency: 'normal' },
        deputy,
      ),
      200,
    );
    expect(accepted.submission).toMatchObject({ status: 'accepted', issueId: accepted.issue.id });
    const issueId = accepted.issue.id;
    // Through the normal intake: the deputy submitted it, the channel says where it came from, the phone kept.
    const [row] = await t.db.query<{ channel: string; username: string; voter_phone: string; description: string }[]>(
      `SELECT i.channel, u.username, i.voter_phone, i.description FROM issues i
         JOIN users u ON u.id = i.submitted_by_user_id WHERE i.id = $1`,
      [issueId],
    );
    // Stored encrypted at rest, like every voter phone on an issue.
    expect(row).toMatchObject({ channel: 'voter_code', username: DEPUTY });
    expect(row.voter_phone).toMatch(/^pd1:/);
    expect(testCipher.decrypt('phone', row.voter_phone)).toBe('13807301111');
    expect(row.description).toBe(firstBody.description);
    // Accepting again (a retried request) answers the same issue.
    const retried = expectStatus<{ issue: { id: string } }>(
      await t.http.post(
        `/api/voter-submissions/${first.submissionId}/accept`,
        { categoryId: await idOf(t.db, 'issue_categories', 'roads'), urgency: 'normal' },
        deputy,
      ),
      200,
    );
    expect(retried.issue.id).toBe(issueId);
    await mailTo(firstBody.email as string, '已受理');

    // A second voter writes about the same lamp; the liaison officer merges it into the deputy's issue.
    const secondBody = await submissionBody(t.http, t.db, { phone: '13807302222' });
    const second = expectStatus<Receipt>(await t.http.post('/api/public/voter/submissions', secondBody), 201);
    const liaison = await t.tokenOf(LIAISON);
    const othersIssue = await submit(t, { ...ROADS_IN_CHENGDONG, deputy: 'deputy.wangxiuying' });
    const refused = await t.http.post(
      `/api/voter-submissions/${second.submissionId}/merge`,
      { issueId: othersIssue.id },
      liaison,
    );
    expect(refused.status).toBe(400);
    expectStatus(await t.http.post(`/api/voter-submissions/${second.submissionId}/merge`, { issueId }, liaison), 200);
    await mailTo(secondBody.email as string, '并入');

    await untilStatus(t, DEPUTY, issueId, 'assigned');
    const replyText = '已更换城东社区建设路路灯灯具，恢复照明。';
    expectStatus(await command(t, LEAD, issueId, 'reply', { replyClass: 'A', text: replyText }), 200);
    await mailTo(firstBody.email as string, '已有答复');
    await mailTo(secondBody.email as string, '已有答复');

    // Answered, but not published yet: the step shows, the text does not.
    let status = expectStatus(await track(first.trackingCode), 200);
    expect(status.steps.map((s) => s.step)).toEqual(['submitted', 'accepted', 'assigned', 'replied']);
    expect(status.replies).toEqual([]);
    expect(JSON.stringify(status)).not.toContain(replyText);

    const detail = expectStatus<{ replies: { id: string }[] }>(await t.http.get(`/api/issues/${issueId}`, deputy), 200);
    const replyId = detail.replies[0].id;
    const path = `/api/issues/${issueId}/replies/${replyId}/publishable`;
    expect((await t.http.request('PUT', path, { body: { publishable: true }, token: deputy })).status).toBe(403);
    expect(
      (await t.http.request('PUT', path, { body: { publishable: true }, token: await t.tokenOf(LEAD) })).status,
    ).toBe(204);

    status = expectStatus(await track(first.trackingCode), 200);
    expect(status.replies).toEqual([
      expect.objectContaining({ text: replyText, departmentName: '荣家湾镇交通管理站' }),
    ]);
    expect(status.contact).toBe('138****1111，' + (firstBody.email as string).replace(/^(.).*@/, '$1***@'));
    // The second voter sees the shared reply and their own submission only: not the first voter's text or phone.
    const theirs = expectStatus(await track(second.trackingCode), 200);
    expect(theirs).toMatchObject({ status: 'merged', description: secondBody.description });
    expect(theirs.contact).toContain('138****2222');
    expect(theirs.replies.map((r) => r.text)).toEqual([replyText]);
    const seen = JSON.stringify(theirs);
    expect(seen).not.toContain(firstBody.description as string);
    expect(seen).not.toContain('1111');
    expect(seen).not.toContain(firstBody.email as string);

    // The voter says it is solved; the deputy sees it beside their own rating.
    const said = expectStatus(
      await t.http.post<Track>('/api/public/voter/track/solved', { code: first.trackingCode, solved: true }),
      200,
    );
    expect(said.voterSolved).toBe(true);
    expect(
      expectStatus<Submission>(await t.http.get(`/api/voter-submissions/${first.submissionId}`, deputy), 200)
        .voterSolved,
    ).toBe(true);

    expectStatus(await command(t, DEPUTY, issueId, 'rate', { rating: 'satisfied' }), 200);
    await mailTo(firstBody.email as string, '已办结');
    await mailTo(secondBody.email as string, '已办结');
    status = await eventually('the closed step', async () => {
      const now = expectStatus(await track(first.trackingCode), 200);
      return now.steps.some((s) => s.step === 'closed') ? now : undefined;
    });
    expect(status.issue).toMatchObject({ id: issueId, number: null, status: 'closed' });
    // Each notice went once.
    const toFirst = t.mail
      .list()
      .filter((m) => m.to.includes(firstBody.email as string))
      .map((m) => m.subject);
    expect(toFirst.sort()).toEqual(
      [
        '【联络】已收到您反映的事项',
        '【联络】您反映的事项已受理',
        '【联络】您反映的事项已有答复',
        '【联络】您反映的事项已办结',
      ].sort(),
    );
  });
});

describe('the voter page under a flood from one address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VOTER_SUBMISSIONS_PER_ADDRESS_PER_HOUR: '2' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 after VOTER_SUBMISSIONS_PER_ADDRESS_PER_HOUR submissions, and stores none of the excess', async () => {
    const post = async () =>
      t.http.post('/api/public/voter/submissions', await submissionBody(t.http, t.db, { captchaAnswer: '0000' }));
    expect((await post()).status).toBe(400);
    expect((await post()).status).toBe(400);
    expect((await post()).status).toBe(429);
    // Reading a code is not limited by it.
    expect((await t.http.get('/api/public/voter/captcha')).status).toBe(200);
  });
});
