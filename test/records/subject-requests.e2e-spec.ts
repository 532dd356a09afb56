// Requests from the people concerned (issue #16, item 3), through the HTTP API against real PostgreSQL: an admin
// finds a voter's issues by phone or ID number (the keyed hash), exports them, corrects them and erases them once
// the issue is closed; each step is in admin_audit_log, each unmasked read in data_access_log, each change in the
// issue's event log — and no number is copied into any of those logs.
import { queryRows } from '@app/database';
import { readXlsx, allText } from '../support/xlsx-reader';
import { addMissingActors, signInActors, type Actor } from '../auth/support/actors';
import { insertIssue } from '../auth/support/fixtures';
import { startTestApp, type TestApp } from '../auth/support/test-app';

const VOTER = { name: '李桂兰', phone: '13907301111', idNumber: '430621196505121230', address: '城东社区建设路12号' };
const OTHER = { name: '王建国', phone: '13907302222', idNumber: '43060219780301456X', address: '城东社区建设路14号' };

interface Found {
  issues: {
    id: string;
    status: string;
    voter: { name: string | null; phone: string | null; idNumber: string | null; address: string | null };
    erasable: boolean;
  }[];
}

describe('requests from the people concerned', () => {
  let t: TestApp;
  let tokens: Map<Actor, string>;
  let admin: string;
  let open: string;
  let closed: string;
  let other: string;

  const search = (body: object, token = admin) =>
    t.http.request<Found>('POST', '/api/subject-requests/search', { token, body });
  const audit = () =>
    queryRows<{ action: string; entity_id: string; before: object | null; after: Record<string, unknown> }>(
      t.db,
      `SELECT action, entity_id, before, after FROM admin_audit_log WHERE entity = 'voter_data' ORDER BY id`,
    );

  beforeAll(async () => {
    t = await startTestApp();
    await addMissingActors(t);
    ({ tokens } = await signInActors(t));
    admin = tokens.get('admin')!;
    open = (await insertIssue(t.db, { voter: VOTER })).id;
    closed = (await insertIssue(t.db, { voter: { ...VOTER, idNumber: null } })).id;
    other = (await insertIssue(t.db, { voter: OTHER })).id;
    await t.db.query(`UPDATE issues SET status = 'closed', closed_at = now() WHERE id = $1`, [closed]);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('finds every issue of the voter by phone or ID number, unmasked, each read logged and the lookup audited', async () => {
    const byPhone = await search({ phone: '+86 139 0730 1111', purpose: '本人来电申请查阅' });
    expect(byPhone.status).toBe(200);
    expect(byPhone.body.issues.map((i) => i.id).sort()).toEqual([open, closed].sort());
    expect(byPhone.body.issues.find((i) => i.id === open)).toMatchObject({
      voter: VOTER,
      erasable: false,
    });
    expect(byPhone.body.issues.find((i) => i.id === closed)?.erasable).toBe(true);

    const byId = await search({ idNumber: VOTER.idNumber, purpose: '本人书面申请' });
    expect(byId.body.issues.map((i) => i.id)).toEqual([open]);
    const either = await search({ phone: OTHER.phone, idNumber: VOTER.idNumber, purpose: '合并查询' });
    expect(either.body.issues.map((i) => i.id).sort()).toEqual([open, other].sort());

    const logged = await queryRows<{ issue_id: string; purpose: string; fields: string[] }>(
      t.db,
      `SELECT issue_id, purpose, fields FROM data_access_log WHERE purpose LIKE 'subject_request:%' ORDER BY id`,
    );
    expect(
      logged
        .slice(0, 2)
        .map((row) => row.issue_id)
        .sort(),
    ).toEqual([open, closed].sort());
    expect(logged[0]).toMatchObject({ purpose: 'subject_request: 本人来电申请查阅' });
    const entries = await audit();
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({ action: 'read', after: { by: ['phone'], purpose: '本人来电申请查阅' } });
    expect((entries[0].after.issues as string[]).sort()).toEqual([open, closed].sort());
    expect(JSON.stringify(entries)).not.toContain('1111');
  });

  it('is for admins only, and wants a number and a purpose', async () => {
    const body = { phone: VOTER.phone, purpose: '查阅' };
    expect((await search(body, tokens.get('supervisor in scope'))).status).toBe(403);
    expect((await search(body, tokens.get('deputy who submitted'))).status).toBe(403);
    expect((await t.http.request('POST', '/api/subject-requests/search', { body })).status).toBe(401);
    const missing = await t.http.request('POST', '/api/subject-requests/search', {
      token: admin,
      body: { purpose: 'x' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.fields).toHaveProperty('phone');
    expect((await search({ phone: '12345', purpose: '查阅' })).status).toBe(400);
    expect((await search({ idNumber: '430621196505121231', purpose: '查阅' })).status).toBe(400);
    expect((await search({ phone: VOTER.phone, purpose: '  ' })).status).toBe(400);
    // Optional is not nullable: null answers 400 naming the field (schemathesis found these accepted).
    const nullId = await t.http.request<{ fields?: Record<string, string[]> }>('POST', '/api/subject-requests/search', {
      token: admin,
      body: { phone: VOTER.phone, idNumber: null, purpose: '查阅' },
    });
    expect([nullId.status, Object.keys(nullId.body.fields ?? {})]).toEqual([400, ['idNumber']]);
  });

  it('exports what is held as XLSX or JSON, audited as an export', async () => {
    const response = await fetch(`${t.http.baseUrl}/api/subject-requests/export`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone: VOTER.phone, purpose: '本人申请复制' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('.xlsx');
    const text = allText(await readXlsx(Buffer.from(await response.arrayBuffer())));
    for (const value of [VOTER.name, VOTER.phone, VOTER.idNumber, VOTER.address, '联系电话']) {
      expect(text).toContain(value);
    }
    expect(text).not.toContain(OTHER.phone);

    const json = await t.http.request<{ issues: Found['issues'] }>('POST', '/api/subject-requests/export', {
      token: admin,
      body: { idNumber: VOTER.idNumber, purpose: '本人申请复制', format: 'json' },
    });
    expect(json.status).toBe(200);
    expect(json.body.issues.map((i) => i.voter)).toEqual([VOTER]);
    expect((await audit()).slice(-2).map((entry) => [entry.action, entry.after.format])).toEqual([
      ['export', 'xlsx'],
      ['export', 'json'],
    ]);
  });

  it("corrects the voter's data: found by the new number, shown to the deputy, recorded without the values", async () => {
    const corrected = await t.http.request<Found['issues'][number]>(
      'PATCH',
      `/api/subject-requests/issues/${open}/voter`,
      { token: admin, body: { phone: '13907303333', address: VOTER.address, reason: '本人申请更正电话号码' } },
    );
    expect(corrected.status).toBe(200);
    expect(corrected.body.voter).toEqual({ ...VOTER, phone: '13907303333' });

    expect((await search({ phone: '139 0730 3333', purpose: '核对更正' })).body.issues.map((i) => i.id)).toEqual([
      open,
    ]);
    expect((await search({ phone: VOTER.phone, purpose: '核对更正' })).body.issues.map((i) => i.id)).toEqual([closed]);
    const detail = await t.http.request<{ voter: { phone: string; masked: boolean } }>('GET', `/api/issues/${open}`, {
      token: tokens.get('deputy who submitted'),
    });
    expect(detail.body.voter).toMatchObject({ phone: '13907303333', masked: false });
    const masked = await t.http.request<{ voter: { phone: string } }>('GET', `/api/issues/${open}`, { token: admin });
    expect(masked.body.voter.phone).toBe('139****3333');

    const [event] = await queryRows<{ type: string; data: object; actor_label: string }>(
      t.db,
      `SELECT type, data, actor_label FROM issue_events WHERE issue_id = $1 AND type = 'voter_data_corrected'`,
      [open],
    );
    expect(event.data).toEqual({ fields: ['voter_phone'], reason: '本人申请更正电话号码' });
    const entry = (await audit()).find((e) => e.action === 'update');
    expect(entry).toMatchObject({ action: 'update', entity_id: open, before: { fields: ['voter_phone'] } });
    expect(JSON.stringify(entry)).not.toContain('3333');

    const unchanged = await t.http.request('PATCH', `/api/subject-requests/issues/${open}/voter`, {
      token: admin,
      body: { address: VOTER.address, reason: '无变化' },
    });
    expect(unchanged.status).toBe(400);
  });

  it('erases a closed issue’s voter data with the retention anonymiser, and refuses while the issue is open', async () => {
    const refused = await t.http.request('POST', `/api/subject-requests/issues/${open}/erase`, {
      token: admin,
      body: { reason: '本人申请删除' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.fields).toHaveProperty('status');

    const erased = await t.http.request<Found['issues'][number]>(
      'POST',
      `/api/subject-requests/issues/${closed}/erase`,
      {
        token: admin,
        body: { reason: '本人申请删除（事项已办结）' },
      },
    );
    expect(erased.status).toBe(200);
    expect(erased.body.voter).toEqual({ name: null, phone: null, idNumber: null, address: null });
    const [row] = await queryRows<Record<string, unknown>>(
      t.db,
      `SELECT voter_name, voter_phone, voter_phone_hash, voter_id_number, voter_id_number_hash, voter_address,
              voter_data_erased_at IS NOT NULL AS erased
         FROM issues WHERE id = $1`,
      [closed],
    );
    expect(row).toEqual({
      voter_name: null,
      voter_phone: null,
      voter_phone_hash: null,
      voter_id_number: null,
      voter_id_number_hash: null,
      voter_address: null,
      erased: true,
    });
    expect((await search({ phone: VOTER.phone, purpose: '核对删除' })).body.issues).toEqual([]);
    const [event] = await queryRows<{ data: object }>(
      t.db,
      `SELECT data FROM issue_events WHERE issue_id = $1 AND type = 'voter_data_erased'`,
      [closed],
    );
    expect(event.data).toEqual({
      fields: ['voter_name', 'voter_phone', 'voter_address'],
      reason: '本人申请删除（事项已办结）',
    });
    expect((await audit()).filter((e) => e.action === 'delete')).toMatchObject([{ entity_id: closed }]);
    const again = await t.http.request('POST', `/api/subject-requests/issues/${closed}/erase`, {
      token: admin,
      body: { reason: '重复' },
    });
    expect(again.status).toBe(409);
    const revived = await t.http.request('PATCH', `/api/subject-requests/issues/${closed}/voter`, {
      token: admin,
      body: { phone: VOTER.phone, reason: '恢复' },
    });
    expect(revived.status).toBe(409);
    const unknown = await t.http.request('POST', `/api/subject-requests/issues/${other.replace(/.$/, '0')}/erase`, {
      token: admin,
      body: { reason: '无' },
    });
    expect([404, 409]).toContain(unknown.status);
  });
});
