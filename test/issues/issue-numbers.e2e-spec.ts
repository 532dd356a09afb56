// The readable issue number 事项编号 (YYX-2026-00123): given in the intake transaction from a counter per region
// prefix and year, so concurrent submissions get distinct consecutive numbers; shown in every view; searchable.
import { chinaDay } from '@app/calendar';
import { insertIssue } from '../auth/support/fixtures';
import { expectStatus, startIssueApp, type IssueTestApp } from './support/issue-app';
import { intakeBody, ROADS_IN_CHENGDONG, type IssueView } from './support/issues';

interface Page<T> {
  items: T[];
  total: number;
}

const NUMBER = /^YYX-(\d{4})-(\d{5})$/;

describe('issue numbers (事项编号)', () => {
  let t: IssueTestApp;
  let created: IssueView[];

  beforeAll(async () => {
    // No worker: numbering is intake's, and the reads never touch Temporal.
    t = await startIssueApp();
    const token = await t.tokenOf(ROADS_IN_CHENGDONG.deputy);
    const bodies = await Promise.all(Array.from({ length: 20 }, () => intakeBody(t, ROADS_IN_CHENGDONG)));
    const answers = await Promise.all(bodies.map((body) => t.http.post<IssueView>('/api/issues', body, token)));
    created = answers.map((answer) => expectStatus<IssueView>(answer, 201));
  });

  afterAll(async () => {
    await t?.close();
  });

  const list = async (username: string, q: string) =>
    expectStatus<Page<IssueView>>(
      await t.http.get(`/api/issues?q=${encodeURIComponent(q)}&limit=100`, await t.tokenOf(username)),
      200,
    );

  it('gives 20 parallel submissions 20 distinct consecutive numbers of the county and the China year', async () => {
    const year = chinaDay(new Date()).slice(0, 4);
    const parsed = created.map((issue) => NUMBER.exec(issue.number));
    expect(parsed.every((match) => match !== null && match[1] === year)).toBe(true);
    const sequence = parsed.map((match) => Number(match![2])).sort((a, b) => a - b);
    expect(new Set(sequence).size).toBe(20);
    expect(sequence[19] - sequence[0]).toBe(19);
    const [counter] = await t.db.query<{ last_value: number }[]>(
      `SELECT last_value FROM issue_number_counters WHERE prefix = 'YYX' AND year = $1`,
      [Number(year)],
    );
    expect(counter.last_value).toBe(sequence[19]);
  });

  it('numbers rows written by any path, and the next intake continues the sequence', async () => {
    const fixture = await insertIssue(t.db);
    const [row] = await t.db.query<{ number: string }[]>(`SELECT number FROM issues WHERE id = $1`, [fixture.id]);
    const next = Number(NUMBER.exec(row.number)![2]);
    const highest = Math.max(...created.map((issue) => Number(NUMBER.exec(issue.number)![2])));
    expect(next).toBe(highest + 1);
  });

  it('shows the number on the issue page and finds an issue by its whole number or its beginning', async () => {
    const deputy = ROADS_IN_CHENGDONG.deputy;
    const [one] = created;
    const detail = expectStatus<IssueView>(await t.http.get(`/api/issues/${one.id}`, await t.tokenOf(deputy)), 200);
    expect(detail.number).toBe(one.number);

    expect((await list(deputy, one.number)).items.map((i) => i.id)).toEqual([one.id]);
    expect((await list(deputy, one.number.toLowerCase())).items.map((i) => i.id)).toEqual([one.id]);
    const year = one.number.slice(0, 'YYX-2026-'.length);
    const all = await list(deputy, year);
    expect(all.items.map((i) => i.id)).toEqual(expect.arrayContaining(created.map((i) => i.id)));
    expect(all.items.every((i) => i.number.startsWith(year))).toBe(true);
    // LIKE's wildcards are matched as themselves.
    expect((await list(deputy, '%')).total).toBe(0);
    expect((await list(deputy, 'YYX_')).total).toBe(0);
  });

  it('keeps numbers out of reach of another scope: a search never lists an issue the caller may not read', async () => {
    const [one] = created;
    expect((await list('deputy.liuchunhua', one.number)).total).toBe(0);
  });

  // Last: it takes the schema back below the numbers and up again.
  it('numbers issues that existed before the migration in the order they were received', async () => {
    const applied = async () =>
      (await t.db.query<{ name: string }[]>(`SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`))[0].name;
    while ((await applied()) !== 'IssueNumbers1764742000000') await t.db.undoLastMigration({ transaction: 'each' });
    await t.db.undoLastMigration({ transaction: 'each' });
    await t.db.runMigrations({ transaction: 'each' });
    const rows = await t.db.query<{ number: string }[]>(`SELECT number FROM issues ORDER BY submitted_at, id`);
    const year = chinaDay(new Date()).slice(0, 4);
    expect(rows.map((row) => row.number)).toEqual(
      rows.map((_, index) => `YYX-${year}-${String(index + 1).padStart(5, '0')}`),
    );
    const after = expectStatus<IssueView>(
      await t.http.post(
        '/api/issues',
        await intakeBody(t, ROADS_IN_CHENGDONG),
        await t.tokenOf('deputy.zhangzhiqiang'),
      ),
      201,
    );
    expect(after.number).toBe(`YYX-${year}-${String(rows.length + 1).padStart(5, '0')}`);
  });
});
