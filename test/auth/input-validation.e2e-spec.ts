// Bad input on every write endpoint: missing, wrong-typed, oversized and unknown fields each answer 400 in the
// common error shape, naming the field, and write nothing.
import { DEMO_PASSWORD } from '@app/database';
import type { ErrorBody } from './support/http';
import { idOf, userId } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { match } from './support/matchers';

type Body = Record<string, unknown>;

interface WriteEndpoint {
  name: string;
  method: 'POST' | 'PATCH';
  /** Path with `:id` replaced by the suite's target user. */
  path: string;
  /** Who calls it: a username, or null for a public endpoint. */
  as: string | null;
  /** A valid body; each case breaks one field of it. */
  valid: () => Body;
  /** Required fields and the length they may not exceed (null: not a string). */
  fields: Record<string, { required: boolean; maxLength: number | null }>;
}

const ENDPOINTS: WriteEndpoint[] = [
  {
    name: 'login',
    method: 'POST',
    path: '/api/auth/login',
    as: null,
    valid: () => ({ username: 'admin', password: DEMO_PASSWORD }),
    fields: { username: { required: true, maxLength: 64 }, password: { required: true, maxLength: 128 } },
  },
  {
    name: 'refresh',
    method: 'POST',
    path: '/api/auth/refresh',
    as: null,
    valid: () => ({ refreshToken: 'r'.repeat(43) }),
    fields: { refreshToken: { required: true, maxLength: 128 } },
  },
  {
    name: 'logout',
    method: 'POST',
    path: '/api/auth/logout',
    as: null,
    valid: () => ({ refreshToken: 'r'.repeat(43) }),
    fields: { refreshToken: { required: true, maxLength: 128 } },
  },
  {
    name: 'change password',
    method: 'POST',
    path: '/api/auth/password',
    as: 'liaison.rongjiawan',
    valid: () => ({ currentPassword: DEMO_PASSWORD, newPassword: 'a-fine-new-passphrase' }),
    fields: { currentPassword: { required: true, maxLength: 128 }, newPassword: { required: true, maxLength: 128 } },
  },
  {
    name: 'create user',
    method: 'POST',
    path: '/api/users',
    as: 'admin',
    valid: () => ({
      username: 'new.user',
      displayName: '新用户',
      email: 'new.user@example.org',
      password: 'a-fine-initial-passphrase',
      roles: [{ role: 'admin' }],
    }),
    fields: {
      username: { required: true, maxLength: 64 },
      displayName: { required: true, maxLength: 100 },
      email: { required: false, maxLength: 254 },
      password: { required: true, maxLength: 128 },
      departmentId: { required: false, maxLength: null },
      deputyId: { required: false, maxLength: null },
      roles: { required: true, maxLength: null },
    },
  },
  {
    name: 'replace roles',
    method: 'PATCH',
    path: '/api/users/:id/roles',
    as: 'admin',
    valid: () => ({ roles: [{ role: 'admin' }] }),
    fields: { roles: { required: true, maxLength: null } },
  },
];

interface Case {
  endpoint: WriteEndpoint;
  label: string;
  body: unknown;
  field: string;
}

function casesFor(endpoint: WriteEndpoint): Case[] {
  const cases: Case[] = [];
  const valid = endpoint.valid();
  const without = (field: string) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== field));
  for (const [field, rule] of Object.entries(endpoint.fields)) {
    if (rule.required) {
      // A PATCH left with no field at all is refused as such, naming the body.
      const body = without(field);
      const named = endpoint.method === 'PATCH' && !Object.keys(body).length ? 'body' : field;
      cases.push({ endpoint, label: `missing ${field}`, body, field: named });
    }
    cases.push({ endpoint, label: `${field} a number`, body: { ...valid, [field]: 12345 }, field });
    cases.push({ endpoint, label: `${field} an object`, body: { ...valid, [field]: { $ne: null } }, field });
    if (rule.maxLength !== null) {
      cases.push({
        endpoint,
        label: `${field} too long`,
        body: { ...valid, [field]: 'x'.repeat(rule.maxLength + 1) },
        field,
      });
    }
  }
  cases.push({ endpoint, label: 'an unknown field', body: { ...valid, isAdmin: true }, field: 'isAdmin' });
  cases.push({
    endpoint,
    label: 'a constructor field',
    body: { ...valid, constructor: { x: 1 } },
    field: 'constructor',
  });
  cases.push({
    endpoint,
    label: 'a __proto__ field',
    body: JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(valid).slice(1)}`) as unknown,
    field: '__proto__',
  });
  return cases;
}

const ROLE_CASES: { label: string; roles: unknown; field: string }[] = [
  { label: 'roles empty', roles: [], field: 'roles' },
  { label: 'roles not a list', roles: 'admin', field: 'roles' },
  { label: 'a role that does not exist', roles: [{ role: 'king' }], field: 'roles.0.role' },
  { label: 'a grant with an unknown field', roles: [{ role: 'admin', all: true }], field: 'roles.0.all' },
  {
    label: 'a region id that is not a uuid',
    roles: [{ role: 'supervisor', regionId: 'rongjiawan' }],
    field: 'roles.0.regionId',
  },
  { label: 'a supervisor without a region', roles: [{ role: 'supervisor' }], field: 'roles.0.regionId' },
  { label: 'an admin with a region', roles: [{ role: 'admin', regionId: ':region' }], field: 'roles.0.regionId' },
  {
    label: 'a region that does not exist',
    roles: [{ role: 'liaison', regionId: '00000000-0000-4000-8000-000000000000' }],
    field: 'roles.0.regionId',
  },
  { label: 'a department role without a department', roles: [{ role: 'department' }], field: 'departmentId' },
  { label: 'a deputy role without a deputy', roles: [{ role: 'deputy' }], field: 'deputyId' },
  { label: 'the same grant twice', roles: [{ role: 'admin' }, { role: 'admin' }], field: 'roles.1' },
  { label: 'too many grants', roles: Array.from({ length: 21 }, () => ({ role: 'admin' })), field: 'roles' },
];

describe('bad input on every write endpoint', () => {
  let t: TestApp;
  const tokens = new Map<string, string>();
  let targetId: string;
  let regionId: string;

  async function snapshot(): Promise<unknown> {
    return t.db.query(`
      SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM user_roles) AS grants,
             (SELECT count(*) FROM auth_sessions) AS sessions, (SELECT count(*) FROM refresh_tokens) AS tokens,
             (SELECT string_agg(u.id || u.password_hash || u.failed_logins || coalesce(u.locked_until::text, ''), ','
                                ORDER BY u.id) FROM users u) AS credentials,
             (SELECT string_agg(r.user_id || r.role || coalesce(r.region_id::text, ''), ',' ORDER BY r.id)
                FROM user_roles r) AS roles`);
  }

  beforeAll(async () => {
    t = await startTestApp();
    for (const username of ['admin', 'liaison.rongjiawan'])
      tokens.set(username, (await t.http.login(username)).accessToken);
    targetId = await userId(t.db, 'liaison.gangkou');
    regionId = await idOf(t.db, 'regions', 'rongjiawan');
  });

  afterAll(async () => {
    await t?.close();
  });

  async function send(endpoint: WriteEndpoint, body: unknown) {
    return t.http.request<ErrorBody>(endpoint.method, endpoint.path.replace(':id', targetId), {
      rawBody: JSON.stringify(body).replaceAll(':region', regionId),
      token: endpoint.as ? tokens.get(endpoint.as) : undefined,
    });
  }

  it.each(ENDPOINTS.flatMap(casesFor).map((c) => [`${c.endpoint.name}: ${c.label}`, c] as const))(
    '%s → 400 naming the field',
    async (_label, c) => {
      const before = await snapshot();
      const response = await send(c.endpoint, c.body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: match.stringContaining(c.field),
        fields: match.objectContaining({ [c.field]: match.arrayContaining([match.any(String)]) }),
        requestId: match.any(String),
      });
      expect(await snapshot()).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  const roleEndpoints = ENDPOINTS.filter((e) => e.name === 'create user' || e.name === 'replace roles');
  it.each(roleEndpoints.flatMap((e) => ROLE_CASES.map((c) => [`${e.name}: ${c.label}`, e, c] as const)))(
    '%s → 400 naming the field',
    async (_label, endpoint, c) => {
      const before = await snapshot();
      const response = await send(endpoint, { ...endpoint.valid(), roles: c.roles });
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.fields ?? {})).toContain(c.field);
      expect(await snapshot()).toEqual(before);
    },
  );

  it.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s: a body that is not an object → 400', async (_name, e) => {
    const before = await snapshot();
    for (const rawBody of ['[]', '"text"', '{"unterminated": ']) {
      const response = await t.http.request<ErrorBody>(e.method, e.path.replace(':id', targetId), {
        rawBody,
        token: e.as ? tokens.get(e.as) : undefined,
      });
      expect({ rawBody, status: response.status, error: response.body.error }).toEqual({
        rawBody,
        status: 400,
        error: 'Bad Request',
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('create user: a username in the wrong form, a bad email, a weak password, unknown links', async () => {
    const before = await snapshot();
    const response = await t.http.post<ErrorBody>(
      '/api/users',
      {
        username: 'Has Spaces',
        displayName: '  ',
        email: 'not-an-email',
        password: 'short',
        departmentId: '00000000-0000-4000-8000-000000000000',
        deputyId: 'not-a-uuid',
        roles: [{ role: 'admin' }],
      },
      tokens.get('admin'),
    );
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.fields ?? {}).sort()).toEqual([
      'deputyId',
      'displayName',
      'email',
      'password',
      'username',
    ]);
    const unknownLinks = await t.http.post<ErrorBody>(
      '/api/users',
      {
        username: 'dept.nowhere',
        displayName: '无处',
        password: 'a-fine-initial-passphrase',
        departmentId: '00000000-0000-4000-8000-000000000000',
        roles: [{ role: 'department' }],
      },
      tokens.get('admin'),
    );
    expect(unknownLinks.status).toBe(400);
    expect(unknownLinks.body.fields).toEqual({ departmentId: ['departmentId does not name a department'] });
    expect(await snapshot()).toEqual(before);
  });

  it('create user: a taken username or deputy → 409 naming the field', async () => {
    const before = await snapshot();
    const [{ deputy_id }] = await t.db.query<{ deputy_id: string }[]>(
      `SELECT deputy_id FROM users WHERE username = 'deputy.zhangzhiqiang'`,
    );
    const base = { displayName: '重复', password: 'a-fine-initial-passphrase' };
    const taken = await t.http.post<ErrorBody>(
      '/api/users',
      { ...base, username: 'admin', roles: [{ role: 'admin' }] },
      tokens.get('admin'),
    );
    expect(taken.status).toBe(409);
    expect(taken.body.fields).toEqual({ username: ['this username is taken'] });
    const deputy = await t.http.post<ErrorBody>(
      '/api/users',
      { ...base, username: 'deputy.twice', deputyId: deputy_id, roles: [{ role: 'deputy' }] },
      tokens.get('admin'),
    );
    expect(deputy.status).toBe(409);
    expect(deputy.body.fields).toEqual({ deputyId: ['this deputy already has a user'] });
    expect(await snapshot()).toEqual(before);
  });

  it('replace roles / unlock: an id that is not a uuid → 400 naming id; an unknown one → 404', async () => {
    const before = await snapshot();
    const admin = tokens.get('admin');
    const badId = await t.http.patch<ErrorBody>('/api/users/42/roles', { roles: [{ role: 'admin' }] }, admin);
    expect(badId.status).toBe(400);
    expect(Object.keys(badId.body.fields ?? {})).toEqual(['id']);
    expect((await t.http.post<ErrorBody>('/api/users/42/unlock', undefined, admin)).body.fields).toHaveProperty('id');
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await t.http.patch(`/api/users/${missing}/roles`, { roles: [{ role: 'admin' }] }, admin)).status).toBe(404);
    expect((await t.http.post(`/api/users/${missing}/unlock`, undefined, admin)).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('replace roles: an admin cannot take away their own admin role', async () => {
    const before = await snapshot();
    const adminId = await userId(t.db, 'admin');
    const response = await t.http.patch<ErrorBody>(
      `/api/users/${adminId}/roles`,
      { roles: [{ role: 'supervisor', regionId }] },
      tokens.get('admin'),
    );
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual({ roles: ['you cannot remove your own admin role'] });
    expect(await snapshot()).toEqual(before);
  });

  it('and valid input does write: create a user with scoped roles, sign in as them, replace their roles', async () => {
    const admin = tokens.get('admin');
    const created = await t.http.post<{ id: string; roles: { role: string; regionPath: string | null }[] }>(
      '/api/users',
      {
        username: 'supervisor.huangshajie',
        displayName: '胡督办',
        password: 'a-fine-initial-passphrase',
        roles: [{ role: 'supervisor', regionId: await idOf(t.db, 'regions', 'huangshajie') }],
      },
      admin,
    );
    expect(created.status).toBe(201);
    expect(created.body.roles).toEqual([
      match.objectContaining({ role: 'supervisor', regionPath: 'yueyang/yueyang-county/huangshajie' }),
    ]);
    const own = await t.http.login('supervisor.huangshajie', 'a-fine-initial-passphrase');
    const replaced = await t.http.patch<{ roles: { role: string }[] }>(
      `/api/users/${created.body.id}/roles`,
      { roles: [{ role: 'liaison', regionId }] },
      admin,
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body.roles.map((r) => r.role)).toEqual(['liaison']);
    const me = await t.http.get<{ roles: { role: string }[] }>('/api/auth/me', own.accessToken);
    expect(me.body.roles.map((r) => r.role)).toEqual(['liaison']);
  });
});
