// Bad input on every admin write: a missing required field, a wrong type, an oversized value, null where null is
// not allowed, and an unknown field each answer 400 in the common error shape, naming exactly that field, and
// write nothing (no reference row and no audit row changes).
import { randomUUID } from 'node:crypto';
import { idOf } from '../auth/support/fixtures';
import { startTestApp, type TestApp } from '../auth/support/test-app';
import { match } from '../auth/support/matchers';
import { errorOf, referenceFingerprint, signedIn, type As } from './support/admin';

type Kind = 'string' | 'uuid' | 'enum' | 'boolean' | 'int' | 'uuids';

interface Field {
  kind: Kind;
  required?: boolean;
  /** Longest string, or most items of an array, that is accepted. */
  max?: number;
  /** null is a meaningful value (clears a link, "any category"). */
  nullable?: boolean;
}

interface Ids {
  rongjiawan: string;
  chengdong: string;
  station: string;
  deputy: string;
  department: string;
  category: string;
  rule: string;
}

interface WriteEndpoint {
  name: string;
  method: 'POST' | 'PATCH' | 'PUT';
  path: (ids: Ids) => string;
  valid: (ids: Ids) => Record<string, unknown>;
  fields: Record<string, Field>;
}

const ENDPOINTS: WriteEndpoint[] = [
  {
    name: 'create region',
    method: 'POST',
    path: () => '/api/regions',
    valid: (ids) => ({ code: 'xinhe', name: '新河村', level: 'village', parentId: ids.rongjiawan }),
    fields: {
      code: { kind: 'string', required: true, max: 64 },
      name: { kind: 'string', required: true, max: 100 },
      level: { kind: 'enum', required: true },
      parentId: { kind: 'uuid', nullable: true },
    },
  },
  {
    name: 'change region',
    method: 'PATCH',
    path: (ids) => `/api/regions/${ids.chengdong}`,
    valid: () => ({ code: 'chengdong2', name: '城东' }),
    fields: { code: { kind: 'string', max: 64 }, name: { kind: 'string', max: 100 } },
  },
  {
    name: 'create station',
    method: 'POST',
    path: () => '/api/stations',
    valid: (ids) => ({
      code: 'x-station',
      name: '站',
      level: 'township',
      regionId: ids.rongjiawan,
      headDeputyId: ids.deputy,
    }),
    fields: {
      code: { kind: 'string', required: true, max: 64 },
      name: { kind: 'string', required: true, max: 100 },
      level: { kind: 'enum', required: true },
      regionId: { kind: 'uuid', required: true },
      headDeputyId: { kind: 'uuid', nullable: true },
      liaisonOfficerUserId: { kind: 'uuid', nullable: true },
    },
  },
  {
    name: 'change station',
    method: 'PATCH',
    path: (ids) => `/api/stations/${ids.station}`,
    valid: () => ({ name: '站' }),
    fields: {
      code: { kind: 'string', max: 64 },
      name: { kind: 'string', max: 100 },
      level: { kind: 'enum' },
      regionId: { kind: 'uuid' },
      headDeputyId: { kind: 'uuid', nullable: true },
      liaisonOfficerUserId: { kind: 'uuid', nullable: true },
    },
  },
  {
    name: "replace a station's deputies",
    method: 'PUT',
    path: (ids) => `/api/stations/${ids.station}/deputies`,
    valid: (ids) => ({ deputyIds: [ids.deputy] }),
    fields: { deputyIds: { kind: 'uuids', required: true, max: 200 } },
  },
  {
    name: 'create deputy',
    method: 'POST',
    path: () => '/api/deputies',
    valid: () => ({
      name: '某',
      gender: 'male',
      level: 'county',
      employer: '单位',
      post: '职务',
      phone: '13800000000',
    }),
    fields: {
      name: { kind: 'string', required: true, max: 100 },
      gender: { kind: 'enum', required: true },
      level: { kind: 'enum', required: true },
      employer: { kind: 'string', required: true, max: 200 },
      post: { kind: 'string', required: true, max: 200 },
      phone: { kind: 'string', required: true, max: 32 },
      userId: { kind: 'uuid', nullable: true },
    },
  },
  {
    name: 'change deputy',
    method: 'PATCH',
    path: (ids) => `/api/deputies/${ids.deputy}`,
    valid: () => ({ post: '职务' }),
    fields: {
      name: { kind: 'string', max: 100 },
      gender: { kind: 'enum' },
      level: { kind: 'enum' },
      employer: { kind: 'string', max: 200 },
      post: { kind: 'string', max: 200 },
      phone: { kind: 'string', max: 32 },
      userId: { kind: 'uuid', nullable: true },
    },
  },
  {
    name: 'create department',
    method: 'POST',
    path: () => '/api/departments',
    valid: (ids) => ({ code: 'x.dept', name: '办', regionId: ids.rongjiawan, email: 'x@example.org' }),
    fields: {
      code: { kind: 'string', required: true, max: 64 },
      name: { kind: 'string', required: true, max: 100 },
      regionId: { kind: 'uuid', required: true },
      email: { kind: 'string', required: true, max: 254 },
    },
  },
  {
    name: 'change department',
    method: 'PATCH',
    path: (ids) => `/api/departments/${ids.department}`,
    valid: () => ({ name: '办' }),
    fields: {
      code: { kind: 'string', max: 64 },
      name: { kind: 'string', max: 100 },
      email: { kind: 'string', max: 254 },
      active: { kind: 'boolean' },
    },
  },
  {
    name: 'create category',
    method: 'POST',
    path: () => '/api/categories',
    valid: () => ({ code: 'x-cat', nameZh: '类', nameEn: 'Kind' }),
    fields: {
      code: { kind: 'string', required: true, max: 64 },
      nameZh: { kind: 'string', required: true, max: 100 },
      nameEn: { kind: 'string', required: true, max: 100 },
    },
  },
  {
    name: 'change category',
    method: 'PATCH',
    path: (ids) => `/api/categories/${ids.category}`,
    valid: () => ({ nameEn: 'Kind' }),
    fields: {
      code: { kind: 'string', max: 64 },
      nameZh: { kind: 'string', max: 100 },
      nameEn: { kind: 'string', max: 100 },
      active: { kind: 'boolean' },
    },
  },
  {
    name: 'create routing rule',
    method: 'POST',
    path: () => '/api/routing-rules',
    valid: (ids) => ({ regionId: ids.rongjiawan, categoryId: null, leadDepartmentId: ids.department }),
    fields: {
      regionId: { kind: 'uuid', required: true },
      categoryId: { kind: 'uuid', nullable: true },
      leadDepartmentId: { kind: 'uuid', required: true },
      coHandlerDepartmentIds: { kind: 'uuids', max: 20 },
      priority: { kind: 'int' },
      active: { kind: 'boolean' },
    },
  },
  {
    name: 'change routing rule',
    method: 'PATCH',
    path: (ids) => `/api/routing-rules/${ids.rule}`,
    valid: () => ({ priority: 3 }),
    fields: {
      regionId: { kind: 'uuid' },
      categoryId: { kind: 'uuid', nullable: true },
      leadDepartmentId: { kind: 'uuid' },
      coHandlerDepartmentIds: { kind: 'uuids', max: 20 },
      priority: { kind: 'int' },
      active: { kind: 'boolean' },
    },
  },
  {
    name: 'resolve a route',
    method: 'POST',
    path: () => '/api/routing-rules/resolve',
    valid: (ids) => ({ placeRegionId: ids.chengdong, categoryId: ids.category }),
    fields: { placeRegionId: { kind: 'uuid', required: true }, categoryId: { kind: 'uuid', required: true } },
  },
  {
    name: 'set a calendar day',
    method: 'PUT',
    path: () => '/api/calendar/2026-06-15',
    valid: () => ({ kind: 'holiday', name: '假日' }),
    fields: { kind: { kind: 'enum', required: true }, name: { kind: 'string', required: true, max: 50 } },
  },
];

/** A value of the wrong type for each kind. */
const WRONG_TYPE: Record<Kind, unknown> = {
  string: 12345,
  uuid: 'not-a-uuid',
  enum: 'no-such-value',
  boolean: 'yes',
  int: 'high',
  uuids: 'not-an-array',
};

function oversized(name: string, field: Field): unknown {
  const max = field.max ?? 0;
  if (field.kind === 'uuids') return Array.from({ length: max + 1 }, () => randomUUID());
  if (name === 'email') return `${'a'.repeat(max)}@example.org`;
  if (name === 'phone') return '1'.repeat(max + 1);
  if (name === 'code') return 'a'.repeat(max + 1);
  return '长'.repeat(max + 1);
}

interface Case {
  endpoint: WriteEndpoint;
  field: string;
  what: string;
  body: (ids: Ids) => Record<string, unknown>;
}

function cases(): Case[] {
  const all: Case[] = [];
  for (const endpoint of ENDPOINTS) {
    const broken = (field: string, what: string, change: (body: Record<string, unknown>) => void) =>
      all.push({
        endpoint,
        field,
        what,
        body: (ids) => {
          const body = endpoint.valid(ids);
          change(body);
          return body;
        },
      });
    for (const [name, field] of Object.entries(endpoint.fields)) {
      if (field.required) broken(name, 'missing', (b) => delete b[name]);
      broken(name, 'of the wrong type', (b) => (b[name] = WRONG_TYPE[field.kind]));
      if (field.max !== undefined) broken(name, 'oversized', (b) => (b[name] = oversized(name, field)));
      if (!field.nullable) broken(name, 'null', (b) => (b[name] = null));
    }
    broken('unexpected', 'unknown', (b) => (b.unexpected = 'x'));
  }
  return all;
}

describe('admin input validation', () => {
  let t: TestApp;
  let admin: As;
  let ids: Ids;
  let fingerprint: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedIn(t, 'admin');
    const [rule] = await t.db.query<{ id: string }[]>(`SELECT id FROM routing_rules LIMIT 1`);
    const [deputy] = await t.db.query<{ id: string }[]>(`SELECT id FROM deputies LIMIT 1`);
    ids = {
      rongjiawan: await idOf(t.db, 'regions', 'rongjiawan'),
      chengdong: await idOf(t.db, 'regions', 'chengdong'),
      station: await idOf(t.db, 'stations', 'rongjiawan'),
      deputy: deputy.id,
      department: await idOf(t.db, 'departments', 'shehui.rongjiawan'),
      category: await idOf(t.db, 'issue_categories', 'roads'),
      rule: rule.id,
    };
    fingerprint = await referenceFingerprint(t.db);
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each(cases().map((c) => [c.endpoint.name, c.field, c.what, c] as const))(
    '%s: %s %s → 400 naming it',
    async (_name, field, _what, c) => {
      const response = await admin.send(c.endpoint.method, c.endpoint.path(ids), c.body(ids));
      expect(response.status).toBe(400);
      const body = errorOf(response);
      expect(body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: `Invalid input: ${field}`,
        fields: { [field]: match.any(Array) },
        requestId: match.any(String),
      });
      // Every message names the field, for a person reading it without the key.
      expect(body.fields![field].length).toBeGreaterThan(0);
      for (const message of body.fields![field]) expect(message).toContain(field);
    },
  );

  it('an empty or non-object body is refused too', async () => {
    const empty = await admin.send('POST', '/api/regions', {});
    expect(Object.keys(errorOf(empty).fields ?? {}).sort()).toEqual(['code', 'level', 'name']);
    const array = await admin.send('POST', '/api/categories', ['x']);
    expect(array.status).toBe(400);
  });

  it('a malformed id in the path is 400 naming id', async () => {
    const response = await admin.send('PATCH', '/api/regions/not-a-uuid', { name: 'x' });
    expect(response.status).toBe(400);
    expect(errorOf(response).fields).toEqual({ id: [match.any(String)] });
  });

  it('wrote nothing: every reference table and the audit log are as they were', async () => {
    expect(await referenceFingerprint(t.db)).toBe(fingerprint);
  });
});
