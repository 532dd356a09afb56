// The department inbox as a work list, against PostgreSQL only: search (number, description, a voter's phone only
// where the department may see it), filters, sort, pages, tab counts and the export, each compared with the records
// themselves; a bad sort field named in the 400; a department never sees another's assignments.
import { idOf, insertIssue, type IssueFixture } from '../auth/support/fixtures';
import { readXlsx } from '../support/xlsx-reader';
import { expectStatus, startIssueApp, type IssueTestApp } from './support/issue-app';

interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}

interface InboxItem {
  assignmentId: string;
  role: 'lead' | 'co';
  status: string;
  dueAt: string;
  issue: {
    id: string;
    number: string;
    urgency: string;
    description: string;
    category: { name: string };
    station: { name: string };
    place: { name: string };
    deputy: { name: string };
  };
}

const LEAD = 'dept.jiaotong.rongjiawan';
const CO = 'dept.shehui.rongjiawan';

describe('the department inbox as a work list', () => {
  let t: IssueTestApp;
  let issues: IssueFixture[];
  /** Every assignment of 荣家湾镇交通管理站 as the records hold it, soonest deadline first. */
  let records: { issueId: string; number: string; description: string; urgency: string; status: string }[];

  beforeAll(async () => {
    t = await startIssueApp();
    issues = [];
    for (let n = 0; n < 7; n++) {
      const issue = await insertIssue(t.db, {
        co: 'shehui.rongjiawan',
        voter: { name: '李四', phone: `1390000000${n}`, idNumber: `43062119900101${1000 + n}`, address: '城东' },
      });
      // Distinct deadlines (n days apart), descriptions and urgencies, so every sort and search has one answer.
      await t.db.query(`UPDATE issues SET description = $2, urgency = $3 WHERE id = $1`, [
        issue.id,
        n === 3 ? '路灯损坏，夜间无照明' : `村口道路破损第${n}处`,
        n % 2 === 0 ? 'urgent' : 'normal',
      ]);
      await t.db.query(`UPDATE assignments SET due_at = now() + make_interval(days => $2) WHERE issue_id = $1`, [
        issue.id,
        10 + n,
      ]);
      issues.push(issue);
    }
    await t.db.query(`UPDATE assignments SET status = 'acknowledged', acknowledged_at = now() WHERE issue_id = $1`, [
      issues[1].id,
    ]);
    records = await t.db.query(
      `SELECT i.id AS "issueId", i.number, i.description, i.urgency, a.status
         FROM assignments a JOIN issues i ON i.id = a.issue_id
        WHERE a.department_id = $1 ORDER BY a.due_at`,
      [await idOf(t.db, 'departments', 'jiaotong.rongjiawan')],
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  const get = async <T>(username: string, path: string) =>
    expectStatus<T>(await t.http.get(path, await t.tokenOf(username)), 200);
  const inbox = (username: string, query = '') => get<Page<InboxItem>>(username, `/api/assignments${query}`);
  const numbers = (page: Page<InboxItem>) => page.items.map((item) => item.issue.number);

  it('shows each assignment with its number, category, station, deputy and place, soonest deadline first', async () => {
    const page = await inbox(LEAD, '?limit=100');
    expect(numbers(page)).toEqual(records.map((r) => r.number));
    const [first] = page.items;
    const [issue] = await t.db.query<{ category: string; station: string; deputy: string; place: string }[]>(
      `SELECT c.name_zh AS category, s.name AS station, d.name AS deputy, p.name AS place
         FROM issues i JOIN issue_categories c ON c.id = i.category_id JOIN stations s ON s.id = i.station_id
         JOIN deputies d ON d.id = i.deputy_id JOIN regions p ON p.id = i.place_region_id
        WHERE i.id = $1`,
      [first.issue.id],
    );
    expect([
      first.issue.category.name,
      first.issue.station.name,
      first.issue.deputy.name,
      first.issue.place.name,
    ]).toEqual([issue.category, issue.station, issue.deputy, issue.place]);
    expect(page.items[0].issue.number).toMatch(/^[A-Z]+-\d{4}-\d{5}$/);
  });

  it('searches by number prefix, description words, and the voter phone for the lead department only', async () => {
    expect(numbers(await inbox(LEAD, `?q=${records[4].number}`))).toEqual([records[4].number]);
    expect(numbers(await inbox(LEAD, `?q=${encodeURIComponent('路灯')}`))).toEqual(
      records.filter((r) => r.description.includes('路灯')).map((r) => r.number),
    );
    expect(numbers(await inbox(LEAD, `?q=${encodeURIComponent('139 0000 0005')}`))).toEqual([
      records.find((r) => r.issueId === issues[5].id)?.number,
    ]);
    // The co-handler may not see the voter's phone, so it may not find the issue by it either.
    expect((await inbox(CO, '?q=13900000005')).total).toBe(0);
    expect((await inbox(CO, `?q=${records[4].number}`)).total).toBe(1);
  });

  it('filters by urgency, role and tab, each equal to the records', async () => {
    const urgent = await inbox(LEAD, '?urgency=urgent&limit=100');
    expect(numbers(urgent)).toEqual(records.filter((r) => r.urgency === 'urgent').map((r) => r.number));
    const acknowledged = await inbox(LEAD, '?status=acknowledged');
    expect(numbers(acknowledged)).toEqual(records.filter((r) => r.status === 'acknowledged').map((r) => r.number));
    expect((await inbox(LEAD, '?role=co')).total).toBe(0);
    expect((await inbox(CO, '?role=co')).total).toBe(records.length);
  });

  it('sorts by a column either way, and names an unknown sort field in the 400', async () => {
    const byNumber = records.map((r) => r.number).sort();
    expect(numbers(await inbox(LEAD, '?sort=number&limit=100'))).toEqual(byNumber);
    expect(numbers(await inbox(LEAD, '?sort=-number&limit=100'))).toEqual([...byNumber].reverse());
    expect(numbers(await inbox(LEAD, '?sort=-dueAt&limit=100'))).toEqual(records.map((r) => r.number).reverse());
    const bad = await t.http.get('/api/assignments?sort=voterPhone', await t.tokenOf(LEAD));
    expect(bad.status).toBe(400);
    expect((bad.body as { fields: Record<string, string[]> }).fields.sort[0]).toContain("'voterPhone'");
  });

  it('pages without repeating or skipping, with the total of the whole list', async () => {
    const pages = [
      await inbox(LEAD, '?limit=3'),
      await inbox(LEAD, '?limit=3&page=2'),
      await inbox(LEAD, '?limit=3&page=3'),
    ];
    expect(pages.map((p) => p.total)).toEqual([records.length, records.length, records.length]);
    expect(pages.flatMap(numbers)).toEqual(records.map((r) => r.number));
  });

  it('counts each tab under the same search as its list', async () => {
    const counts = await get<Record<string, number>>(LEAD, '/api/assignments/counts');
    expect(counts).toMatchObject({ new: records.length - 1, acknowledged: 1, open: records.length, answered: 0 });
    for (const tab of ['new', 'acknowledged', 'open', 'due_soon', 'overdue', 'answered', 'all']) {
      expect((await inbox(LEAD, `?status=${tab}`)).total).toBe(counts[tab]);
    }
    const searched = await get<Record<string, number>>(LEAD, `/api/assignments/counts?q=${encodeURIComponent('路灯')}`);
    expect(searched.open).toBe(records.filter((r) => r.description.includes('路灯')).length);
  });

  it('exports exactly the filtered list, row for row in its order', async () => {
    const query = '?urgency=urgent&sort=-number';
    const list = await inbox(LEAD, `${query}&limit=100`);
    const response = await t.http.getFile(`/api/assignments/export${query}`, await t.tokenOf(LEAD));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const [sheet] = await readXlsx(response.body);
    expect(sheet.title).toContain('待办事项');
    const [header, ...rows] = sheet.rows;
    expect(header.slice(0, 5)).toEqual(['事项编号', '类别', '联络站', '代表', '地点']);
    expect(rows.map((row) => row[0])).toEqual(numbers(list));
    expect(rows.map((row) => row[12])).toEqual(list.items.map((item) => item.issue.description));
    expect(rows.map((row) => row[3])).toEqual(list.items.map((item) => item.issue.deputy.name));
    const bad = await t.http.get('/api/assignments/export?sort=voterPhone', await t.tokenOf(LEAD));
    expect(bad.status).toBe(400);
  });

  it('keeps each department to its own assignments, and the inbox to departments', async () => {
    expect((await inbox('dept.shehui.huangshajie')).total).toBe(0);
    expect((await inbox('dept.shehui.huangshajie', '?q=13900000005')).total).toBe(0);
    for (const path of ['/api/assignments', '/api/assignments/counts', '/api/assignments/export']) {
      expect((await t.http.get(path, await t.tokenOf('supervisor.rongjiawan'))).status).toBe(403);
      expect((await t.http.get(path)).status).toBe(401);
    }
  });
});
