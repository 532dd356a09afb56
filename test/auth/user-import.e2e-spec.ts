// Bulk import of deputies and users from the XLSX template (issue #13, item 3), end to end on the real API and
// PostgreSQL: the template downloaded from the API is filled in with exceljs as an office would; a dry run answers
// the per-cell report; a file with any bad row writes nothing; a good one writes everything in one transaction with
// one audit row and answers one-time passwords that must be changed at the first sign-in.
import { Workbook } from 'exceljs';
import type { ErrorBody } from './support/http';
import { startTestApp, type TestApp } from './support/test-app';

interface Report {
  dryRun: boolean;
  deputies: number;
  users: number;
  problems: { sheet: string; row: number; column: string; message: string }[];
  passwords: { username: string; displayName: string; temporaryPassword: string }[];
}

const DEPUTY_HEADER = ['姓名*', '性别*', '代表层级*', '工作单位*', '职务*', '电话*', '联络站', '届次'];
const USER_HEADER = ['用户名*', '姓名*', '角色*', '辖区', '承办单位', '代表', '电子邮箱'];

describe('bulk import of deputies and users', () => {
  let t: TestApp;
  let token: string;
  let template: Buffer;

  beforeAll(async () => {
    t = await startTestApp();
    token = (await t.http.login('admin')).accessToken;
    const response = await fetch(`${t.http.baseUrl}/api/admin/imports/users/template`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    template = Buffer.from(await response.arrayBuffer());
  });

  afterAll(async () => {
    await t?.close();
  });

  /** The downloaded template with these rows typed in under its headers. */
  async function filled(deputies: string[][], users: string[][]): Promise<Buffer> {
    const workbook = new Workbook();
    await workbook.xlsx.load(template as unknown as ArrayBuffer);
    for (const [sheet, rows] of [
      ['代表', deputies],
      ['用户', users],
    ] as const) {
      const worksheet = workbook.getWorksheet(sheet)!;
      for (const row of rows) worksheet.addRow(row);
    }
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  async function upload<T = Report>(
    content: Buffer,
    options: { dryRun?: boolean; name?: string; as?: string } = {},
  ): Promise<{ status: number; body: T & ErrorBody }> {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(content)]), options.name ?? '导入.xlsx');
    const query = options.dryRun ? '?dryRun=true' : '';
    const response = await fetch(`${t.http.baseUrl}/api/admin/imports/users${query}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.as ?? token}` },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as T & ErrorBody };
  }

  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM (${sql}) x`, params);
    return row.n;
  }

  const GOOD_DEPUTY = ['钱进', '男', '县', '荣家湾镇卫生院', '院长', '13807309001', '城东社区代表工作站', ''];
  const GOOD_USERS = [
    ['deputy.qianjin', '钱进', '人大代表', '', '', '钱进', ''],
    ['liaison.import1', '冯联络', '联络员', 'rongjiawan', '', '', 'feng@example.org'],
    ['shuili.import1', '贺承办', '承办部门', '', 'shuili.xinqiang', '', ''],
  ];

  it('has the template headers in Chinese, on a deputies and a users sheet', async () => {
    const workbook = new Workbook();
    await workbook.xlsx.load(template as unknown as ArrayBuffer);
    expect((workbook.getWorksheet('代表')!.getRow(1).values as string[]).slice(1)).toEqual(DEPUTY_HEADER);
    expect((workbook.getWorksheet('用户')!.getRow(1).values as string[]).slice(1)).toEqual(USER_HEADER);
  });

  it('reports every bad cell with sheet, row and column, and writes nothing, neither on a dry run nor a real one', async () => {
    const file = await filled(
      [GOOD_DEPUTY, ['孔一', '未知', '县', '单位', '职务', '电话12', '没有这个站', '']],
      [
        ...GOOD_USERS,
        ['deputy.qianjin', '重复', '系统管理员', '', '', '', ''],
        ['admin', '已有', '系统管理员', '', '', '', ''],
        ['Bad Name', '坏\t名', '督办人员', '', '', '', 'not-an-email'],
        ['dept.x', '无单位', '承办部门', '', '没有这个单位', '', ''],
      ],
    );
    const deputiesBefore = await count(`SELECT 1 FROM deputies`);
    const usersBefore = await count(`SELECT 1 FROM users`);

    const dry = await upload(file, { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.dryRun).toBe(true);
    const cells = dry.body.problems.map((p) => [p.sheet, p.row, p.column, p.message]);
    expect(cells).toEqual(
      expect.arrayContaining([
        ['代表', 3, '性别*', 'gender must be 男 or 女'],
        ['代表', 3, '电话*', 'phone must be 3-32 characters: digits, spaces and dashes, optionally a leading +'],
        ['代表', 3, '联络站', 'no station is called 没有这个站'],
        ['用户', 5, '用户名*', 'the same username is on row 2 too'],
        ['用户', 6, '用户名*', 'this username is taken'],
        ['用户', 7, '用户名*', 'username must be 3-64 characters: lower-case letters, digits, dot, dash or underscore'],
        ['用户', 7, '姓名*', 'must not contain control characters (line breaks, tabs)'],
        ['用户', 7, '电子邮箱', 'email must be an email'],
        ['用户', 7, '辖区', 'region is required for the liaison and supervisor roles'],
        ['用户', 8, '承办单位', 'no department is called 没有这个单位'],
      ]),
    );
    // The good rows are not reported.
    expect(dry.body.problems.filter((p) => p.sheet === '用户' && p.row <= 4)).toEqual([]);

    const real = await upload(file);
    expect(real.status).toBe(400);
    expect(real.body.message).toMatch(/^Nothing was imported/);
    expect(real.body.fields?.['用户.6.用户名*']).toEqual(['this username is taken']);
    expect(await count(`SELECT 1 FROM deputies`)).toBe(deputiesBefore);
    expect(await count(`SELECT 1 FROM users`)).toBe(usersBefore);
    expect(await count(`SELECT 1 FROM admin_audit_log WHERE action = 'import'`)).toBe(0);
  });

  it('imports a good file in one go: deputies with stations, users bound and granted, passwords to change', async () => {
    const file = await filled([GOOD_DEPUTY], GOOD_USERS);
    const dry = await upload(file, { dryRun: true });
    expect(dry.body).toEqual({ dryRun: true, deputies: 1, users: 3, problems: [], passwords: [] });
    expect(await count(`SELECT 1 FROM users WHERE username = 'deputy.qianjin'`)).toBe(0);

    const real = await upload(file);
    expect(real.status).toBe(200);
    expect(real.body.problems).toEqual([]);
    expect(real.body.passwords.map((p) => [p.username, p.displayName])).toEqual([
      ['deputy.qianjin', '钱进'],
      ['liaison.import1', '冯联络'],
      ['shuili.import1', '贺承办'],
    ]);

    const [deputy] = await t.db.query<{ id: string; user_id: string; stations: string[] }[]>(
      `SELECT d.id, d.user_id, array(SELECT s.name FROM station_deputies sd JOIN stations s ON s.id = sd.station_id
                                       WHERE sd.deputy_id = d.id) AS stations
         FROM deputies d WHERE d.name = '钱进' AND d.phone = '13807309001'`,
    );
    expect(deputy.stations).toEqual(['城东社区代表工作站']);
    const users = await t.db.query<
      { username: string; deputy_id: string | null; department: string | null; must: boolean; grants: string[] }[]
    >(
      `SELECT u.username, u.deputy_id, (SELECT code FROM departments WHERE id = u.department_id) AS department,
              u.must_change_password AS must,
              array(SELECT r.role || ':' || coalesce(g.code, '') FROM user_roles r LEFT JOIN regions g ON g.id = r.region_id
                     WHERE r.user_id = u.id) AS grants
         FROM users u WHERE u.username = ANY($1) ORDER BY u.username`,
      [GOOD_USERS.map((row) => row[0])],
    );
    expect(users).toEqual([
      { username: 'deputy.qianjin', deputy_id: deputy.id, department: null, must: true, grants: ['deputy:'] },
      { username: 'liaison.import1', deputy_id: null, department: null, must: true, grants: ['liaison:rongjiawan'] },
      {
        username: 'shuili.import1',
        deputy_id: null,
        department: 'shuili.xinqiang',
        must: true,
        grants: ['department:'],
      },
    ]);
    const [qian] = await t.db.query<{ id: string }[]>(`SELECT id FROM users WHERE username = 'deputy.qianjin'`);
    expect(deputy.user_id).toBe(qian.id);

    // The one-time password signs in only to choose a new one, as after an admin's reset.
    const login = await t.http.request<{ passwordChangeRequired: boolean }>('POST', '/api/auth/login', {
      body: { username: 'deputy.qianjin', password: real.body.passwords[0].temporaryPassword },
    });
    expect(login.status).toBe(200);
    expect(login.body.passwordChangeRequired).toBe(true);

    // One audit row with the counts, and no password in it.
    const audit = await t.db.query<{ entity: string; entity_id: string; after: Record<string, unknown> }[]>(
      `SELECT entity, entity_id, after FROM admin_audit_log WHERE action = 'import'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].entity).toBe('import');
    expect(audit[0].entity_id).toMatch(/^[0-9a-f]{64}$/);
    expect(audit[0].after).toEqual({
      deputies: 1,
      users: 3,
      usernames: ['deputy.qianjin', 'liaison.import1', 'shuili.import1'],
    });
    for (const p of real.body.passwords) expect(JSON.stringify(audit[0])).not.toContain(p.temporaryPassword);

    // The same file again: every row is now a duplicate against the database, and nothing more is written.
    const again = await upload(file, { dryRun: true });
    expect(again.body.problems.map((p) => [p.sheet, p.row, p.message])).toEqual([
      ['代表', 2, 'this deputy (name and phone) exists already'],
      ['用户', 2, 'this username is taken'],
      ['用户', 2, 'the deputy row of this name has problems'],
      ['用户', 3, 'this username is taken'],
      ['用户', 4, 'this username is taken'],
    ]);
  });

  it('binds a user to an existing deputy by name, and refuses one that already has a user', async () => {
    const uniquely = `SELECT d.name, d.id FROM deputies d
       WHERE (SELECT count(*) FROM deputies o WHERE o.name = d.name) = 1 AND d.user_id IS %s NULL ORDER BY d.name LIMIT 1`;
    const [free] = await t.db.query<{ name: string; id: string }[]>(uniquely.replace('%s', ''));
    const [bound] = await t.db.query<{ name: string }[]>(uniquely.replace('%s', 'NOT'));
    const file = await filled(
      [],
      [
        ['deputy.import2', free.name, '人大代表', '', '', free.name, ''],
        ['deputy.import3', bound.name, '人大代表', '', '', bound.name, ''],
      ],
    );
    const dry = await upload(file, { dryRun: true });
    expect(dry.body.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [3, '代表', 'this deputy already has a user'],
    ]);
    expect(dry.body.users).toBe(1);
  });

  it('refuses what is not an XLSX workbook whatever its name, an empty upload, and non-admins', async () => {
    const zip = Buffer.from('504b0304140000000800', 'hex'); // a zip header, not a workbook
    const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    for (const content of [pdf, zip, Buffer.from('姓名,电话\n钱进,13807309001\n')]) {
      const answer = await upload(content, { name: '代表.xlsx', dryRun: true });
      expect(answer.status).toBe(415);
      expect(Object.keys(answer.body.fields ?? {})).toEqual(['file']);
    }
    const empty = await upload(Buffer.alloc(0), { dryRun: true });
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.body.fields ?? {})).toEqual(['file']);

    const big = await upload(Buffer.alloc(2 * 1024 * 1024 + 10, 1), { dryRun: true });
    expect(big.status).toBe(413);

    const liaison = (await t.http.login('liaison.chengdong')).accessToken;
    expect((await upload(await filled([GOOD_DEPUTY], []), { as: liaison, dryRun: true })).status).toBe(403);
  });
});
