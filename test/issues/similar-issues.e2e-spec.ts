// The duplicate finder (重复件): at intake a draft is compared with the issues of the same place and category raised
// in the last 60 days, by character grams in PostgreSQL; only issues the caller may see are listed. And the text
// functions behave the same whatever the database's locale (pg_trgm does not: under LC_CTYPE C it drops Chinese).
import { Client } from 'pg';
import { migrate } from '@app/database';
import { idOf, insertIssue } from '../auth/support/fixtures';
import { createEmptyDatabase } from '../support/database';
import { expectStatus, startIssueApp, type IssueTestApp } from './support/issue-app';

interface Candidate {
  id: string;
  number: string;
  title: string;
  stationName: string;
  placeName: string;
  categoryName: string;
  submittedAt: string;
  statusLabel: string;
  score: number;
}
interface Similar {
  candidates: Candidate[];
  threshold: number;
  windowDays: number;
}

const STREETLIGHT = '城东社区建设路路灯损坏三个月未修，夜间出行不便';
const DRAFT = '建设路上的路灯坏了好久了，晚上黑漆漆的，老人小孩走路容易摔跤，希望尽快修好';

describe('likely duplicates (重复件)', () => {
  let t: IssueTestApp;
  const ids: Record<string, string> = {};

  /** An issue as intake leaves it, with the text, category and age the case needs. */
  const seed = async (
    name: string,
    text: string,
    options: { village?: string; category?: string; daysAgo?: number; deputy?: string; station?: string } = {},
  ) => {
    const issue = await insertIssue(t.db, {
      village: options.village,
      deputyUsername: options.deputy,
      station: options.station,
    });
    await t.db.query(
      `UPDATE issues SET description = $2, category_id = $3, submitted_at = now() - make_interval(days => $4)
        WHERE id = $1`,
      [issue.id, text, await idOf(t.db, 'issue_categories', options.category ?? 'roads'), options.daysAgo ?? 10],
    );
    ids[name] = issue.id;
  };

  beforeAll(async () => {
    t = await startIssueApp();
    await seed('streetlight', STREETLIGHT);
    await seed('otherProblem', '城东社区菜市场门口车辆乱停乱放，堵塞消防通道，存在安全隐患');
    await seed('otherPlace', '白石村村道路灯损坏三个月未修，夜间出行不便', { village: 'baishi' });
    await seed('tooOld', STREETLIGHT, { daysAgo: 100 });
    await seed('otherCategory', STREETLIGHT, { category: 'environment' });
    // Another deputy of the same station raised it too: the station head's supervisor sees both, each deputy their own.
    await seed('byColleague', '居民反映城东社区建设路一段路灯长期不亮，晚上下班回家很不安全', {
      deputy: 'deputy.wangxiuying',
      daysAgo: 3,
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  const draft = async (username: string, body: Record<string, unknown>) =>
    t.http.post<Similar>('/api/issues/similar', body, await t.tokenOf(username));

  const draftBody = async (extra: Record<string, unknown> = {}) => ({
    placeRegionId: await idOf(t.db, 'regions', 'chengdong'),
    categoryId: await idOf(t.db, 'issue_categories', 'roads'),
    description: DRAFT,
    ...extra,
  });

  it('lists the same problem at the same place and category, and none of the hard negatives', async () => {
    const answer = expectStatus<Similar>(await draft('supervisor.rongjiawan', await draftBody()), 200);
    expect(answer.candidates.map((c) => c.id).sort()).toEqual([ids.streetlight, ids.byColleague].sort());
    const [first] = answer.candidates;
    expect(first.score).toBeGreaterThanOrEqual(answer.threshold);
    expect(answer.candidates[0].score).toBeGreaterThanOrEqual(answer.candidates[1].score);
    const streetlight = answer.candidates.find((c) => c.id === ids.streetlight)!;
    expect(streetlight).toMatchObject({
      title: STREETLIGHT,
      stationName: '荣家湾镇人大代表之家',
      placeName: '城东社区',
      categoryName: '道路交通',
      statusLabel: '已交办',
    });
    expect(streetlight.number).toMatch(/^YYX-\d{4}-\d{5}$/);
    expect(answer.windowDays).toBe(60);
  });

  it('without a category (a voter’s submission has none) looks across the place’s categories', async () => {
    const answer = expectStatus<Similar>(
      await draft('supervisor.rongjiawan', await draftBody({ categoryId: undefined })),
      200,
    );
    expect(answer.candidates.map((c) => c.id)).toEqual(expect.arrayContaining([ids.otherCategory]));
    expect(answer.candidates.map((c) => c.id)).not.toContain(ids.otherPlace);
  });

  it('lists only issues the caller may see', async () => {
    const own = expectStatus<Similar>(await draft('deputy.zhangzhiqiang', await draftBody()), 200);
    expect(own.candidates.map((c) => c.id)).toEqual([ids.streetlight]);
    const colleague = expectStatus<Similar>(await draft('deputy.wangxiuying', await draftBody()), 200);
    expect(colleague.candidates.map((c) => c.id)).toEqual([ids.byColleague]);
    const elsewhere = expectStatus<Similar>(await draft('supervisor.yueyangxian', await draftBody()), 200);
    expect(elsewhere.candidates).toHaveLength(2);
    const otherTownship = expectStatus<Similar>(await draft('deputy.liuchunhua', await draftBody()), 200);
    expect(otherTownship.candidates).toEqual([]);
  });

  it('finds the duplicates of an existing issue on either side of it, not the issue itself; 404 out of scope', async () => {
    const token = await t.tokenOf('supervisor.rongjiawan');
    const answer = expectStatus<Similar>(await t.http.get(`/api/issues/${ids.streetlight}/similar`, token), 200);
    expect(answer.candidates.map((c) => c.id)).toEqual([ids.byColleague]);
    const outside = await t.http.get(`/api/issues/${ids.streetlight}/similar`, await t.tokenOf('deputy.liuchunhua'));
    expect(outside.status).toBe(404);
  });

  it('refuses a blank or missing text and a malformed place with 400 naming the field', async () => {
    for (const body of [
      await draftBody({ description: '   ' }),
      await draftBody({ description: undefined }),
      await draftBody({ placeRegionId: 'chengdong' }),
      await draftBody({ description: 'x'.repeat(4001) }),
    ]) {
      const answer = await draft('supervisor.rongjiawan', body);
      expect(answer.status).toBe(400);
    }
  });

  it('shows supervisors the hot spots: place × category × month, and the problem raised again, with its issues', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const from = new Date(Date.now() - 120 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.parse(today) + 86_400_000).toISOString().slice(0, 10);
    const path = `/api/supervision/hotspots?region=rongjiawan&from=${from}&to=${to}`;
    const answer = expectStatus<{
      cells: { placeName: string; categoryName: string; month: string; count: number; issues: { id: string }[] }[];
      repeated: { id: string; number: string; repeats: number; issues: { id: string }[]; placeName: string }[];
    }>(await t.http.get(path, await t.tokenOf('supervisor.rongjiawan')), 200);
    const roads = answer.cells.filter((c) => c.placeName === '城东社区' && c.categoryName === '道路交通');
    const roadIds = roads.flatMap((c) => c.issues.map((i) => i.id));
    expect(roadIds.sort()).toEqual([ids.streetlight, ids.otherProblem, ids.tooOld, ids.byColleague].sort());
    expect(roads.every((c) => c.count === c.issues.length && /^\d{4}-\d{2}$/.test(c.month))).toBe(true);
    const baishi = answer.cells.filter((c) => c.placeName === '白石村').flatMap((c) => c.issues.map((i) => i.id));
    expect(baishi).toEqual([ids.otherPlace]);
    // The street light: first raised 10 days ago, again 3 days ago; the same text 100 days ago is outside the window.
    expect(answer.repeated).toEqual([
      expect.objectContaining({
        id: ids.streetlight,
        repeats: 1,
        issues: [expect.objectContaining({ id: ids.streetlight }), expect.objectContaining({ id: ids.byColleague })],
      }),
    ]);
    // Not for deputies; not for a supervisor of elsewhere.
    expect((await t.http.get(path, await t.tokenOf('deputy.zhangzhiqiang'))).status).toBe(403);
    const elsewhere = `/api/supervision/hotspots?region=huangshajie&from=${from}&to=${to}`;
    expect((await t.http.get(elsewhere, await t.tokenOf('supervisor.rongjiawan'))).status).toBe(403);
  });

  it('scores Chinese the same under LC_CTYPE C as under the test server’s locale, where pg_trgm does not', async () => {
    const url = new URL(await createEmptyDatabase('dupes_c'));
    const name = url.pathname.slice(1);
    // A second database on the same server, made with the C locale, with every migration applied.
    const admin = new Client({ connectionString: url.toString().replace(`/${name}`, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE "${name}"`);
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
    } finally {
      await admin.end();
    }
    const c = await migrate(url.toString());
    try {
      const pairs = [
        [STREETLIGHT, DRAFT],
        [STREETLIGHT, '城东社区菜市场门口车辆乱停乱放，堵塞消防通道'],
      ];
      const score = `SELECT issue_text_similarity(issue_text_grams($1, '城东社区'), issue_text_grams($2, '城东社区')) AS s`;
      for (const [a, b] of pairs) {
        const [underC] = await c.query<{ s: number }[]>(score, [a, b]);
        const [here] = await t.db.query<{ s: number }[]>(score, [a, b]);
        expect(underC.s).toBe(here.s);
      }
      const [first] = await c.query<{ s: number }[]>(score, pairs[0]);
      expect(first.s).toBeGreaterThan(0.07);
      await c.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
      const [trgm] = await c.query<{ n: number }[]>(`SELECT cardinality(show_trgm($1)) AS n`, [STREETLIGHT]);
      expect(trgm.n).toBe(0);
    } finally {
      await c.destroy();
    }
  });
});
