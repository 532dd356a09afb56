// The admin's reference data through the API, as the admin screens use it: create, read back, change, and the
// conflicts an admin can run into (taken codes, rows still in use, inactive departments, the station's head).
// Every write leaves one row in the append-only admin_audit_log.
import { randomUUID } from 'node:crypto';
import { idOf, insertIssue, userId } from '../auth/support/fixtures';
import { startTestApp, type TestApp } from '../auth/support/test-app';
import { match } from '../auth/support/matchers';
import {
  auditCount,
  errorOf,
  ok,
  referenceFingerprint,
  signedIn,
  type As,
  type CalendarYear,
  type CategoryView,
  type DepartmentView,
  type DeputyView,
  type Page,
  type RegionView,
  type RoutingRuleView,
  type StationView,
} from './support/admin';

describe('reference data administration', () => {
  let t: TestApp;
  let admin: As;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedIn(t, 'admin');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('regions', () => {
    it('lists the tree in path order, filtered by parent, level and text', async () => {
      const rongjiawan = await idOf(t.db, 'regions', 'rongjiawan');
      const children = ok<Page<RegionView>>(await admin.get(`/api/regions?parentId=${rongjiawan}`));
      expect(children.items.map((r) => r.code)).toEqual(['baishi', 'chengdong']);
      expect(children.items[1]).toEqual({
        id: await idOf(t.db, 'regions', 'chengdong'),
        code: 'chengdong',
        name: '城东社区',
        level: 'village',
        parentId: rongjiawan,
        path: 'yueyang/yueyang-county/rongjiawan/chengdong',
      });
      const townships = ok<Page<RegionView>>(await admin.get('/api/regions?level=township&limit=2'));
      expect(townships).toMatchObject({ total: 4, page: 1, limit: 2 });
      expect(townships.items).toHaveLength(2);
      const found = ok<Page<RegionView>>(await admin.get(`/api/regions?q=${encodeURIComponent('荣家')}`));
      expect(found.items.map((r) => r.code)).toEqual(['rongjiawan']);
    });

    it('adds a village under a township, renames it and changes its code with its path, then deletes it', async () => {
      const before = await auditCount(t.db);
      const rongjiawan = await idOf(t.db, 'regions', 'rongjiawan');
      const created = ok<RegionView>(
        await admin.send('POST', '/api/regions', {
          code: 'xinhe',
          name: ' 新河村 ',
          level: 'village',
          parentId: rongjiawan,
        }),
        201,
      );
      expect(created).toMatchObject({ code: 'xinhe', name: '新河村', path: 'yueyang/yueyang-county/rongjiawan/xinhe' });

      const renamed = ok<RegionView>(
        await admin.send('PATCH', `/api/regions/${created.id}`, { name: '新河社区', code: 'xinhe-shequ' }),
      );
      expect(renamed).toMatchObject({
        name: '新河社区',
        code: 'xinhe-shequ',
        path: 'yueyang/yueyang-county/rongjiawan/xinhe-shequ',
      });

      expect((await admin.send('DELETE', `/api/regions/${created.id}`)).status).toBe(204);
      expect((await admin.send('DELETE', `/api/regions/${created.id}`)).status).toBe(404);
      expect(ok<Page<RegionView>>(await admin.get(`/api/regions?q=xinhe`)).total).toBe(0);

      const audit = await t.db.query<{ action: string; entity: string; before: unknown; after: unknown }[]>(
        `SELECT action, entity, before, after FROM admin_audit_log WHERE entity_id = $1 ORDER BY id`,
        [created.id],
      );
      expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
      expect(audit[1]).toMatchObject({
        before: match.objectContaining({ code: 'xinhe' }),
        after: match.objectContaining({ code: 'xinhe-shequ' }),
      });
      expect(await auditCount(t.db)).toBe(before + 3);
    });

    it('re-codes a whole subtree: the children follow the new path', async () => {
      const city = ok<RegionView>(
        await admin.send('POST', '/api/regions', { code: 'linxiang', name: '临湘市', level: 'city' }),
        201,
      );
      const county = ok<RegionView>(
        await admin.send('POST', '/api/regions', {
          code: 'linxiang-county',
          name: '临湘',
          level: 'county',
          parentId: city.id,
        }),
        201,
      );
      ok(await admin.send('PATCH', `/api/regions/${city.id}`, { code: 'linxiang-shi' }));
      // Read back (an empty PATCH is refused now: it changes nothing).
      const children = ok<Page<RegionView>>(await admin.get(`/api/regions?parentId=${city.id}`));
      expect(children.items.find((region) => region.id === county.id)?.path).toBe('linxiang-shi/linxiang-county');
    });

    it('keeps each level one below its parent, and a city without one', async () => {
      const county = await idOf(t.db, 'regions', 'yueyang-county');
      const village = await admin.send('POST', '/api/regions', {
        code: 'wrong',
        name: '错层',
        level: 'village',
        parentId: county,
      });
      expect(village.status).toBe(400);
      expect(errorOf(village).fields).toEqual({ parentId: [match.stringContaining('belongs to a township')] });
      const orphan = await admin.send('POST', '/api/regions', { code: 'orphan', name: '无上级', level: 'township' });
      expect(errorOf(orphan).fields).toEqual({ parentId: ['a township needs a parent county'] });
      const cityWithParent = await admin.send('POST', '/api/regions', {
        code: 'city2',
        name: '市',
        level: 'city',
        parentId: county,
      });
      expect(errorOf(cityWithParent).fields).toEqual({ parentId: ['a city has no parent region'] });
      const ghost = await admin.send('POST', '/api/regions', {
        code: 'ghost',
        name: '无',
        level: 'village',
        parentId: randomUUID(),
      });
      expect(errorOf(ghost).fields).toEqual({ parentId: ['parentId does not name a region'] });
    });

    it('answers 409 naming code for a taken code, and what still uses a region it will not delete', async () => {
      const township = await idOf(t.db, 'regions', 'rongjiawan');
      const taken = await admin.send('POST', '/api/regions', {
        code: 'baishi',
        name: '重复',
        level: 'village',
        parentId: township,
      });
      expect(taken.status).toBe(409);
      expect(errorOf(taken)).toMatchObject({
        statusCode: 409,
        error: 'Conflict',
        fields: { code: ['this code is taken'] },
      });

      const before = await referenceFingerprint(t.db);
      const used = await admin.send('DELETE', `/api/regions/${township}`);
      expect(used.status).toBe(409);
      expect(errorOf(used).message).toMatch(
        /^This region is still used by 2 child regions, 1 station, 7 departments, 2 users' roles, 5 routing rules$/,
      );
      const county = await admin.send('DELETE', `/api/regions/${await idOf(t.db, 'regions', 'yueyang-county')}`);
      expect(errorOf(county).message).toContain('4 child regions');
      expect(errorOf(county).message).toContain("1 user's role");
      expect(await referenceFingerprint(t.db)).toBe(before);
    });

    it('refuses a new code once issues were raised in the subtree, since their records keep the old path', async () => {
      const chengdong = await idOf(t.db, 'regions', 'chengdong');
      await insertIssue(t.db);
      const response = await admin.send('PATCH', `/api/regions/${chengdong}`, { code: 'chengdong-new' });
      expect(response.status).toBe(409);
      expect(errorOf(response).fields?.code).toEqual([match.stringContaining('issue(s) were raised')]);
      const used = await admin.send('DELETE', `/api/regions/${chengdong}`);
      expect(errorOf(used).message).toContain('1 issue');
      // A name is only a label: it may change.
      ok(await admin.send('PATCH', `/api/regions/${chengdong}`, { name: '城东社区' }));
    });
  });

  describe('stations and deputies', () => {
    let region: string;
    let deputy: DeputyView;

    beforeAll(async () => {
      region = await idOf(t.db, 'regions', 'baishi');
      deputy = ok<DeputyView>(
        await admin.send('POST', '/api/deputies', {
          name: '何春梅',
          gender: 'female',
          level: 'township',
          employer: '白石村村委会',
          post: '妇女主任',
          phone: '13807309999',
        }),
        201,
      );
    });

    it('creates a deputy and finds them by text', async () => {
      expect(deputy).toEqual({
        id: match.any(String),
        name: '何春梅',
        gender: 'female',
        level: 'township',
        employer: '白石村村委会',
        post: '妇女主任',
        phone: '13807309999',
        userId: null,
        stationIds: [],
      });
      const found = ok<Page<DeputyView>>(await admin.get(`/api/deputies?q=${encodeURIComponent('何春')}`));
      expect(found.items.map((d) => d.id)).toEqual([deputy.id]);
    });

    it('creates a village station whose head becomes one of its deputies, then replaces its deputies', async () => {
      const liaison = await userId(t.db, 'liaison.chengdong');
      const station = ok<StationView>(
        await admin.send('POST', '/api/stations', {
          code: 'baishi',
          name: '白石村代表工作站',
          level: 'village',
          regionId: region,
          headDeputyId: deputy.id,
          liaisonOfficerUserId: liaison,
        }),
        201,
      );
      expect(station).toMatchObject({
        code: 'baishi',
        level: 'village',
        regionId: region,
        regionName: '白石村',
        headDeputyId: deputy.id,
        headDeputyName: '何春梅',
        liaisonOfficerUserId: liaison,
        deputyCount: 1,
        deputies: [{ id: deputy.id, name: '何春梅', level: 'township' }],
      });

      const zhang = (
        await t.db.query<{ id: string }[]>(`SELECT deputy_id AS id FROM users WHERE username = 'deputy.zhangzhiqiang'`)
      )[0].id;
      const replaced = ok<StationView>(
        await admin.send('PUT', `/api/stations/${station.id}/deputies`, { deputyIds: [deputy.id, zhang] }),
      );
      expect(replaced.deputyCount).toBe(2);
      expect(replaced.deputies?.map((d) => d.id).sort()).toEqual([deputy.id, zhang].sort());
      const listed = ok<Page<StationView>>(
        await admin.get(`/api/stations?regionId=${await idOf(t.db, 'regions', 'rongjiawan')}`),
      );
      expect(listed.items.map((s) => s.code)).toEqual(['rongjiawan', 'baishi', 'chengdong']);
      expect(ok<Page<DeputyView>>(await admin.get(`/api/deputies?stationId=${station.id}`)).total).toBe(2);

      // The head must stay among the deputies: dropping them is refused, and so is a head from outside.
      const before = await referenceFingerprint(t.db);
      const dropped = await admin.send('PUT', `/api/stations/${station.id}/deputies`, { deputyIds: [zhang] });
      expect(dropped.status).toBe(400);
      expect(errorOf(dropped).fields).toEqual({ deputyIds: [match.stringContaining('the head must stay')] });
      const outsider = await idOf(t.db, 'stations', 'gangkou').then(
        async (id) =>
          (
            await t.db.query<{ id: string }[]>(
              `SELECT deputy_id AS id FROM station_deputies WHERE station_id = $1 LIMIT 1`,
              [id],
            )
          )[0].id,
      );
      const badHead = await admin.send('PATCH', `/api/stations/${station.id}`, { headDeputyId: outsider });
      expect(errorOf(badHead).fields).toEqual({
        headDeputyId: [match.stringContaining("one of the station's deputies")],
      });
      expect(await referenceFingerprint(t.db)).toBe(before);

      // Changing the head first, then the deputies, works; so does clearing the head.
      ok(
        await admin.send('PATCH', `/api/stations/${station.id}`, {
          headDeputyId: zhang,
          name: '白石村代表工作站（新）',
        }),
      );
      const after = ok<StationView>(
        await admin.send('PUT', `/api/stations/${station.id}/deputies`, { deputyIds: [zhang] }),
      );
      expect(after).toMatchObject({ headDeputyName: '张志强', name: '白石村代表工作站（新）', deputyCount: 1 });
      const cleared = ok<StationView>(
        await admin.send('PATCH', `/api/stations/${station.id}`, { headDeputyId: null, liaisonOfficerUserId: null }),
      );
      expect(cleared).toMatchObject({ headDeputyId: null, liaisonOfficerUserId: null });
      const moved = ok<StationView>(
        await admin.send('PATCH', `/api/stations/${station.id}`, {
          regionId: await idOf(t.db, 'regions', 'chengdong'),
        }),
      );
      expect(moved).toMatchObject({ regionName: '城东社区', level: 'village' });
      const empty = ok<StationView>(await admin.send('PUT', `/api/stations/${station.id}/deputies`, { deputyIds: [] }));
      expect(empty.deputyCount).toBe(0);
    });

    it('puts a township station in a township and a village station in a village', async () => {
      const wrong = await admin.send('POST', '/api/stations', {
        code: 'x1',
        name: '错',
        level: 'township',
        regionId: region,
      });
      expect(wrong.status).toBe(400);
      expect(errorOf(wrong).fields).toEqual({
        regionId: ['a township station belongs in a township region, and this region is a village'],
      });
      const rongjiawan = await idOf(t.db, 'stations', 'rongjiawan');
      const moved = await admin.send('PATCH', `/api/stations/${rongjiawan}`, { level: 'village' });
      expect(errorOf(moved).fields).toEqual({
        level: [match.stringContaining('a village station belongs in a village region')],
      });
      const taken = await admin.send('POST', '/api/stations', {
        code: 'chengdong',
        name: '重复',
        level: 'village',
        regionId: region,
      });
      expect(taken.status).toBe(409);
      expect(errorOf(taken).fields).toEqual({ code: ['this code is taken'] });
      expect((await admin.get(`/api/stations/${randomUUID()}`)).status).toBe(404);
    });

    it('leaves the reception rule alone', async () => {
      const id = await idOf(t.db, 'stations', 'rongjiawan');
      ok(await admin.send('PATCH', `/api/stations/${id}`, { name: '荣家湾镇人大代表之家' }));
      const [row] = await t.db.query<{ reception_rule: string }[]>(
        `SELECT reception_rule FROM stations WHERE id = $1`,
        [id],
      );
      expect(row.reception_rule).toBe('monthly:8');
    });

    it('links a deputy to a user on both sides, once, and unlinks', async () => {
      const [user] = await t.db.query<{ id: string }[]>(
        `INSERT INTO users (username, display_name) VALUES ('deputy.hechunmei', '何春梅') RETURNING id`,
      );
      const linked = ok<DeputyView>(
        await admin.send('PATCH', `/api/deputies/${deputy.id}`, { userId: user.id, post: '村委委员' }),
      );
      expect(linked).toMatchObject({ userId: user.id, post: '村委委员' });
      const [row] = await t.db.query<{ deputy_id: string }[]>(`SELECT deputy_id FROM users WHERE id = $1`, [user.id]);
      expect(row.deputy_id).toBe(deputy.id);
      const taken = await admin.send('POST', '/api/deputies', {
        name: '另一人',
        gender: 'male',
        level: 'county',
        employer: '某单位',
        post: '职员',
        phone: '0730-1234567',
        userId: await userId(t.db, 'deputy.zhangzhiqiang'),
      });
      expect(taken.status).toBe(409);
      expect(errorOf(taken).fields).toEqual({ userId: ['this user already stands for a deputy'] });
      ok(await admin.send('PATCH', `/api/deputies/${deputy.id}`, { userId: null }));
      const [after] = await t.db.query<{ deputy_id: string | null }[]>(`SELECT deputy_id FROM users WHERE id = $1`, [
        user.id,
      ]);
      expect(after.deputy_id).toBeNull();
      expect((await admin.send('PATCH', `/api/deputies/${randomUUID()}`, { name: '无' })).status).toBe(404);
    });
  });

  describe('departments and categories', () => {
    it('creates, lists, changes and closes a department', async () => {
      const rongjiawan = await idOf(t.db, 'regions', 'rongjiawan');
      const created = ok<DepartmentView>(
        await admin.send('POST', '/api/departments', {
          code: 'jianshe.rongjiawan',
          name: '荣家湾镇规划建设办',
          regionId: rongjiawan,
          email: 'jianshe@rongjiawan.example.org',
        }),
        201,
      );
      expect(created).toEqual({
        id: match.any(String),
        code: 'jianshe.rongjiawan',
        name: '荣家湾镇规划建设办',
        regionId: rongjiawan,
        regionName: '荣家湾镇',
        email: 'jianshe@rongjiawan.example.org',
        active: true,
      });
      const closed = ok<DepartmentView>(await admin.send('PATCH', `/api/departments/${created.id}`, { active: false }));
      expect(closed.active).toBe(false);
      const inactive = ok<Page<DepartmentView>>(await admin.get(`/api/departments?active=false`));
      expect(inactive.items.map((d) => d.code)).toEqual(['jianshe.rongjiawan']);
      const mine = ok<Page<DepartmentView>>(
        await admin.get(`/api/departments?regionId=${rongjiawan}&active=true&limit=100`),
      );
      expect(mine.total).toBe(7);
      const taken = await admin.send('PATCH', `/api/departments/${created.id}`, { code: 'sifa.rongjiawan' });
      expect(taken.status).toBe(409);
      expect(errorOf(taken).fields).toEqual({ code: ['this code is taken'] });
      const village = await admin.send('POST', '/api/departments', {
        code: 'cun.baishi',
        name: '白石村委',
        regionId: await idOf(t.db, 'regions', 'baishi'),
        email: 'a@b.org',
      });
      expect(errorOf(village).fields).toEqual({ regionId: [match.stringContaining('not a village')] });
    });

    it('creates and closes a category; the list filters by active', async () => {
      const created = ok<CategoryView>(
        await admin.send('POST', '/api/categories', { code: 'housing', nameZh: '住房保障', nameEn: 'Housing' }),
        201,
      );
      expect(created).toEqual({
        id: match.any(String),
        code: 'housing',
        nameZh: '住房保障',
        nameEn: 'Housing',
        active: true,
      });
      ok(await admin.send('PATCH', `/api/categories/${created.id}`, { active: false, nameEn: 'Housing security' }));
      const active = ok<Page<CategoryView>>(await admin.get('/api/categories?active=true'));
      expect(active.items.map((c) => c.code)).not.toContain('housing');
      const all = ok<Page<CategoryView>>(await admin.get('/api/categories'));
      expect(all.items.find((c) => c.code === 'housing')).toMatchObject({ active: false, nameEn: 'Housing security' });
      const taken = await admin.send('POST', '/api/categories', { code: 'roads', nameZh: '道路', nameEn: 'Roads' });
      expect(taken.status).toBe(409);
      expect(errorOf(taken).fields).toEqual({ code: ['this code is taken'] });
      expect((await admin.send('PATCH', `/api/categories/${randomUUID()}`, { active: true })).status).toBe(404);
    });
  });

  describe('routing rules', () => {
    it('lists rules with their names, most general first', async () => {
      const rongjiawan = await idOf(t.db, 'regions', 'rongjiawan');
      const roads = await idOf(t.db, 'issue_categories', 'roads');
      const page = ok<Page<RoutingRuleView>>(
        await admin.get(`/api/routing-rules?regionId=${rongjiawan}&categoryId=${roads}`),
      );
      expect(page.items).toEqual([
        {
          id: match.any(String),
          regionId: rongjiawan,
          regionName: '荣家湾镇',
          categoryId: roads,
          categoryName: '道路交通',
          leadDepartmentId: await idOf(t.db, 'departments', 'jiaotong.rongjiawan'),
          leadDepartmentName: '荣家湾镇交通管理站',
          coHandlerDepartmentIds: [await idOf(t.db, 'departments', 'ziran.rongjiawan')],
          coHandlerDepartmentNames: ['荣家湾镇自然资源所'],
          priority: 0,
          active: true,
        },
      ]);
    });

    it('creates a rule with co-handlers in one go, changes them, and deletes it', async () => {
      const gangkou = await idOf(t.db, 'regions', 'gangkou');
      const other = await idOf(t.db, 'issue_categories', 'other');
      const shehui = await idOf(t.db, 'departments', 'shehui.gangkou');
      const ziran = await idOf(t.db, 'departments', 'ziran.gangkou');
      const shuili = await idOf(t.db, 'departments', 'shuili.gangkou');
      const rule = ok<RoutingRuleView>(
        await admin.send('POST', '/api/routing-rules', {
          regionId: gangkou,
          categoryId: other,
          leadDepartmentId: shehui,
          coHandlerDepartmentIds: [ziran, shuili],
          priority: 5,
        }),
        201,
      );
      expect(rule).toMatchObject({
        regionName: '筻口镇',
        categoryName: '其他',
        leadDepartmentName: '筻口镇社会事务办',
        coHandlerDepartmentNames: ['筻口镇水利站', '筻口镇自然资源所'],
        priority: 5,
        active: true,
      });
      const changed = ok<RoutingRuleView>(
        await admin.send('PATCH', `/api/routing-rules/${rule.id}`, {
          coHandlerDepartmentIds: [ziran],
          categoryId: null,
        }),
      );
      expect(changed).toMatchObject({ categoryId: null, categoryName: null, coHandlerDepartmentIds: [ziran] });
      expect((await admin.send('DELETE', `/api/routing-rules/${rule.id}`)).status).toBe(204);
      expect((await admin.send('DELETE', `/api/routing-rules/${rule.id}`)).status).toBe(404);
      const [{ n }] = await t.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM routing_rule_co_handlers WHERE rule_id = $1`,
        [rule.id],
      );
      expect(n).toBe(0);
      const audit = await t.db.query<{ action: string }[]>(
        `SELECT action FROM admin_audit_log WHERE entity = 'routing_rule' AND entity_id = $1 ORDER BY id`,
        [rule.id],
      );
      expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
    });

    it('refuses a lead among the co-handlers, departments that do not serve the region, and inactive ones', async () => {
      const gangkou = await idOf(t.db, 'regions', 'gangkou');
      const shehui = await idOf(t.db, 'departments', 'shehui.gangkou');
      const before = await referenceFingerprint(t.db);
      const self = await admin.send('POST', '/api/routing-rules', {
        regionId: gangkou,
        categoryId: null,
        leadDepartmentId: shehui,
        coHandlerDepartmentIds: [shehui],
      });
      expect(self.status).toBe(400);
      expect(errorOf(self).fields).toEqual({
        'coHandlerDepartmentIds.0': ['the lead department cannot also be a co-handler'],
      });
      const elsewhere = await admin.send('POST', '/api/routing-rules', {
        regionId: gangkou,
        categoryId: null,
        leadDepartmentId: await idOf(t.db, 'departments', 'shehui.rongjiawan'),
        coHandlerDepartmentIds: [],
      });
      expect(errorOf(elsewhere).fields).toEqual({
        leadDepartmentId: [match.stringContaining('does not serve 筻口镇')],
      });

      const closed = ok<DepartmentView>(
        await admin.send('POST', '/api/departments', {
          code: 'closed.gangkou',
          name: '筻口镇已撤销办',
          regionId: gangkou,
          email: 'closed@gangkou.example.org',
        }),
        201,
      );
      ok(await admin.send('PATCH', `/api/departments/${closed.id}`, { active: false }));
      const fingerprint = await referenceFingerprint(t.db);
      const inactive = await admin.send('POST', '/api/routing-rules', {
        regionId: gangkou,
        categoryId: null,
        leadDepartmentId: shehui,
        coHandlerDepartmentIds: [closed.id],
      });
      expect(inactive.status).toBe(409);
      expect(errorOf(inactive).fields).toEqual({ 'coHandlerDepartmentIds.0': ['筻口镇已撤销办 is no longer active'] });
      expect(await referenceFingerprint(t.db)).toBe(fingerprint);
      expect(before).not.toBe(fingerprint); // the department was added in between; nothing else
    });
  });

  describe('calendar', () => {
    it("shows a year's exceptions, adds and replaces a day, and removes it", async () => {
      const year = ok<CalendarYear>(await admin.get('/api/calendar?year=2026'));
      expect(year.year).toBe(2026);
      expect(year.days).toContainEqual({ day: '2026-10-01', kind: 'holiday', name: match.any(String) });
      expect(year.days.map((d) => d.day)).toEqual([...year.days.map((d) => d.day)].sort());

      const created = await admin.send('PUT', '/api/calendar/2026-06-15', { kind: 'holiday', name: '试验假日' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ day: '2026-06-15', kind: 'holiday', name: '试验假日' });
      const replaced = await admin.send('PUT', '/api/calendar/2026-06-15', { kind: 'workday', name: '调休上班' });
      expect(replaced.status).toBe(200);
      const [row] = await t.db.query<{ kind: string }[]>(`SELECT kind FROM calendar_days WHERE day = '2026-06-15'`);
      expect(row.kind).toBe('workday');
      // The supervision figures' working-day table follows at once (its trigger).
      const [working] = await t.db.query<{ working: boolean }[]>(
        `SELECT working FROM metrics.working_days WHERE day = '2026-06-15'`,
      );
      expect(working.working).toBe(true);
      expect((await admin.send('DELETE', '/api/calendar/2026-06-15')).status).toBe(204);
      expect((await admin.send('DELETE', '/api/calendar/2026-06-15')).status).toBe(404);
      const audit = await t.db.query<{ action: string }[]>(
        `SELECT action FROM admin_audit_log WHERE entity = 'calendar_day' AND entity_id = '2026-06-15' ORDER BY id`,
      );
      expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
    });

    it('refuses days that are not dates or lie outside the covered years', async () => {
      for (const day of ['2026-02-30', '1999-12-31', '2026-1-1']) {
        const response = await admin.send('PUT', `/api/calendar/${day}`, { kind: 'holiday', name: 'x' });
        expect(response.status).toBe(400);
        expect(Object.keys(errorOf(response).fields ?? {})).toEqual(['day']);
      }
      expect((await admin.get('/api/calendar?year=1900')).status).toBe(400);
    });
  });

  it('documents every endpoint in the OpenAPI document, with examples and when calendar edits take effect', async () => {
    const doc = ok<{
      paths: Record<string, Record<string, { description?: string }>>;
      components: { schemas: Record<string, { properties?: Record<string, { example?: unknown }> }> };
    }>(await admin.get('/api/docs-json'));
    expect(Object.keys(doc.paths)).toEqual(
      match.arrayContaining([
        '/api/regions',
        '/api/regions/{id}',
        '/api/stations',
        '/api/stations/{id}',
        '/api/stations/{id}/deputies',
        '/api/deputies',
        '/api/deputies/{id}',
        '/api/departments',
        '/api/departments/{id}',
        '/api/categories',
        '/api/categories/{id}',
        '/api/routing-rules',
        '/api/routing-rules/{id}',
        '/api/routing-rules/resolve',
        '/api/calendar',
        '/api/calendar/{day}',
      ]),
    );
    expect(doc.paths['/api/calendar/{day}'].put.description).toContain('do not move');
    expect(doc.components.schemas.CreateRegionDto.properties?.code.example).toBe('xinhe');
    expect(doc.components.schemas.PutCalendarDayDto.properties?.name.example).toBe('国庆节');
  });

  it('keeps the audit trail append-only', async () => {
    await expect(t.db.query(`UPDATE admin_audit_log SET entity = 'x'`)).rejects.toThrow('append-only');
    await expect(t.db.query(`DELETE FROM admin_audit_log`)).rejects.toThrow('append-only');
  });
});
