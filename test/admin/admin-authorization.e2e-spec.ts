// Who may call the admin API: role × endpoint → status, for the cast of test/auth's matrix. Writes are for admins
// only, and a refused write changes nothing. Regions, categories and the calendar are readable by every signed-in
// user; departments by admins, supervisors, liaison officers and departments, each within their scope; the rest
// by admins only. Then the department list's scope, actor by actor.
import { randomUUID } from 'node:crypto';
import { ACTOR_NAMES, type Actor, addMissingActors, signInActors } from '../auth/support/actors';
import { idOf } from '../auth/support/fixtures';
import { startTestApp, type TestApp } from '../auth/support/test-app';
import { referenceFingerprint, type DepartmentView, type Page } from './support/admin';

interface Fixtures {
  rongjiawan: string;
  /** Rows the admin's requests change or delete; nobody else's request reaches them. */
  spareRegion: string;
  station: string;
  deputy: string;
  department: string;
  category: string;
  rule: string;
  ruleToDelete: string;
  roads: string;
  chengdong: string;
  leadDepartment: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface MatrixRow {
  endpoint: string;
  request: (f: Fixtures) => { method: Method; path: string; body?: unknown };
  expect: Record<Actor, number>;
}

function everyone(status: number): Record<Actor, number> {
  return Object.fromEntries(ACTOR_NAMES.map((actor) => [actor, status])) as Record<Actor, number>;
}

const ADMIN_ONLY = { ...everyone(403), anonymous: 401 };
const SIGNED_IN = { ...everyone(200), anonymous: 401 };
/** Admins, supervisors, liaison officers and departments; deputies are refused. */
const DEPARTMENT_READERS = { ...SIGNED_IN, 'deputy who submitted': 403, 'other deputy': 403 };
const code = () => `m${randomUUID().slice(0, 8)}`;

const MATRIX: MatrixRow[] = [
  { endpoint: 'GET /api/regions', request: () => ({ method: 'GET', path: '/api/regions' }), expect: SIGNED_IN },
  {
    endpoint: 'POST /api/regions',
    request: (f) => ({
      method: 'POST',
      path: '/api/regions',
      body: { code: code(), name: '矩阵村', level: 'village', parentId: f.rongjiawan },
    }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  {
    endpoint: 'PATCH /api/regions/:id',
    request: (f) => ({ method: 'PATCH', path: `/api/regions/${f.spareRegion}`, body: { name: '改名村' } }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'DELETE /api/regions/:id',
    request: (f) => ({ method: 'DELETE', path: `/api/regions/${f.spareRegion}` }),
    expect: { ...ADMIN_ONLY, admin: 204 },
  },
  {
    endpoint: 'GET /api/stations',
    request: () => ({ method: 'GET', path: '/api/stations' }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'GET /api/stations/:id',
    request: (f) => ({ method: 'GET', path: `/api/stations/${f.station}` }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'POST /api/stations',
    request: (f) => ({
      method: 'POST',
      path: '/api/stations',
      body: { code: code(), name: '矩阵站', level: 'village', regionId: f.chengdong },
    }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  {
    endpoint: 'PATCH /api/stations/:id',
    request: (f) => ({ method: 'PATCH', path: `/api/stations/${f.station}`, body: { name: '城东社区代表工作站' } }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'PUT /api/stations/:id/deputies',
    request: (f) => ({ method: 'PUT', path: `/api/stations/${f.station}/deputies`, body: { deputyIds: [f.deputy] } }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'GET /api/deputies',
    request: () => ({ method: 'GET', path: '/api/deputies' }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'POST /api/deputies',
    request: () => ({
      method: 'POST',
      path: '/api/deputies',
      body: { name: '矩阵', gender: 'female', level: 'county', employer: '单位', post: '职务', phone: '13800000000' },
    }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  {
    endpoint: 'PATCH /api/deputies/:id',
    request: (f) => ({ method: 'PATCH', path: `/api/deputies/${f.deputy}`, body: { post: '站长' } }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'GET /api/departments',
    request: () => ({ method: 'GET', path: '/api/departments' }),
    expect: DEPARTMENT_READERS,
  },
  {
    endpoint: 'POST /api/departments',
    request: (f) => ({
      method: 'POST',
      path: '/api/departments',
      body: { code: code(), name: '矩阵办', regionId: f.rongjiawan, email: 'matrix@example.org' },
    }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  {
    endpoint: 'PATCH /api/departments/:id',
    request: (f) => ({ method: 'PATCH', path: `/api/departments/${f.department}`, body: { email: 'new@example.org' } }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  { endpoint: 'GET /api/categories', request: () => ({ method: 'GET', path: '/api/categories' }), expect: SIGNED_IN },
  {
    endpoint: 'POST /api/categories',
    request: () => ({
      method: 'POST',
      path: '/api/categories',
      body: { code: code(), nameZh: '矩阵', nameEn: 'Matrix' },
    }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  {
    endpoint: 'PATCH /api/categories/:id',
    request: (f) => ({ method: 'PATCH', path: `/api/categories/${f.category}`, body: { nameEn: 'Matrix 2' } }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'GET /api/routing-rules',
    request: () => ({ method: 'GET', path: '/api/routing-rules' }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'POST /api/routing-rules',
    request: (f) => ({
      method: 'POST',
      path: '/api/routing-rules',
      body: {
        regionId: f.rongjiawan,
        categoryId: f.category,
        leadDepartmentId: f.leadDepartment,
        coHandlerDepartmentIds: [],
      },
    }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  {
    endpoint: 'PATCH /api/routing-rules/:id',
    request: (f) => ({ method: 'PATCH', path: `/api/routing-rules/${f.rule}`, body: { priority: 7 } }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'DELETE /api/routing-rules/:id',
    request: (f) => ({ method: 'DELETE', path: `/api/routing-rules/${f.ruleToDelete}` }),
    expect: { ...ADMIN_ONLY, admin: 204 },
  },
  {
    endpoint: 'POST /api/routing-rules/resolve',
    request: (f) => ({
      method: 'POST',
      path: '/api/routing-rules/resolve',
      body: { placeRegionId: f.chengdong, categoryId: f.roads },
    }),
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  {
    endpoint: 'GET /api/calendar',
    request: () => ({ method: 'GET', path: '/api/calendar?year=2026' }),
    expect: SIGNED_IN,
  },
  {
    endpoint: 'PUT /api/calendar/:day',
    request: () => ({ method: 'PUT', path: '/api/calendar/2026-07-01', body: { kind: 'holiday', name: '矩阵假日' } }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  {
    endpoint: 'DELETE /api/calendar/:day',
    request: () => ({ method: 'DELETE', path: '/api/calendar/2026-10-01' }),
    expect: { ...ADMIN_ONLY, admin: 204 },
  },
];

describe('admin API authorisation matrix', () => {
  let t: TestApp;
  let fixtures: Fixtures;
  let tokens: Map<Actor, string>;

  beforeAll(async () => {
    t = await startTestApp();
    await addMissingActors(t);
    ({ tokens } = await signInActors(t));
    const rongjiawan = await idOf(t.db, 'regions', 'rongjiawan');
    const [spare] = await t.db.query<{ id: string }[]>(
      `INSERT INTO regions (code, name, level, parent_id, path)
       VALUES ('spare', '备用村', 'village', $1, 'yueyang/yueyang-county/rongjiawan/spare') RETURNING id`,
      [rongjiawan],
    );
    const station = await idOf(t.db, 'stations', 'chengdong');
    const [head] = await t.db.query<{ id: string }[]>(`SELECT head_deputy_id AS id FROM stations WHERE id = $1`, [
      station,
    ]);
    const category = await idOf(t.db, 'issue_categories', 'education');
    const leadDepartment = await idOf(t.db, 'departments', 'shehui.rongjiawan');
    const rules = await t.db.query<{ id: string }[]>(
      `INSERT INTO routing_rules (region_id, category_id, lead_department_id) VALUES ($1, $2, $3), ($1, $2, $3) RETURNING id`,
      [rongjiawan, category, leadDepartment],
    );
    fixtures = {
      rongjiawan,
      spareRegion: spare.id,
      station,
      deputy: head.id,
      department: await idOf(t.db, 'departments', 'sifa.rongjiawan'),
      category,
      rule: rules[0].id,
      ruleToDelete: rules[1].id,
      roads: await idOf(t.db, 'issue_categories', 'roads'),
      chengdong: await idOf(t.db, 'regions', 'chengdong'),
      leadDepartment,
    };
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has an expectation for every actor in every row', () => {
    for (const row of MATRIX) expect(Object.keys(row.expect).sort()).toEqual([...ACTOR_NAMES].sort());
  });

  it('refused writes change nothing', async () => {
    const before = await referenceFingerprint(t.db);
    for (const row of MATRIX) {
      const { method, path, body } = row.request(fixtures);
      if (method === 'GET') continue;
      for (const actor of ACTOR_NAMES) {
        if (row.expect[actor] < 400) continue;
        const response = await t.http.request(method, path, { body, token: tokens.get(actor) });
        expect([row.endpoint, actor, response.status]).toEqual([row.endpoint, actor, row.expect[actor]]);
      }
    }
    expect(await referenceFingerprint(t.db)).toBe(before);
  });

  // Before the matrix rows, whose admin requests add a department.
  describe('GET /api/departments lists only what the caller may refer issues to', () => {
    const COUNTY = '岳阳县';
    const expected: Partial<Record<Actor, { regions: string[]; total: number }>> = {
      // Their township's offices, and the county bureaus above it.
      'supervisor in scope': { regions: ['荣家湾镇', COUNTY], total: 14 },
      // The whole county: its bureaus and every township's offices.
      'county supervisor': { regions: ['荣家湾镇', '筻口镇', '新墙镇', '黄沙街镇', COUNTY], total: 28 },
      'supervisor out of scope': { regions: ['筻口镇', COUNTY], total: 11 },
      // A village grant: the departments above the village (its township's and the county's).
      'liaison in scope': { regions: ['荣家湾镇', COUNTY], total: 14 },
      'liaison out of scope': { regions: ['黄沙街镇', COUNTY], total: 12 },
      // Their own department only.
      'lead department': { regions: ['荣家湾镇'], total: 1 },
      'unassigned department': { regions: ['荣家湾镇'], total: 1 },
    };

    it.each(Object.entries(expected))('%s', async (actor, want) => {
      const response = await t.http.get<Page<DepartmentView>>('/api/departments?limit=100', tokens.get(actor as Actor));
      expect(response.status).toBe(200);
      const page = response.body;
      expect(page.total).toBe(want.total);
      expect([...new Set(page.items.map((d) => d.regionName))].sort()).toEqual([...want.regions].sort());
    });

    it('gives a department user exactly their own department', async () => {
      const page = (await t.http.get<Page<DepartmentView>>('/api/departments', tokens.get('lead department'))).body;
      expect(page.items.map((d) => d.code)).toEqual(['jiaotong.rongjiawan']);
    });

    it('filters within the scope: another township’s offices stay hidden even when asked for', async () => {
      const huangshajie = await idOf(t.db, 'regions', 'huangshajie');
      const page = (
        await t.http.get<Page<DepartmentView>>(
          `/api/departments?regionId=${huangshajie}`,
          tokens.get('supervisor in scope'),
        )
      ).body;
      expect(page).toMatchObject({ total: 0, items: [] });
    });

    it('shows the admin every department', async () => {
      const [{ n }] = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM departments`);
      const page = (await t.http.get<Page<DepartmentView>>('/api/departments?limit=1', tokens.get('admin'))).body;
      expect(page.total).toBe(n);
    });
  });

  describe.each(MATRIX.map((row) => [row.endpoint, row] as const))('%s', (_endpoint, row) => {
    // Admin last, so that the others' refused requests meet the row the admin's request is about to change.
    const order = [...ACTOR_NAMES.filter((a) => a !== 'admin'), 'admin' as const];
    it.each(order.map((actor) => [actor, row.expect[actor]] as const))('%s → %i', async (actor, status) => {
      const { method, path, body } = row.request(fixtures);
      const response = await t.http.request(method, path, { body, token: tokens.get(actor) });
      expect(response.status).toBe(status);
    });
  });
});
