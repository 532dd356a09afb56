// The supervisors' queues as work lists, against PostgreSQL only: search (number, description, a voter's phone only
// where the user may see it), sort (an unknown field named in the 400), pages, tab counts and the export, each
// compared with the records themselves; nobody sees outside their regions.
import { startTestApp, type TestApp } from '../auth/support/test-app';
import { readXlsx } from '../support/xlsx-reader';
import { buildIssue, forgetIds } from './support/issue-builder';

interface Item {
  id: string;
  number: string;
  description: string;
  escalationLevel: number;
  category: { name: string };
  station: { name: string };
  deputy: { name: string };
  place: { name: string };
  leadDepartment: { name: string } | null;
}
interface Page {
  items: Item[];
  total: number;
}

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe('supervision queues as work lists', () => {
  let t: TestApp;
  let township: string;
  let county: string;
  let admin: string;
  /** The escalated queue of 荣家湾镇 as the records hold it: number, description, voter phone. */
  const built: { id: string; description: string; phone: string }[] = [];
  let numbers: Map<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    forgetIds();
    township = (await t.http.login('supervisor.rongjiawan')).accessToken;
    county = (await t.http.login('supervisor.yueyangxian')).accessToken;
    admin = (await t.http.login('admin')).accessToken;
    for (let n = 0; n < 5; n++) {
      const description = n === 2 ? '路灯损坏，夜间无照明' : `村口道路破损第${n}处`;
      const phone = `1370000000${n}`;
      const id = await buildIssue(t.db, {
        submittedAt: ago(40 - n),
        status: n % 2 === 0 ? 'escalated' : 'overdue',
        escalationLevel: n % 2 === 0 ? 1 : 0,
        escalations: n % 2 === 0 ? [{ level: 1, at: ago(2) }] : [],
        dueAt: ago(10 + n),
        description,
        voter: { name: '李四', phone, idNumber: null, address: null },
      });
      built.push({ id, description, phone });
    }
    // Elsewhere in the county: the township supervisor never sees it, not even by its voter's phone.
    const elsewhere = await buildIssue(t.db, {
      submittedAt: ago(30),
      status: 'overdue',
      dueAt: ago(5),
      village: 'tongxi',
      station: 'gangkou',
      deputy: 'deputy.zhaoweidong',
      category: 'agriculture',
      lead: 'nongye.gangkou',
      description: '港口镇灌溉渠堵塞',
      voter: { name: '王五', phone: '13700000009', idNumber: null, address: null },
    });
    built.push({ id: elsewhere, description: '港口镇灌溉渠堵塞', phone: '13700000009' });
    await buildIssue(t.db, { submittedAt: ago(3), status: 'triage', lead: null, description: '待分办的事项' });
    const rows = await t.db.query<{ id: string; number: string }[]>(`SELECT id, number FROM issues`);
    numbers = new Map(rows.map((row) => [row.id, row.number]));
  });

  afterAll(async () => {
    await t?.close();
  });

  const list = async (query: string, token = township): Promise<Page> => {
    const response = await t.http.get<Page>(`/api/supervision/queues/escalated${query}`, token);
    expect(response.status).toBe(200);
    return response.body;
  };
  const descriptions = (page: Page) => page.items.map((item) => item.description);
  const mine = () => built.slice(0, 5);

  it('shows each issue with its number, category, station, deputy, place and lead department', async () => {
    const page = await list('?limit=100');
    expect(page.total).toBe(5);
    for (const item of page.items) {
      const [record] = await t.db.query<Record<string, string>[]>(
        `SELECT i.number, c.name_zh AS category, s.name AS station, d.name AS deputy, p.name AS place, l.name AS lead
           FROM issues i JOIN issue_categories c ON c.id = i.category_id JOIN stations s ON s.id = i.station_id
           JOIN deputies d ON d.id = i.deputy_id JOIN regions p ON p.id = i.place_region_id
           JOIN departments l ON l.id = i.lead_department_id
          WHERE i.id = $1`,
        [item.id],
      );
      expect([
        item.number,
        item.category.name,
        item.station.name,
        item.deputy.name,
        item.place.name,
        item.leadDepartment?.name,
      ]).toEqual([record.number, record.category, record.station, record.deputy, record.place, record.lead]);
    }
  });

  it('searches by number prefix, description words, and a voter phone only where the user may see it', async () => {
    const [, second] = mine();
    const number = numbers.get(second.id)!;
    expect(descriptions(await list(`?q=${number}`))).toEqual([second.description]);
    expect(descriptions(await list(`?q=${encodeURIComponent('路灯')}`))).toEqual(['路灯损坏，夜间无照明']);
    expect(descriptions(await list(`?q=${encodeURIComponent('137 0000 0003')}`))).toEqual([built[3].description]);
    // Outside the township supervisor's regions: not found, by number or by phone.
    expect((await list(`?q=13700000009`)).total).toBe(0);
    expect((await list(`?q=${numbers.get(built[5].id)!}`)).total).toBe(0);
    expect(descriptions(await list(`?q=13700000009`, county))).toEqual(['港口镇灌溉渠堵塞']);
    // An admin reaches every region but may not read voters' phones, so may not search by them either.
    expect((await list(`?q=13700000009`, admin)).total).toBe(0);
    expect((await list(`?q=${encodeURIComponent('灌溉')}`, admin)).total).toBe(1);
  });

  it('sorts by a column either way, and names an unknown sort field in the 400', async () => {
    const byNumber = mine()
      .map((issue) => numbers.get(issue.id)!)
      .sort();
    const sorted = await list('?sort=number&limit=100');
    expect(sorted.items.map((item) => item.number)).toEqual(byNumber);
    const reversed = await list('?sort=-number&limit=100');
    expect(reversed.items.map((item) => item.number)).toEqual([...byNumber].reverse());
    const byLevel = await list('?sort=level&limit=100');
    expect(byLevel.items.map((item) => item.escalationLevel)).toEqual([0, 0, 1, 1, 1]);
    const bad = await t.http.get('/api/supervision/queues/escalated?sort=voterPhone', township);
    expect(bad.status).toBe(400);
    expect((bad.body as { fields: Record<string, string[]> }).fields.sort[0]).toContain("'voterPhone'");
  });

  it('pages without repeating or skipping, with the total of the whole list', async () => {
    const whole = await list('?limit=100');
    const pages = [await list('?limit=2'), await list('?limit=2&page=2'), await list('?limit=2&page=3')];
    expect(pages.map((page) => page.total)).toEqual([5, 5, 5]);
    expect(pages.flatMap(descriptions)).toEqual(descriptions(whole));
  });

  it('counts each queue under the same search as its list', async () => {
    const counts = (await t.http.get<Record<string, number>>('/api/supervision/queues/counts', township)).body;
    expect(counts).toEqual({ escalated: 5, 'due-soon': 0, triage: 1 });
    for (const kind of ['escalated', 'due-soon', 'triage']) {
      const page = (await t.http.get<Page>(`/api/supervision/queues/${kind}`, township)).body;
      expect(page.total).toBe(counts[kind]);
    }
    const searched = await t.http.get<Record<string, number>>(
      `/api/supervision/queues/counts?q=${encodeURIComponent('道路')}`,
      township,
    );
    expect(searched.body).toEqual({ escalated: 4, 'due-soon': 0, triage: 0 });
  });

  it('exports exactly the filtered list, row for row in its order', async () => {
    const query = `?q=${encodeURIComponent('道路')}&sort=-number`;
    const shown = await list(`${query}&limit=100`);
    const response = await t.http.getFile(`/api/supervision/queues/escalated/export${query}`, township);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const [sheet] = await readXlsx(response.body);
    expect(sheet.title).toContain('超期与督办事项');
    const [header, ...rows] = sheet.rows;
    expect(header.slice(0, 6)).toEqual(['事项编号', '类别', '联络站', '代表', '地点', '牵头单位']);
    expect(rows.map((row) => row[0])).toEqual(shown.items.map((item) => item.number));
    expect(rows.map((row) => row[row.length - 1])).toEqual(descriptions(shown));
    expect(rows.map((row) => row[3])).toEqual(shown.items.map((item) => item.deputy.name));
    // No voter data in the file.
    expect(JSON.stringify(sheet.rows)).not.toContain('李');
    expect((await t.http.get('/api/supervision/queues/escalated/export?sort=voterPhone', township)).status).toBe(400);
    expect((await t.http.get('/api/supervision/queues/elsewhere/export', township)).status).toBe(400);
  });

  it('exports exactly the issues behind a number of the rates (意见清单), row for row in the list order', async () => {
    const day = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
    const query = `metric=collected&from=${day(Date.now() - 90 * DAY)}&to=${day(Date.now() + DAY)}`;
    const shown = (await t.http.get<Page>(`/api/supervision/rates/drill?${query}&limit=100`, township)).body;
    expect(shown.total).toBe(6);
    const response = await t.http.getFile(`/api/supervision/rates/drill/export?${query}`, township);
    expect(response.status).toBe(200);
    const [sheet] = await readXlsx(response.body);
    expect(sheet.title).toContain('意见清单');
    expect(sheet.rows.slice(1).map((row) => row[0])).toEqual(shown.items.map((item) => item.number));
    expect(
      (await t.http.get(`/api/supervision/rates/drill/export?metric=nothing&from=2026-01-01&to=2026-02-01`, township))
        .status,
    ).toBe(400);
  });

  it('keeps the lists, counts and exports to supervisors, liaison officers and admins', async () => {
    const deputy = (await t.http.login('deputy.zhangzhiqiang')).accessToken;
    for (const path of [
      '/api/supervision/queues/escalated',
      '/api/supervision/queues/counts',
      '/api/supervision/queues/escalated/export',
      '/api/supervision/rates/drill/export?metric=collected&from=2026-01-01&to=2026-02-01',
    ]) {
      expect((await t.http.get(path, deputy)).status).toBe(403);
      expect((await t.http.get(path)).status).toBe(401);
    }
  });
});
