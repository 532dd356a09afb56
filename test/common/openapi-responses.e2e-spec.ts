// The OpenAPI document tells the truth about real answers: an issue's lifecycle (submit, read, acknowledge, reply,
// rate), a meeting's invitations, and then every documented read as each kind of user, each answer checked against
// its operation's documented statuses and schema (test/support/openapi-responses.ts).
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { idOf } from '../auth/support/fixtures';
import { createMeeting, deputyIdOf, LIAISON, DEPUTY as ATTENDING_DEPUTY, termByCode } from '../attendance/support';
import { expectStatus, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import {
  command,
  commandCarriedOut,
  departmentEmail,
  replyTokenIn,
  ROADS_IN_CHENGDONG,
  submit,
  untilStatus,
  waitForMail,
  type IssueView,
} from '../issues/support/issues';
import { OpenApiResponses, type OpenApiDocument, type Operation } from '../support/openapi-responses';
import { testCipher } from '../support/personal-data';

const DEPUTY = 'deputy.zhangzhiqiang';
const LEAD = 'dept.jiaotong.rongjiawan';
/** Every kind of user the reads are tried as (each sees a different scope, so different fields are filled). */
const READERS = [
  'admin',
  'supervisor.rongjiawan',
  'liaison.chengdong',
  LIAISON,
  DEPUTY,
  ATTENDING_DEPUTY,
  LEAD,
] as const;
const PERIOD = 'from=2025-01-01&to=2027-01-01';
/** Reads that answer a server-sent event stream and stay open (each stream is tested with its feature). */
const STREAMS = ['/api/supervision/events', '/api/notifications/events'];
/** The API's reads; /health is the operators' probe, not part of the API's document contract. */
const isApiRead = (path: string, get: Operation | undefined) =>
  path.startsWith('/api/') && !!get && !STREAMS.includes(path);
/** Off without DEV_MAILBOX_DIR, as in these suites: their documented 404 is checked, not a 200. */
const DEV_ONLY = ['/api/dev/mail', '/dev/mail'];

describe('the OpenAPI document against real answers', () => {
  let t: IssueTestApp;
  let responses: OpenApiResponses;
  let document: OpenApiDocument;

  beforeAll(async () => {
    t = await startIssueApp({ worker: true });
    document = expectStatus<OpenApiDocument>(await t.http.get('/api/docs-json'), 200);
    responses = new OpenApiResponses(document);
    responses.watch(t.http);
  });

  afterAll(async () => {
    await t?.close();
  });

  function expectNoViolations(): void {
    // One line per operation, status and problem (array indices folded), however many rows repeat it.
    const report = responses.violations.map(
      (v) => `${v.call} → ${v.status}: ${v.problem.replace(/\/\d+(?=\/| )/g, '/*')}`,
    );
    expect([...new Set(report)]).toEqual([]);
  }

  it('an issue from intake to a rating, then every read as every kind of user', async () => {
    // A webhook endpoint, so the issue's events fill its delivery log (its target is refused as internal: no network).
    const [webhook] = await t.db.query<{ id: string }[]>(
      `INSERT INTO webhook_endpoints (name, url, secret, owner_user_id)
       SELECT '县12345热线平台', 'http://127.0.0.1:9/hooks', $1, id FROM users WHERE username = 'admin'
       RETURNING id`,
      [testCipher.encrypt('webhookSecret', 'whsec_test')], // secrets are kept sealed (a CHECK refuses plaintext)
    );
    // The lifecycle: each step's answer is checked by the watcher.
    const issue: IssueView = await submit(t, ROADS_IN_CHENGDONG);
    await untilStatus(t, DEPUTY, issue.id, 'assigned');
    const replyToken = replyTokenIn(await waitForMail(t, issue.id, departmentEmail('jiaotong.rongjiawan'), ''));
    expectStatus(await t.http.get(`/api/reply-links/${replyToken}`), 200);
    const acknowledgeKey = `ack-${randomUUID()}`;
    // 200, or 202 when the workflow did not take it within COMMAND_ADMISSION_MS (a busy machine): both are documented.
    const acknowledged = await command(t, LEAD, issue.id, 'acknowledge', {}, { 'Idempotency-Key': acknowledgeKey });
    expect([200, 202]).toContain(acknowledged.status);
    // The command's outcome, which only its sender may read.
    expectStatus(await t.http.get(`/api/issues/${issue.id}/commands/${acknowledgeKey}`, await t.tokenOf(LEAD)), 200);
    await untilStatus(t, DEPUTY, issue.id, 'acknowledged');
    await commandCarriedOut(t, LEAD, issue.id, 'reply', {
      replyClass: 'A',
      text: '已安排施工队修复破损路面，并疏通排水沟。',
    });
    await commandCarriedOut(t, DEPUTY, issue.id, 'rate', { rating: 'satisfied', comment: '路修好了。' });
    // A photo on the issue, so its download and thumbnail are read (multipart goes past the JSON helper).
    const form = new FormData();
    form.set('uploadKey', `photo-${randomUUID()}`);
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    form.set('file', new Blob([new Uint8Array(photo)]), '现场.png');
    const uploaded = await fetch(`${t.http.baseUrl}/api/issues/${issue.id}/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await t.tokenOf(LEAD)}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const file = (await uploaded.json()) as { id: string };
    // Errors are documented too.
    await command(t, DEPUTY, issue.id, 'rate', { rating: 'satisfied' });
    await t.http.get(`/api/issues/${randomUUID()}`, await t.tokenOf(DEPUTY));
    await t.http.get('/api/issues/not-a-uuid', await t.tokenOf(DEPUTY));

    // A meeting with an invitation, so the attendance reads have rows.
    const meeting = await createMeeting(t, 20);
    const deputyId = await deputyIdOf(t, ATTENDING_DEPUTY);
    const [invitation] = expectStatus<{ id: string }[]>(
      await t.http.post(
        `/api/attendance/meetings/${meeting.id}/invitations`,
        { deputyIds: [deputyId] },
        await t.tokenOf(LIAISON),
      ),
      201,
    );
    const term = await termByCode(t, 'xiangtan-16');
    const stationId = await idOf(t.db, 'stations', 'rongjiawan');
    const [reception] = await t.db.query<{ id: string }[]>(`SELECT id FROM receptions LIMIT 1`);
    const zhangId = await deputyIdOf(t, DEPUTY);
    // A voter's submission through the station's code, for the deputy's inbox reads.
    const [submission] = await t.db.query<{ id: string }[]>(
      `INSERT INTO voter_submissions (station_id, place_region_id, description, contact_email, contact_email_hash,
          notice_version, notice_accepted_at, secret_hash, workflow_id)
       VALUES ($1, $2, '村口路灯坏了两个月。', $3, $4, 'test', now(), 'x', gen_random_uuid()::text)
       RETURNING id`,
      [
        stationId,
        await idOf(t.db, 'regions', 'chengdong'),
        testCipher.encrypt('email', 'voter@example.com'),
        testCipher.hash('email', 'voter@example.com'),
      ],
    );

    const paths: Record<string, string | undefined> = {
      '/api/issues/{id}': `/api/issues/${issue.id}`,
      '/api/issues/{id}/events': `/api/issues/${issue.id}/events`,
      '/api/issues/{id}/similar': `/api/issues/${issue.id}/similar`,
      '/api/attachments/{id}': `/api/attachments/${file.id}`,
      '/api/attachments/{id}/thumbnail': `/api/attachments/${file.id}/thumbnail`,
      '/api/reply-links/{token}': `/api/reply-links/${replyToken}`,
      '/api/supervision/rates': `/api/supervision/rates?${PERIOD}`,
      '/api/supervision/rates/breakdown': `/api/supervision/rates/breakdown?region=yueyang-county&${PERIOD}`,
      '/api/supervision/rates/breakdown/xlsx': `/api/supervision/rates/breakdown/xlsx?region=yueyang-county&${PERIOD}`,
      '/api/supervision/rates/drill': `/api/supervision/rates/drill?metric=replied&${PERIOD}`,
      '/api/supervision/rates/drill/export': `/api/supervision/rates/drill/export?metric=replied&${PERIOD}`,
      '/api/supervision/queues/{queue}/export': '/api/supervision/queues/escalated/export',
      '/api/supervision/hotspots': `/api/supervision/hotspots?region=yueyang-county&${PERIOD}`,
      '/api/supervision/ledgers/stations/{station}': `/api/supervision/ledgers/stations/rongjiawan?${PERIOD}`,
      '/api/supervision/ledgers/deputies/{deputy}': `/api/supervision/ledgers/deputies/${zhangId}?${PERIOD}`,
      '/api/supervision/reports/monthly': `/api/supervision/reports/monthly?county=yueyang-county&month=2026-01`,
      '/api/stations/{id}': `/api/stations/${stationId}`,
      '/api/stations/{id}/reception-plan': `/api/stations/${stationId}/reception-plan`,
      '/api/stations/{id}/record-options': `/api/stations/${stationId}/record-options`,
      '/api/receptions/{id}': reception && `/api/receptions/${reception.id}`,
      '/api/receptions/{id}/record-options': reception && `/api/receptions/${reception.id}/record-options`,
      '/api/attendance/terms/{id}/coverage': `/api/attendance/terms/${term.id}/coverage`,
      '/api/attendance/reports/period': `/api/attendance/reports/period?termId=${term.id}&from=2022-01-01&to=2027-01-01`,
      '/api/attendance/reports/period/export': `/api/attendance/reports/period/export?termId=${term.id}&from=2022-01-01&to=2027-01-01&format=xlsx`,
      '/api/attendance/invitations/{id}': `/api/attendance/invitations/${invitation.id}`,
      '/api/attendance/invitations/{id}/deputy-phone': `/api/attendance/invitations/${invitation.id}/deputy-phone`,
      '/api/public/voter/codes/{stationId}': `/api/public/voter/codes/${stationId}`,
      '/api/public/voter/codes/{stationId}/deputies/{deputyId}': `/api/public/voter/codes/${stationId}/deputies/${zhangId}`,
      '/api/voter-submissions/{id}': `/api/voter-submissions/${submission.id}`,
      '/api/webhooks/{id}': `/api/webhooks/${webhook.id}`,
      '/api/webhooks/{id}/deliveries': `/api/webhooks/${webhook.id}/deliveries`,
    };
    const reads = Object.entries(document.paths)
      .filter(([path, methods]) => isApiRead(path, methods.get))
      .map(([path]) => paths[path] ?? path.replace('{id}', meeting.id))
      .filter((path) => !/\{/.test(path));
    for (const username of READERS) {
      const token = await t.tokenOf(username);
      for (const path of reads) await t.http.get(path, token);
    }
    await t.http.get('/api/auth/me');

    expectNoViolations();
    // Every documented read was exercised with a 200 at least once.
    const unread = Object.entries(document.paths)
      .filter(([path, methods]) => isApiRead(path, methods.get) && !DEV_ONLY.includes(path))
      .map(([path]) => path)
      .filter((path) => !responses.seen.has(`GET ${path} 200`));
    expect(unread).toEqual([]);
  });

  it('declares every field with its real type: no bare object, no number without a format', () => {
    const loose: string[] = [];
    const walk = (value: unknown, where: string): void => {
      if (Array.isArray(value)) return value.forEach((item, index) => walk(item, `${where}/${index}`));
      if (!value || typeof value !== 'object') return;
      const schema = value as Record<string, unknown>;
      const structured = ['properties', 'additionalProperties', 'allOf', '$ref', 'oneOf', 'anyOf'].some(
        (key) => key in schema,
      );
      // What reflection writes for `string | null` and for every number: ApiNullable / ApiInteger / ApiDecimal say it.
      if (schema.type === 'object' && !structured) loose.push(`${where}: object`);
      if (schema.type === 'number' && !schema.format) loose.push(`${where}: number without format`);
      for (const [key, entry] of Object.entries(schema)) if (key !== 'example') walk(entry, `${where}/${key}`);
    };
    walk(document, '');
    expect(loose).toEqual([]);
  });

  it('answers a method a documented path does not take with 405 and the methods it does take', async () => {
    const answer = await t.http.request('PATCH', '/api/issues', { body: { x: 1 }, token: await t.tokenOf(DEPUTY) });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(answer.body).toMatchObject({ statusCode: 405, error: 'Method Not Allowed' });
    // A fixed path is its own resource, though /api/routing-rules/{id} would match it too.
    const resolve = await t.http.request('PATCH', '/api/routing-rules/resolve', {
      body: { x: 1 },
      token: await t.tokenOf('admin'),
    });
    expect(resolve.status).toBe(405);
    expect(resolve.headers.get('allow')).toBe('POST');
    const unknown = await t.http.request('PATCH', '/api/no-such-thing', { body: { x: 1 } });
    expect(unknown.status).toBe(404);
  });
});
