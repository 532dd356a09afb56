// The Open311 GeoReport v2 server end to end (issue #15, item 5): answers validated against the Open311 community's
// JSON schemas (vendored in ./schemas) and parsed as XML; a client's key made, used and revoked by an admin; a posted
// request filed as a voter submission that the deputy decides on; the spec's filters, errors and a per-key limit; and
// a third-party client (PyPI `georeport`) reading it all. Real API, worker, Temporal dev server, PostgreSQL and SMTP.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { convert } from 'xmlbuilder2';
import { personalDataKeySettings } from '@app/config';
import { PersonalDataCipher } from '@app/personal-data';
import { applyRetentionBatch, retentionCutoffsOf, rotatePersonalDataKey } from '@app/records';
import { idOf } from '../auth/support/fixtures';
import type { HttpResponse } from '../auth/support/http';
import { eventually, expectStatus, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import { testCipher } from '../support/personal-data';
import requestSchema from './schemas/request.json';
import requestsSchema from './schemas/requests.json';
import responsesSchema from './schemas/responses.json';
import serviceDefinitionSchema from './schemas/service-definition.json';
import serviceSchema from './schemas/service.json';
import servicesSchema from './schemas/services.json';

/** The keys the tests' apps use (see test/support/personal-data.ts), for a rotation and its way back. */
const keys = personalDataKeySettings(process.env);

const ROOT = '/open311/v2';
const DEPUTY = 'deputy.zhangzhiqiang'; // head of 荣家湾镇人大代表之家
const CHENGDONG_HEAD = 'deputy.wangxiuying'; // head of 城东社区代表工作站
const PYTHON = join(__dirname, '..', '..', '.tools', 'venv', 'bin', 'python');
/** Above what the suite's main key sends in all; the limit test spends a key of its own. */
const PER_KEY_PER_HOUR = 60;

type Item = Record<string, unknown>;
interface Open311Error {
  code: number;
  description: string;
}

// The schemas are the community's, as published: `$ref`s by file name, and swagger's own `uid` format for ids.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addFormat('uid', /^\S+$/);
ajv.addSchema(serviceSchema, 'service.json');
ajv.addSchema(requestSchema, 'request.json');
const schemas = {
  services: ajv.compile(servicesSchema),
  definition: ajv.compile(serviceDefinitionSchema),
  requests: ajv.compile(requestsSchema),
  created: ajv.compile({ type: 'array', minItems: 1, items: responsesSchema.RequestResponse }),
  token: ajv.compile({ type: 'array', minItems: 1, items: responsesSchema.TokenResponse }),
};

function valid<T>(validate: ValidateFunction, body: T): T {
  if (!validate(body)) throw new Error(`not valid: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
  return body;
}

/** The XML body as an object (one child element is an object, several an array), after checking its root. */
function xml(response: HttpResponse<unknown>, root: string): Record<string, unknown> {
  expect(response.headers.get('content-type')).toContain('application/xml');
  const parsed = convert(String(response.body), { format: 'object' }) as Record<string, Record<string, unknown>>;
  expect(Object.keys(parsed)).toEqual([root]);
  return parsed[root];
}
const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

describe('the Open311 GeoReport v2 server', () => {
  let t: IssueTestApp;
  let apiKey: string;
  let adminToken: string;

  beforeAll(async () => {
    t = await startIssueApp({
      worker: true,
      env: {
        VOTER_SUBMISSIONS_PER_CONTACT_PER_DAY: '1000',
        OPEN311_REQUESTS_PER_KEY_PER_HOUR: String(PER_KEY_PER_HOUR),
      },
    });
    adminToken = await t.tokenOf('admin');
    apiKey = (await newClient('岳阳县12345热线平台')).apiKey;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function newClient(name: string): Promise<{ id: string; apiKey: string; keyPrefix: string }> {
    return expectStatus(
      await t.http.post<{ id: string; apiKey: string; keyPrefix: string }>(
        '/api/admin/open311-clients',
        { name },
        adminToken,
      ),
      201,
    );
  }

  const get = (path: string) => t.http.get<unknown>(`${ROOT}${path}`);
  const post = (format: 'json' | 'xml', fields: Record<string, string>) =>
    t.http.request<unknown>('POST', `${ROOT}/requests.${format}`, {
      rawBody: new URLSearchParams(fields).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
  let serial = 0;
  const form = (extra: Record<string, string> = {}): Record<string, string> => ({
    api_key: apiKey,
    service_code: 'roads',
    address_string: '岳阳县荣家湾镇城东社区建设路12号',
    lat: '29.1447',
    long: '113.1153',
    email: `reporter-${++serial}-${Date.now()}@example.com`,
    phone: '13807301234',
    first_name: '桂兰',
    last_name: '李',
    description: `城东社区建设路12号门前路灯坏了两个月（第${serial}件），晚上出行不便。`,
    ...extra,
  });
  const create = async (extra: Record<string, string> = {}) =>
    valid(schemas.created, expectStatus<Item[]>((await post('json', form(extra))) as HttpResponse<Item[]>, 200))[0];
  const errorsOf = (response: HttpResponse<unknown>, status: number): Open311Error[] => {
    expect(response.status).toBe(status);
    const body = response.body as Open311Error[];
    expect(Array.isArray(body)).toBe(true);
    for (const error of body) expect(error).toEqual({ code: status, description: expect.any(String) as string });
    return body;
  };

  describe('API keys', () => {
    it('are made by admins only, shown once, kept as a hash, and refused once revoked', async () => {
      const deputy = await t.tokenOf(DEPUTY);
      expect((await t.http.post('/api/admin/open311-clients', { name: '地图报事' }, deputy)).status).toBe(403);
      expect((await t.http.post('/api/admin/open311-clients', { name: '地图报事' })).status).toBe(401);
      const client = await newClient('地图报事');
      expect(client.apiKey.startsWith(client.keyPrefix)).toBe(true);
      const listed = expectStatus<Item[]>(await t.http.get<Item[]>('/api/admin/open311-clients', adminToken), 200);
      expect(listed.find((c) => c.id === client.id)).toEqual(
        expect.objectContaining({ name: '地图报事', revokedAt: null }),
      );
      expect(JSON.stringify(listed)).not.toContain(client.apiKey);
      const [stored] = await t.db.query<{ key_hash: string }[]>(`SELECT key_hash FROM open311_clients WHERE id = $1`, [
        client.id,
      ]);
      expect(stored.key_hash).not.toContain(client.apiKey);
      expect(stored.key_hash).toMatch(/^[0-9a-f]{64}$/);

      await create({ api_key: client.apiKey });
      const revoked = expectStatus<Item>(
        await t.http.post<Item>(`/api/admin/open311-clients/${client.id}/revoke`, undefined, adminToken),
        200,
      );
      expect(revoked.revokedAt).toEqual(expect.any(String));
      const refused = errorsOf(await post('json', form({ api_key: client.apiKey })), 403);
      expect(refused[0].description).toContain('api_key');
      errorsOf(await post('json', form({ api_key: 'o311_not-a-key' })), 403);
      errorsOf(await post('json', form({ api_key: '' })), 400);

      // Both recorded in the admin audit trail, by whom, without the key or its hash; a second revoke adds nothing.
      expectStatus(await t.http.post(`/api/admin/open311-clients/${client.id}/revoke`, undefined, adminToken), 200);
      const trail = await t.db.query<{ action: string; actor: string; before: Item | null; after: Item }[]>(
        `SELECT a.action, u.username AS actor, a.before, a.after FROM admin_audit_log a
           JOIN users u ON u.id = a.actor_user_id
          WHERE a.entity = 'open311_client' AND a.entity_id = $1 ORDER BY a.id`,
        [client.id],
      );
      expect(trail.map((e) => [e.action, e.actor])).toEqual([
        ['create', 'admin'],
        ['disable', 'admin'],
      ]);
      expect(trail[0].before).toBeNull();
      expect(trail[0].after).toEqual(expect.objectContaining({ name: '地图报事', revoked_at: null }));
      expect(trail[1].before).toEqual(expect.objectContaining({ revoked_at: null }));
      expect(trail[1].after).toEqual(expect.objectContaining({ revoked_at: expect.any(String) as string }));
      expect(JSON.stringify(trail)).not.toContain(client.apiKey);
      expect(JSON.stringify(trail)).not.toContain(stored.key_hash);
    });
  });

  describe('services', () => {
    it('lists the active categories in JSON and XML', async () => {
      const services = valid(schemas.services, expectStatus<Item[]>((await get('/services.json')) as never, 200));
      expect(services).toContainEqual(
        expect.objectContaining({ service_code: 'roads', service_name: '道路交通', metadata: true, type: 'realtime' }),
      );
      const list = asList(xml(await get('/services.xml'), 'services').service as Item[]);
      expect(list.map((s) => s.service_code)).toEqual(services.map((s) => s.service_code));
      expect(list.find((s) => s.service_code === 'roads')).toEqual(
        expect.objectContaining({ service_name: '道路交通', metadata: 'true', type: 'realtime' }),
      );
    });

    it("defines each service with the station attribute, whose values are the stations' codes", async () => {
      const definition = valid(
        schemas.definition,
        expectStatus<{ service_code: string; attributes: Item[] }>((await get('/services/roads.json')) as never, 200),
      );
      expect(definition.service_code).toBe('roads');
      const [station] = definition.attributes;
      expect(station).toEqual(
        expect.objectContaining({ code: 'station', datatype: 'singlevaluelist', required: false }),
      );
      expect(station.values).toContainEqual({ key: 'rongjiawan', name: '荣家湾镇人大代表之家' });

      const parsed = xml(await get('/services/roads.xml'), 'service_definition');
      expect(parsed.service_code).toBe('roads');
      const attribute = asList((parsed.attributes as Item).attribute as Item[])[0];
      expect(attribute.code).toBe('station');
      expect(asList((attribute.values as Item).value as Item[])).toContainEqual({
        key: 'rongjiawan',
        name: '荣家湾镇人大代表之家',
      });
    });

    it('answers an unknown service or format with the spec error, in the format asked for', async () => {
      expect(errorsOf(await get('/services/no-such.json'), 404)[0].description).toContain('no-such');
      const error = xml(await get('/services/no-such.xml'), 'errors').error as Item;
      expect(error).toEqual({ code: '404', description: expect.stringContaining('no-such') as string });
      errorsOf(await get('/services.html'), 404);
    });
  });

  describe('a posted request', () => {
    it('becomes a voter submission of the station whose village the address names, name sealed, for its deputy', async () => {
      const fields = form();
      const created = valid(schemas.created, expectStatus<Item[]>((await post('json', fields)) as never, 200))[0];
      const id = created.service_request_id as string;
      const [row] = await t.db.query<
        {
          station: string;
          place: string;
          contact_email: string;
          status: string;
          first: string;
          last: string;
          category: string;
        }[]
      >(
        `SELECT st.code AS station, r.name AS place, s.contact_email, s.status, o.reporter_first_name AS first,
                o.reporter_last_name AS last, c.code AS category
           FROM voter_submissions s JOIN stations st ON st.id = s.station_id JOIN regions r ON r.id = s.place_region_id
           JOIN open311_requests o ON o.submission_id = s.id JOIN issue_categories c ON c.id = o.category_id
          WHERE s.id = $1`,
        [id],
      );
      expect(row).toEqual(
        expect.objectContaining({ station: 'chengdong', place: '城东社区', status: 'pending', category: 'roads' }),
      );
      expect(row.contact_email).not.toContain('@'); // sealed like every voter contact
      expect(testCipher.decrypt('email', row.contact_email)).toBe(fields.email);
      expect(row.first).not.toContain('桂兰');
      expect(testCipher.decrypt('name', row.first)).toBe('桂兰');
      expect(testCipher.decrypt('name', row.last)).toBe('李');
      // A key rotation re-encrypts the names with every other sealed value, and one back leaves them as they were.
      const newKey = `k2027:${Buffer.alloc(32, 9).toString('base64')}`;
      const rotated = new PersonalDataCipher({ ...keys, PERSONAL_DATA_KEYS: `${newKey},${keys.PERSONAL_DATA_KEYS}` });
      expect((await rotatePersonalDataKey(t.db, rotated)).left).toBe(0);
      const [names] = await t.db.query<{ first: string; last: string }[]>(
        `SELECT reporter_first_name AS first, reporter_last_name AS last FROM open311_requests WHERE submission_id = $1`,
        [id],
      );
      expect(names.first.startsWith('pd1:k2027:')).toBe(true);
      expect([rotated.decrypt('name', names.first), rotated.decrypt('name', names.last)]).toEqual(['桂兰', '李']);
      const back = new PersonalDataCipher({ ...keys, PERSONAL_DATA_KEYS: `${keys.PERSONAL_DATA_KEYS},${newKey}` });
      expect((await rotatePersonalDataKey(t.db, back)).left).toBe(0);

      // The same path as a QR code: the reporter gets the tracking code by mail, the deputy has it in the inbox.
      await t.mail.waitFor((m) => m.to.includes(fields.email), 30_000);
      const inbox = expectStatus<{ items: { id: string }[] }>(
        await t.http.get('/api/voter-submissions?status=pending&limit=100', await t.tokenOf(CHENGDONG_HEAD)),
        200,
      );
      expect(inbox.items.map((s) => s.id)).toContain(id);

      // The token resolves to the id; nothing of the reporter's contact or name is in any GET.
      const token = valid(
        schemas.token,
        expectStatus<Item[]>((await get(`/tokens/${String(created.token)}.json`)) as never, 200),
      );
      expect(token).toEqual([{ service_request_id: id, token: created.token }]);
      for (const path of [`/requests/${id}.json`, `/requests/${id}.xml`, `/requests.json`, `/requests.xml`]) {
        const text = JSON.stringify((await get(path)).body);
        for (const secret of [fields.email, fields.phone, '桂兰']) expect(text).not.toContain(secret);
      }
      const [one] = valid(schemas.requests, expectStatus<Item[]>((await get(`/requests/${id}.json`)) as never, 200));
      expect(one).toEqual(
        expect.objectContaining({
          service_request_id: id,
          status: 'open',
          status_notes: '待代表处理',
          service_code: 'roads',
          service_name: '道路交通',
          address: fields.address_string,
          lat: 29.1447,
          long: 113.1153,
        }),
      );
      const parsed = xml(await get(`/requests/${id}.xml`), 'service_requests').request as Item;
      expect(parsed).toEqual(
        expect.objectContaining({ service_request_id: id, status: 'open', lat: '29.1447', service_code: 'roads' }),
      );
    });

    it('is placed by attribute[station] when given, and answered in XML when posted to requests.xml', async () => {
      const response = await post('xml', form({ 'attribute[station]': 'rongjiawan', address_string: '村口大桥' }));
      expect(response.status).toBe(200);
      const request = xml(response, 'service_requests').request as Item;
      expect(request.service_request_id).toEqual(expect.any(String));
      const [row] = await t.db.query<{ station: string; place: string }[]>(
        `SELECT st.code AS station, r.name AS place FROM voter_submissions s
           JOIN stations st ON st.id = s.station_id JOIN regions r ON r.id = s.place_region_id WHERE s.id = $1`,
        [request.service_request_id],
      );
      expect(row).toEqual({ station: 'rongjiawan', place: '荣家湾镇' });

      // Without the attribute, an address naming only the township goes to the township's station.
      const byTownship = await create({ address_string: '荣家湾镇新华路8号' });
      const [township] = await t.db.query<{ station: string }[]>(
        `SELECT st.code AS station FROM voter_submissions s JOIN stations st ON st.id = s.station_id WHERE s.id = $1`,
        [byTownship.service_request_id],
      );
      expect(township.station).toBe('rongjiawan');
    });

    it('is refused with the spec error when it is incomplete, unplaceable or malformed', async () => {
      const cases: [Record<string, string>, string][] = [
        [{ service_code: 'no-such' }, 'service_code'],
        [{ description: '' }, 'description'],
        [{ description: '长'.repeat(1001) }, 'description'],
        [{ email: '', phone: '' }, 'email or phone'],
        [{ email: 'not-an-address' }, 'email'],
        [{ address_string: '', lat: '', long: '' }, 'location'],
        [{ address_string: '' }, 'attribute[station]'],
        [{ address_string: '火星基地' }, 'attribute[station]'],
        [{ lat: '91' }, 'lat'],
        [{ long: 'east' }, 'long'],
        [{ 'attribute[station]': 'no-such-station' }, 'station'],
        [{ 'attribute[colour]': 'red' }, 'attribute[colour]'],
        [{ favourite: 'x' }, 'favourite'],
        [{ media_url: 'javascript:alert(1)' }, 'media_url'],
      ];
      const before = (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM open311_requests`))[0].n;
      for (const [extra, named] of cases) {
        // An empty value here means the field is left out.
        const fields = Object.fromEntries(Object.entries(form(extra)).filter(([, value]) => value !== ''));
        const [error] = errorsOf(await post('json', fields), 400);
        expect(error.description).toContain(named);
      }
      // A control character anywhere is refused before the route, still in the spec's shape and the path's format.
      const controlled = xml(await post('xml', form({ description: '路灯坏了\u0007两个月，晚上出行不便' })), 'errors');
      expect((controlled.error as Item).code).toBe('400');
      const after = (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM open311_requests`))[0].n;
      expect(after).toBe(before);
    });
  });

  describe('requests', () => {
    it("follow the deputy's decision: accepted is open with its issue number, declined is closed with the reason", async () => {
      const deputy = await t.tokenOf(DEPUTY);
      const accepted = (await create({ 'attribute[station]': 'rongjiawan' })).service_request_id as string;
      const declined = (await create({ 'attribute[station]': 'rongjiawan', service_code: 'water' }))
        .service_request_id as string;
      const categoryId = await idOf(t.db, 'issue_categories', 'environment');
      expectStatus(
        await t.http.post(`/api/voter-submissions/${accepted}/accept`, { categoryId, urgency: 'normal' }, deputy),
        200,
      );
      expectStatus(
        await t.http.post(
          `/api/voter-submissions/${declined}/decline`,
          { reason: '属于个人民事纠纷，建议人民调解。' },
          deputy,
        ),
        200,
      );
      const ids = `${accepted},${declined}`;
      const both = valid(
        schemas.requests,
        expectStatus<Item[]>((await get(`/requests.json?service_request_id=${ids}`)) as never, 200),
      );
      const byId = new Map(both.map((r) => [r.service_request_id, r]));
      const [issue] = await t.db.query<{ number: string }[]>(
        `SELECT i.number FROM issues i JOIN voter_submissions s ON s.issue_id = i.id WHERE s.id = $1`,
        [accepted],
      );
      // The deputy chose the category: the request now shows it.
      expect(byId.get(accepted)).toEqual(
        expect.objectContaining({
          status: 'open',
          service_code: 'environment',
          status_notes: expect.stringContaining(issue.number) as string,
        }),
      );
      expect(byId.get(declined)).toEqual(
        expect.objectContaining({ status: 'closed', status_notes: expect.stringContaining('人民调解') as string }),
      );
      // Routed by the issue's workflow: the lead department is then the agency responsible.
      const agency = await eventually('the issue is assigned', async () => {
        const [row] = (await get(`/requests/${accepted}.json`)).body as Item[];
        return typeof row.agency_responsible === 'string' ? row.agency_responsible : undefined;
      });
      expect(agency).toContain('局');

      const closed = expectStatus<Item[]>((await get('/requests.json?status=closed')) as never, 200);
      expect(closed.map((r) => r.service_request_id)).toContain(declined);
      expect(closed.every((r) => r.status === 'closed')).toBe(true);
      const water = expectStatus<Item[]>((await get('/requests.json?service_code=water,other')) as never, 200);
      expect(water.map((r) => r.service_request_id)).toContain(declined);
      expect(water.every((r) => r.service_code === 'water')).toBe(true);

      // The nightly retention run, once the declined request is due: the reporter's name, device and account go with
      // the contact; the place stays.
      const later = new Date(Date.now() + (t.config.VOTER_DATA_RETENTION_DAYS + 1) * 86_400_000);
      await applyRetentionBatch(t.db, `test-${declined}`, later, retentionCutoffsOf(t.config, later), 1000);
      const [kept] = await t.db.query<Record<string, unknown>[]>(
        `SELECT reporter_first_name, reporter_last_name, device_id, account_id, address_string IS NOT NULL AS place
           FROM open311_requests WHERE submission_id = $1`,
        [declined],
      );
      expect(kept).toEqual({
        reporter_first_name: null,
        reporter_last_name: null,
        device_id: null,
        account_id: null,
        place: true,
      });
    });

    it('default to the last 90 days; a window is at most 90 days; bad filters are 400', async () => {
      const old = (await create()).service_request_id as string;
      await t.db.query(
        `UPDATE open311_requests SET requested_at = now() - interval '100 days' WHERE submission_id = $1`,
        [old],
      );
      const recent = expectStatus<Item[]>((await get('/requests.json')) as never, 200);
      expect(recent.map((r) => r.service_request_id)).not.toContain(old);
      const start = new Date(Date.now() - 110 * 86_400_000).toISOString();
      const end = new Date(Date.now() - 30 * 86_400_000).toISOString();
      const window = expectStatus<Item[]>(
        (await get(`/requests.json?start_date=${start}&end_date=${end}`)) as never,
        200,
      );
      expect(window.map((r) => r.service_request_id)).toContain(old);
      // By id, whatever its date.
      expect(((await get(`/requests/${old}.json`)).body as Item[])[0].service_request_id).toBe(old);

      const longAgo = new Date(Date.now() - 200 * 86_400_000).toISOString();
      errorsOf(await get(`/requests.json?start_date=${longAgo}&end_date=${end}`), 400);
      errorsOf(await get('/requests.json?start_date=yesterday'), 400);
      errorsOf(await get('/requests.json?status=pending'), 400);
      errorsOf(await get('/requests.json?service_request_id=1,2'), 400);
      errorsOf(await get('/requests.json?status=open&status=closed'), 400);
      errorsOf(await get('/requests/5b0c5c1e-8f0e-4d36-9a57-2f1f3c2f9a10.json'), 404);
      errorsOf(await get('/requests/not-an-id.json'), 404);
      errorsOf(await get('/tokens/not-a-token.json'), 404);
      expect((xml(await get('/tokens/0123456789abcdef0123456789abcdef.xml'), 'errors').error as Item).code).toBe('404');
    });
  });

  it('counts posts per API key and hour, answering 429 in the spec shape past the limit', async () => {
    const { apiKey: limited } = await newClient('限流测试');
    // Refused posts count too (the limit is checked before the request is read): no need to file 60 submissions.
    for (let i = 0; i < PER_KEY_PER_HOUR; i++) {
      expect((await post('json', form({ api_key: limited, description: '' }))).status).toBe(400);
    }
    errorsOf(await post('json', form({ api_key: limited })), 429);
    // Another key is counted on its own.
    expect((await post('json', form())).status).toBe(200);
  });

  it('is read by a third-party client, the PyPI georeport package, in JSON and in XML', async () => {
    const id = (await create()).service_request_id as string;
    const { stdout } = await promisify(execFile)(
      PYTHON,
      [join(__dirname, 'georeport_client.py'), `${t.http.baseUrl}${ROOT}`, 'roads', id],
      {
        env: { ...process.env, PYTHONIOENCODING: 'utf-8', NO_PROXY: '127.0.0.1,localhost' },
      },
    );
    const read = JSON.parse(stdout) as Record<'json' | 'xml', Record<string, unknown>>;
    for (const format of ['json', 'xml'] as const) {
      const got = read[format];
      expect((got.services as Item[]).map((s) => s.service_code)).toContain('roads');
      expect((got.definition as Item).service_code).toBe('roads');
      expect((got.request as Item).service_request_id).toBe(id);
      expect((got.request as Item).status).toBe('open');
      const requests = asList(got.requests as Item | Item[]);
      expect(requests.map((r) => r.service_request_id)).toEqual([id]);
      expect(asList(got.open as Item | Item[]).map((r) => r.service_request_id)).toContain(id);
    }
  });
});
