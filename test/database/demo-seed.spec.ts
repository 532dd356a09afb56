// The demo seed against the real migrated schema: idempotent, complete, and routable.
import { addWorkingDays } from '@app/calendar';
import { DEMO_TABLES, type DemoDataCounts, loadWorkingCalendar, seedDemoData } from '@app/database';
import { findRoute } from '@app/routing';
import type { DataSource } from 'typeorm';
import { createMigratedDatabase } from '../support/database';

describe('demo seed', () => {
  let dataSource: DataSource;
  let firstCounts: DemoDataCounts;

  beforeAll(async () => {
    ({ dataSource } = await createMigratedDatabase('seed'));
    firstCounts = await seedDemoData(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('puts rows in every table it touches', () => {
    expect(Object.keys(firstCounts).sort()).toEqual([...DEMO_TABLES].sort());
    expect(DEMO_TABLES.filter((table) => !(firstCounts[table] > 0))).toEqual([]);
  });

  it('changes nothing when run again: same counts, same rows, no row rewritten', async () => {
    const before = await snapshot(dataSource);
    const secondCounts = await seedDemoData(dataSource);
    expect(secondCounts).toEqual(firstCounts);
    // xmin is the transaction that last wrote a row: unchanged means the second run wrote nothing.
    expect(await snapshot(dataSource)).toEqual(before);
  });

  it('gives every station a head from its own deputies and a liaison officer with the liaison role', async () => {
    const stations = await dataSource.query<{ code: string; head_ok: boolean; liaison_ok: boolean }[]>(`
      SELECT s.code,
             EXISTS (SELECT 1 FROM station_deputies sd
                      WHERE sd.station_id = s.id AND sd.deputy_id = s.head_deputy_id) AS head_ok,
             EXISTS (SELECT 1 FROM user_roles ur
                      WHERE ur.user_id = s.liaison_officer_user_id AND ur.role = 'liaison') AS liaison_ok
        FROM stations s ORDER BY s.code`);
    expect(stations.length).toBeGreaterThanOrEqual(4);
    expect(stations.filter((s) => !s.head_ok || !s.liaison_ok)).toEqual([]);
  });

  it('links deputies and their users in both directions', async () => {
    const mismatched = await dataSource.query<unknown[]>(`
      SELECT u.username FROM users u LEFT JOIN deputies d ON d.id = u.deputy_id
       WHERE u.deputy_id IS NOT NULL AND d.user_id IS DISTINCT FROM u.id
      UNION ALL
      SELECT d.name FROM deputies d LEFT JOIN users u ON u.id = d.user_id
       WHERE d.user_id IS NOT NULL AND u.deputy_id IS DISTINCT FROM d.id`);
    expect(mismatched).toEqual([]);
    const [{ count }] = await dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM deputies WHERE user_id IS NOT NULL`,
    );
    expect(Number(count)).toBeGreaterThanOrEqual(3);
  });

  it('builds region paths from the codes of the ancestors', async () => {
    const rows = await dataSource.query<{ code: string; path: string }[]>(
      `SELECT code, path FROM regions WHERE code IN ('yueyang', 'rongjiawan', 'chengdong') ORDER BY path`,
    );
    expect(rows).toEqual([
      { code: 'yueyang', path: 'yueyang' },
      { code: 'rongjiawan', path: 'yueyang/yueyang-county/rongjiawan' },
      { code: 'chengdong', path: 'yueyang/yueyang-county/rongjiawan/chengdong' },
    ]);
  });

  it('gives department e-mail addresses of the form <office>.<township>@demo.lianluo.local', async () => {
    const [row] = await dataSource.query<{ email: string }[]>(
      `SELECT email FROM departments WHERE code = 'nongye.rongjiawan'`,
    );
    expect(row.email).toBe('nongye.rongjiawan@demo.lianluo.local');
  });

  describe('routing on the demo rules', () => {
    const route = async (category: string, region: string) => {
      const [target] = await dataSource.query<{ category_id: string; path: string }[]>(
        `SELECT (SELECT id FROM issue_categories WHERE code = $1) AS category_id,
                (SELECT path FROM regions WHERE code = $2) AS path`,
        [category, region],
      );
      const found = await findRoute(dataSource, { categoryId: target.category_id, regionPath: target.path });
      if (!found) return null;
      const codes = await dataSource.query<{ id: string; code: string }[]>(
        `SELECT id, code FROM departments WHERE id = ANY ($1::uuid[])`,
        [[found.leadDepartmentId, ...found.coDepartmentIds]],
      );
      const code = (id: string) => codes.find((c) => c.id === id)?.code;
      return { lead: code(found.leadDepartmentId), co: found.coDepartmentIds.map(code).sort() };
    };

    it('takes the township override with its co-handler', async () => {
      expect(await route('roads', 'chengdong')).toEqual({ lead: 'jiaotong.rongjiawan', co: ['ziran.rongjiawan'] });
    });

    it('falls back to the county default where the township has no rule', async () => {
      expect(await route('water', 'tongxi')).toEqual({ lead: 'shuili.yueyangxian', co: [] });
      expect(await route('education', 'chengdong')).toEqual({ lead: 'jiaoyu.yueyangxian', co: [] });
    });

    it('lets a village rule beat its township rule', async () => {
      expect(await route('water', 'qingshui')).toEqual({ lead: 'shuili.yueyangxian', co: ['shuili.xinqiang'] });
      expect(await route('water', 'yanglin')).toEqual({ lead: 'shuili.xinqiang', co: [] });
    });

    it("lets a township's catch-all beat county defaults, but not its own category rules", async () => {
      expect(await route('healthcare', 'huangsha')).toEqual({ lead: 'shehui.huangshajie', co: [] });
      expect(await route('water', 'xinkai')).toEqual({ lead: 'shuili.huangshajie', co: ['nongye.huangshajie'] });
    });

    it('finds no rule for "other" in 筻口镇, so such an issue goes to triage', async () => {
      expect(await route('other', 'sangang')).toBeNull();
      expect(await route('other', 'baishi')).toEqual({ lead: 'shehui.rongjiawan', co: ['sifa.rongjiawan'] });
    });

    it('skips a rule whose lead department is inactive', async () => {
      await dataSource.query(`UPDATE departments SET active = false WHERE code = 'shuili.xinqiang'`);
      try {
        expect(await route('water', 'yanglin')).toEqual({ lead: 'shuili.yueyangxian', co: [] });
        expect(await route('water', 'qingshui')).toEqual({ lead: 'shuili.yueyangxian', co: [] });
      } finally {
        await dataSource.query(`UPDATE departments SET active = true WHERE code = 'shuili.xinqiang'`);
      }
    });
  });

  it('loads the official working calendar that the migration put in', async () => {
    const calendar = await loadWorkingCalendar(dataSource);
    expect(addWorkingDays('2026-09-24', 15, calendar)).toBe('2026-10-22');
  });
});

/** Every row of every demo table, with the transaction that last wrote it. */
async function snapshot(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of DEMO_TABLES) {
    result[table] = await dataSource.query<unknown[]>(
      `SELECT t.xmin::text AS xmin, to_jsonb(t) AS row FROM ${table} t ORDER BY to_jsonb(t)::text`,
    );
  }
  return result;
}
