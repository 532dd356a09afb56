// The station ledger and the deputy's performance file as the archive receives them: CSV and XLSX that read back
// to the same rows, masked voter data, the registers still to come as header-only sheets, and scope.
import { readCsv } from './support/csv-reader';
import { allText, readXlsx } from '../support/xlsx-reader';
import { startTestApp, type TestApp } from '../auth/support/test-app';
import { buildIssue, forgetIds } from './support/issue-builder';
import { toCsv } from '../../apps/api/src/common/export/csv';
import { toXlsx } from '../../apps/api/src/common/export/xlsx';

const at = (local: string) => new Date(`${local}+08:00`).toISOString();
const PERIOD = 'from=2025-03-01&to=2025-04-01';

const STATION_HEADER = [
  '序号',
  '登记日期',
  '反映代表',
  '选民姓名',
  '联系电话',
  '选民住址',
  '事项地点',
  '问题类别',
  '反映内容',
  '交办单位',
  '交办日期',
  '答复期限',
  '首次答复日期',
  '答复类别',
  '是否按期答复',
  '评价',
  '办理状态',
  '督办级别',
  '附件',
  '事项编号',
];

async function download(t: TestApp, path: string, token: string) {
  const response = await fetch(`${t.http.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

describe('supervision ledgers', () => {
  let t: TestApp;
  let township: string;
  let deputyToken: string;
  let deputyId: string;
  const ids: string[] = [];
  /** The issue numbers (事项编号) of ids, which the files show instead of the ids. */
  const numbers: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    forgetIds();
    township = (await t.http.login('supervisor.rongjiawan')).accessToken;
    deputyToken = (await t.http.login('deputy.zhangzhiqiang')).accessToken;
    [{ deputy_id: deputyId }] = await t.db.query<{ deputy_id: string }[]>(
      `SELECT deputy_id FROM users WHERE username = 'deputy.zhangzhiqiang'`,
    );
    ids.push(
      await buildIssue(t.db, {
        submittedAt: at('2025-03-03T09:00'),
        dueAt: at('2025-03-24T23:59:59.999'),
        status: 'closed',
        description: '村口道路破损，雨天积水',
        replies: [{ at: at('2025-03-07T10:00'), replyClass: 'A' }],
        ratings: [{ round: 1, rating: 'satisfied', at: at('2025-03-10T10:00') }],
        closedAt: at('2025-03-10T10:00'),
      }),
      await buildIssue(t.db, {
        submittedAt: at('2025-03-04T10:00'),
        dueAt: at('2025-03-25T23:59:59.999'),
        status: 'escalated',
        escalationLevel: 1,
        escalations: [{ level: 1, at: at('2025-03-28T23:59:59.999') }],
        village: 'baishi',
        lead: 'shuili.rongjiawan',
        category: 'water',
        description: '=HYPERLINK("http://x","饮水") 水压低，"自来水"时有时无,\n夜间停水',
        voter: { name: '欧阳娜娜', phone: '0730-8123456', idNumber: null, address: '白石村3组' },
      }),
      await buildIssue(t.db, {
        submittedAt: at('2025-03-05T10:00'),
        status: 'triage',
        lead: null,
        assignedAt: null,
        description: '<script>alert(1)</script> & 其他',
        voter: { name: null, phone: null, idNumber: null, address: null },
      }),
    );
    for (const id of ids) {
      const [row] = await t.db.query<{ number: string }[]>(`SELECT number FROM issues WHERE id = $1`, [id]);
      numbers.push(row.number);
    }
    // A photo of the first issue: the files list it by name.
    await t.db.query(
      `INSERT INTO attachments (issue_id, uploaded_by_user_id, upload_key, stage, file_name, media_type, byte_size, sha256)
       SELECT $1, id, 'ledger-photo-1', 'intake', '村口道路.jpg', 'image/jpeg', 1000, 'x' FROM users
        WHERE username = 'deputy.zhangzhiqiang'`,
      [ids[0]],
    );
    // Not in the ledger: another station, and another month.
    await buildIssue(t.db, { submittedAt: at('2025-03-06T10:00'), status: 'assigned', station: 'chengdong' });
    await buildIssue(t.db, { submittedAt: at('2025-04-06T10:00'), status: 'assigned' });
  });

  afterAll(async () => {
    await t?.close();
  });

  const expectedRows = (): (string | number | null)[][] => [
    [
      1,
      '2025-03-03',
      '张志强',
      '张**',
      '138****5678',
      '岳阳市岳阳县荣家湾镇***',
      '荣家湾镇城东社区',
      '道路交通',
      '村口道路破损，雨天积水',
      '荣家湾镇交通管理站',
      '2025-03-03',
      '2025-03-24',
      '2025-03-07',
      'A',
      '是',
      '满意',
      '已办结',
      0,
      '村口道路.jpg',
      numbers[0],
    ],
    [
      2,
      '2025-03-04',
      '张志强',
      '欧**',
      '073****3456',
      '岳阳市岳阳县荣家湾镇***',
      '荣家湾镇白石村',
      '饮水与水利',
      '=HYPERLINK("http://x","饮水") 水压低，"自来水"时有时无,\n夜间停水',
      '荣家湾镇水利站',
      '2025-03-04',
      '2025-03-25',
      null,
      null,
      null,
      null,
      '督办中',
      1,
      null,
      numbers[1],
    ],
    [
      3,
      '2025-03-05',
      '张志强',
      null,
      null,
      null,
      '荣家湾镇城东社区',
      '道路交通',
      '<script>alert(1)</script> & 其他',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      '待分办',
      0,
      null,
      numbers[2],
    ],
  ];

  it('writes the station ledger as XLSX: the problems, and the reception and visit registers with headers only', async () => {
    const response = await download(t, `/api/supervision/ledgers/stations/rongjiawan?${PERIOD}&format=xlsx`, township);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const fileName = '荣家湾镇人大代表之家-反映问题登记簿-2025-03-01至2025-03-31.xlsx';
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    );
    const sheets = await readXlsx(response.body);
    expect(sheets.map((s) => s.name)).toEqual(['反映问题登记簿', '接待选民登记簿', '走访选民登记簿']);
    // Laid out for printing: whose register and the period above the header, which is frozen and repeated on every
    // page, A4 landscape fitted to the page width; days are real dates, not text.
    expect(sheets[0].title).toBe('荣家湾镇人大代表之家 · 2025-03-01 至 2025-03-31 · 反映问题登记簿');
    expect(sheets[0].layout).toEqual({ frozenRows: 2, printTitlesRow: '2:2', orientation: 'landscape', fitToWidth: 1 });
    expect(sheets[0].dates).toEqual(expect.arrayContaining(['2025-03-03']));
    expect(sheets[0].rows).toEqual([STATION_HEADER, ...expectedRows()]);
    expect(sheets[1].rows).toEqual([['序号', '接待日期', '接待代表', '选民姓名', '联系电话', '反映事项', '处理情况']]);
    expect(sheets[2].rows).toHaveLength(1);
    const everything = allText(sheets);
    expect(everything).not.toContain('13812345678');
    expect(everything).not.toContain('欧阳娜娜');
  });

  it('writes the same rows as CSV, with text that could start a formula defused', async () => {
    const response = await download(t, `/api/supervision/ledgers/stations/rongjiawan?${PERIOD}&format=csv`, township);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const asText = (row: (string | number | null)[]) => row.map((cell) => (cell === null ? '' : String(cell)));
    const expected = expectedRows().map(asText);
    expected[1][8] = `'${expected[1][8]}`;
    expect(readCsv(response.body)).toEqual([STATION_HEADER, ...expected]);
    expect(response.body.toString('utf8')).not.toContain('13812345678');
  });

  it('writes a deputy their own performance file; the summary agrees with the rates', async () => {
    const response = await download(t, `/api/supervision/ledgers/deputies/${deputyId}?${PERIOD}`, deputyToken);
    expect(response.status).toBe(200);
    const [summary, issues] = await readXlsx(response.body);
    expect(summary.name).toBe('履职档案汇总');
    expect(summary.rows).toEqual(
      expect.arrayContaining([
        ['代表', '张志强'],
        ['期间', '2025-03-01 至 2025-03-31'],
        ['反映问题', 4],
        ['已答复', 1],
        ['答复率', '25.0%'],
        ['满意率', '100.0%'],
      ]),
    );
    expect(issues.name).toBe('反映问题');
    expect(issues.rows).toHaveLength(5); // the header and four issues: three at 荣家湾镇, one at 城东社区
    const admin = (await t.http.login('admin')).accessToken;
    const rates = await t.http.get<{
      counts: { collected: { value: number } };
      rates: { replyRate: { display: string } };
    }>(`/api/supervision/rates?deputy=${deputyId}&${PERIOD}`, admin);
    expect(rates.body.counts.collected.value).toBe(4);
    expect(rates.body.rates.replyRate.display).toBe('25.0%');
    const csv = await download(t, `/api/supervision/ledgers/deputies/${deputyId}?${PERIOD}&format=csv`, deputyToken);
    const asCsv = (cell: string | number | null) =>
      cell === null ? '' : typeof cell === 'string' && /^[=+\-@]/.test(cell) ? `'${cell}` : String(cell);
    expect(readCsv(csv.body)).toEqual(issues.rows.map((row) => row.map(asCsv)));
  });

  it('keeps ledgers to their readers', async () => {
    const other = (await t.http.login('deputy.wangxiuying')).accessToken;
    expect((await download(t, `/api/supervision/ledgers/deputies/${deputyId}?${PERIOD}`, other)).status).toBe(403);
    expect((await download(t, `/api/supervision/ledgers/stations/rongjiawan?${PERIOD}`, other)).status).toBe(403);
    expect((await download(t, `/api/supervision/ledgers/stations/gangkou?${PERIOD}`, township)).status).toBe(403);
    expect((await download(t, `/api/supervision/ledgers/stations/atlantis?${PERIOD}`, township)).status).toBe(404);
    const liaison = (await t.http.login('liaison.rongjiawan')).accessToken;
    expect((await download(t, `/api/supervision/ledgers/stations/rongjiawan?${PERIOD}`, liaison)).status).toBe(200);
    expect(
      (await download(t, `/api/supervision/ledgers/stations/rongjiawan?${PERIOD}&format=pdf`, township)).status,
    ).toBe(400);
  });

  it('round-trips awkward cells through both writers, user text never becoming a formula', async () => {
    const header = ['a', 'b', 'c'];
    const rows = [
      ['逗号,引号"换行\n结束', 12.5, null],
      ['  leading space', -3, '<&>'],
      ['\u0007bell', 0, 'ok'],
    ];
    const formula = ['=HYPERLINK("http://x","饮水")', 1, '+1'];
    expect((await readXlsx(await toXlsx([{ name: 'x', header, rows: [...rows, formula] }])))[0].rows).toEqual([
      header,
      ['逗号,引号"换行\n结束', 12.5, null],
      ['  leading space', -3, '<&>'],
      ['bell', 0, 'ok'],
      formula,
    ]);
    expect(readCsv(toCsv(header, rows))).toEqual([
      header,
      ['逗号,引号"换行\n结束', '12.5', ''],
      ['  leading space', '-3', '<&>'],
      ['\u0007bell', '0', 'ok'],
    ]);
    await expect(toXlsx([{ name: 'a/b', header, rows }])).rejects.toThrow('bad sheet name');
  });
});
