// Requests from the people concerned (issue #16, item 3) across every channel a voter's data comes in by: besides the
// issues, the contacts left through a station's QR code and an Open311 client's service request (voter_submissions,
// with the reporter's sealed name, device and account in open311_requests). Found by the keyed hash of the phone or
// email, exported, and erased once no longer needed; each step audited, each unmasked read logged, and no number or
// name copied into any log. The rows are written sealed with the apps' own cipher, as the channels write them.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { queryRows } from '@app/database';
import { sealSubmissionContacts } from '@app/personal-data';
import { OpenApiResponses, type OpenApiDocument } from '../support/openapi-responses';
import { readXlsx, allText } from '../support/xlsx-reader';
import { testCipher } from '../support/personal-data';
import { addMissingActors, signInActors, type Actor } from '../auth/support/actors';
import { idOf, insertIssue } from '../auth/support/fixtures';
import { startTestApp, type TestApp } from '../auth/support/test-app';

const PHONE = '13907305555';
const EMAIL = 'zhao.min@example.com';
const REPORTER = { first: '敏', last: '赵', device: 'device-7f3a', account: 'acct-20261207' };

interface Submission {
  id: string;
  status: string;
  statusLabel: string;
  contactPhone: string | null;
  contactEmail: string | null;
  issueId: string | null;
  open311: {
    clientName: string;
    reporterFirstName: string | null;
    reporterLastName: string | null;
    deviceId: string | null;
    accountId: string | null;
    addressString: string | null;
  } | null;
  erasable: boolean;
}
interface Found {
  issues: { id: string }[];
  submissions: Submission[];
}

/** A submission as the QR-code and Open311 channels store it: contacts sealed with their keyed hashes. */
async function insertSubmission(
  db: DataSource,
  contact: { phone: string | null; email: string | null },
  decision: { status: 'pending' | 'declined' | 'accepted'; issueId?: string },
): Promise<string> {
  const sealed = sealSubmissionContacts(testCipher, { contactPhone: contact.phone, contactEmail: contact.email });
  const [row] = await queryRows<{ id: string }>(
    db,
    `INSERT INTO voter_submissions (station_id, place_region_id, description, contact_phone, contact_phone_hash,
        contact_email, contact_email_hash, notice_version, notice_accepted_at, secret_hash, workflow_id, status,
        decision_reason, issue_id, decided_at)
     VALUES ($1, $2, '村口路灯坏了两个月，晚上看不清路。', $3, $4, $5, $6, 'test', now(), 'x', gen_random_uuid()::text,
             $7, $8, $9, CASE WHEN $7 = 'pending' THEN NULL ELSE now() END)
     RETURNING id`,
    [
      await idOf(db, 'stations', 'rongjiawan'),
      await idOf(db, 'regions', 'chengdong'),
      sealed.contactPhone,
      sealed.contactPhoneHash,
      sealed.contactEmail,
      sealed.contactEmailHash,
      decision.status,
      decision.status === 'declined' ? '不属于代表联系范围' : null,
      decision.issueId ?? null,
    ],
  );
  return row.id;
}

describe('requests from the people concerned, across the QR-code and Open311 channels', () => {
  let t: TestApp;
  let tokens: Map<Actor, string>;
  let admin: string;
  let issue: string;
  let accepted: string;
  let declined: string;
  let viaOpen311: string;
  let unrelated: string;
  let documented: OpenApiResponses;

  // Each answer checked against the OpenAPI document too: what the API says it answers is what it answers.
  const search = async (body: object, token = admin) => {
    const response = await t.http.request<Found>('POST', '/api/subject-requests/search', { token, body });
    expect(documented.check('POST', '/api/subject-requests/search', response)).toEqual([]);
    return response;
  };
  const erase = async (id: string, reason = '本人申请删除联系方式') => {
    const url = `/api/subject-requests/submissions/${id}/erase`;
    const response = await t.http.request<Submission & { fields?: Record<string, string[]> }>('POST', url, {
      token: admin,
      body: { reason },
    });
    expect(documented.check('POST', url, response)).toEqual([]);
    return response;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await addMissingActors(t);
    ({ tokens } = await signInActors(t));
    admin = tokens.get('admin')!;
    documented = new OpenApiResponses((await t.http.request<OpenApiDocument>('GET', '/api/docs-json')).body);
    // The voter's issue (still open) and the QR-code submission the deputy accepted into it.
    issue = (await insertIssue(t.db, { voter: { name: '赵敏', phone: PHONE, idNumber: null, address: null } })).id;
    accepted = await insertSubmission(t.db, { phone: PHONE, email: null }, { status: 'accepted', issueId: issue });
    declined = await insertSubmission(t.db, { phone: null, email: EMAIL }, { status: 'declined' });
    // An Open311 request from the city hotline, with the reporter's name sealed as the Open311 service seals it.
    viaOpen311 = await insertSubmission(t.db, { phone: PHONE, email: EMAIL }, { status: 'pending' });
    const [client] = await queryRows<{ id: string }>(
      t.db,
      `INSERT INTO open311_clients (name, key_hash, key_prefix, created_by_user_id)
       VALUES ('岳阳县12345热线平台', $1, 'o311_test', (SELECT id FROM users WHERE username = 'admin'))
       RETURNING id`,
      [randomUUID()],
    );
    await t.db.query(
      `INSERT INTO open311_requests (submission_id, client_id, token, category_id, address_string, reporter_first_name,
          reporter_last_name, device_id, account_id)
       VALUES ($1, $2, $3, $4, '城东社区建设路口', $5, $6, $7, $8)`,
      [
        viaOpen311,
        client.id,
        randomUUID(),
        await idOf(t.db, 'issue_categories', 'roads'),
        testCipher.encrypt('name', REPORTER.first),
        testCipher.encrypt('name', REPORTER.last),
        REPORTER.device,
        REPORTER.account,
      ],
    );
    unrelated = await insertSubmission(t.db, { phone: '13907306666', email: null }, { status: 'declined' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('finds the submissions by phone or email, unmasked with the Open311 reporter, each read logged', async () => {
    const byPhone = await search({ phone: '+86 139 0730 5555', purpose: '本人来电申请查阅' });
    expect(byPhone.status).toBe(200);
    expect(byPhone.body.issues.map((i) => i.id)).toEqual([issue]);
    expect(byPhone.body.submissions.map((s) => s.id)).toEqual([accepted, viaOpen311]);
    expect(byPhone.body.submissions[0]).toMatchObject({
      status: 'accepted',
      statusLabel: '已受理',
      contactPhone: PHONE,
      contactEmail: null,
      issueId: issue,
      open311: null,
      // Its issue is still open: the deputy still tells the voter through it.
      erasable: false,
    });
    expect(byPhone.body.submissions[1]).toMatchObject({
      status: 'pending',
      contactPhone: PHONE,
      contactEmail: EMAIL,
      open311: {
        clientName: '岳阳县12345热线平台',
        reporterFirstName: REPORTER.first,
        reporterLastName: REPORTER.last,
        deviceId: REPORTER.device,
        accountId: REPORTER.account,
        addressString: '城东社区建设路口',
      },
      erasable: false,
    });

    // An email finds what only the channels hold (issues keep no email), spelled in any case.
    const byEmail = await search({ email: 'Zhao.Min@Example.com', purpose: '本人邮件申请查阅' });
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.issues).toEqual([]);
    expect(byEmail.body.submissions.map((s) => [s.id, s.erasable])).toEqual([
      [declined, true],
      [viaOpen311, false],
    ]);

    const logged = await queryRows<{ issue_id: string | null; fields: string[]; purpose: string }>(
      t.db,
      `SELECT issue_id, fields, purpose FROM data_access_log WHERE purpose LIKE 'subject_request:%' ORDER BY id`,
    );
    expect(logged).toEqual([
      { issue_id: issue, fields: ['voter_name', 'voter_phone'], purpose: 'subject_request: 本人来电申请查阅' },
      {
        issue_id: issue,
        fields: ['voter_submissions.contact_phone'],
        purpose: `subject_request: 本人来电申请查阅 (voter_submission:${accepted})`,
      },
      {
        issue_id: null,
        fields: [
          'voter_submissions.contact_phone',
          'voter_submissions.contact_email',
          'open311_requests.reporter_first_name',
          'open311_requests.reporter_last_name',
          'open311_requests.device_id',
          'open311_requests.account_id',
        ],
        purpose: `subject_request: 本人来电申请查阅 (voter_submission:${viaOpen311})`,
      },
      {
        issue_id: null,
        fields: ['voter_submissions.contact_email'],
        purpose: `subject_request: 本人邮件申请查阅 (voter_submission:${declined})`,
      },
      expect.objectContaining({ purpose: `subject_request: 本人邮件申请查阅 (voter_submission:${viaOpen311})` }),
    ]);

    const audit = await queryRows<{ action: string; after: Record<string, unknown> }>(
      t.db,
      `SELECT action, after FROM admin_audit_log WHERE entity = 'voter_data' ORDER BY id`,
    );
    expect(audit.map((e) => e.after)).toEqual([
      expect.objectContaining({ by: ['phone'], issues: [issue], submissions: [accepted, viaOpen311] }),
      expect.objectContaining({ by: ['email'], issues: [], submissions: [declined, viaOpen311] }),
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/5555|zhao|赵/);
  });

  it('wants a phone, an ID number or an email, and a well-formed one', async () => {
    const missing = await search({ purpose: '查阅' });
    expect(missing.status).toBe(400);
    expect((await search({ email: 'not-an-email', purpose: '查阅' })).status).toBe(400);
    expect((await search({ email: EMAIL, purpose: '查阅' }, tokens.get('supervisor in scope'))).status).toBe(403);
  });

  it('exports the submissions beside the issues, as XLSX and JSON', async () => {
    const response = await fetch(`${t.http.baseUrl}/api/subject-requests/export`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone: PHONE, purpose: '本人申请复制' }),
    });
    expect(response.status).toBe(200);
    const text = allText(await readXlsx(Buffer.from(await response.arrayBuffer())));
    for (const value of [
      PHONE,
      EMAIL,
      REPORTER.first,
      REPORTER.last,
      REPORTER.device,
      '岳阳县12345热线平台',
      '电子邮箱',
    ]) {
      expect(text).toContain(value);
    }
    expect(text).not.toContain('13907306666');

    const json = await t.http.request<Found>('POST', '/api/subject-requests/export', {
      token: admin,
      body: { email: EMAIL, purpose: '本人申请复制', format: 'json' },
    });
    expect(json.status).toBe(200);
    expect(json.body.submissions.map((s) => [s.id, s.contactEmail])).toEqual([
      [declined, EMAIL],
      [viaOpen311, EMAIL],
    ]);
  });

  it('erases a declined submission’s contact, and an Open311 reporter once its issue is closed, never while needed', async () => {
    const refused = await erase(accepted);
    expect(refused.status).toBe(409);
    expect(refused.body.fields).toHaveProperty('status');
    expect((await erase(viaOpen311)).status).toBe(409);

    const erased = await erase(declined);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ contactPhone: null, contactEmail: null, erasable: false });

    // The deputy accepts the Open311 request into the voter's issue, and the issue closes.
    await t.db.query(
      `UPDATE voter_submissions SET status = 'merged', issue_id = $2, decided_at = now() WHERE id = $1`,
      [viaOpen311, issue],
    );
    await t.db.query(`UPDATE issues SET status = 'closed', closed_at = now() WHERE id = $1`, [issue]);
    const reporter = await erase(viaOpen311, '本人申请删除（事项已办结）');
    expect(reporter.status).toBe(200);
    expect(reporter.body.open311).toEqual({
      clientName: '岳阳县12345热线平台',
      reporterFirstName: null,
      reporterLastName: null,
      deviceId: null,
      accountId: null,
      addressString: '城东社区建设路口',
    });

    const stored = await queryRows<Record<string, unknown>>(
      t.db,
      `SELECT s.id, s.contact_phone, s.contact_phone_hash, s.contact_email, s.contact_email_hash,
              s.voter_data_erased_at IS NOT NULL AS erased, s.description IS NOT NULL AS described,
              o.reporter_first_name, o.reporter_last_name, o.device_id, o.account_id
         FROM voter_submissions s LEFT JOIN open311_requests o ON o.submission_id = s.id
        WHERE s.id = ANY($1) ORDER BY s.id`,
      [[declined, viaOpen311]],
    );
    for (const row of stored) {
      expect(row).toMatchObject({
        contact_phone: null,
        contact_phone_hash: null,
        contact_email: null,
        contact_email_hash: null,
        erased: true,
        described: true,
      });
    }
    expect(stored.find((row) => row.id === viaOpen311)).toMatchObject({
      reporter_first_name: null,
      reporter_last_name: null,
      device_id: null,
      account_id: null,
    });
    // Gone from every lookup; the other voter's submission untouched.
    expect((await search({ email: EMAIL, purpose: '核对删除' })).body.submissions).toEqual([]);
    expect((await search({ phone: '13907306666', purpose: '核对删除' })).body.submissions.map((s) => s.id)).toEqual([
      unrelated,
    ]);

    const trail = await queryRows<{ action: string; entity_id: string; before: object; after: object }>(
      t.db,
      `SELECT action, entity_id, before, after FROM admin_audit_log WHERE entity = 'voter_submission' ORDER BY id`,
    );
    expect(trail).toEqual([
      {
        action: 'delete',
        entity_id: declined,
        before: { fields: ['voter_submissions.contact_email'] },
        after: {
          fields: ['voter_submissions.contact_email'],
          reason: '本人申请删除联系方式',
          event: 'submission_contact_erased',
        },
      },
      expect.objectContaining({ action: 'delete', entity_id: viaOpen311 }),
    ]);
    expect(JSON.stringify(trail)).not.toMatch(/5555|zhao|赵|device-7f3a/);

    expect((await erase(declined, '重复')).status).toBe(409);
    expect((await erase(randomUUID())).status).toBe(404);
  });
});
