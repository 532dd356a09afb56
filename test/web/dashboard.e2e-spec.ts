// The supervisor's dashboard charts (ECharts) in a real browser against the whole product: a range of days picked on
// the dashboard gives the figures the records hold for it, a chart is drawn, a click on a bar opens the issues behind
// it — as many as the bar says — and the same figures are in each chart's table for screen readers. Issues are
// written for 2024 in 岳阳县 (before the demo data's own), so the expected figures are counted from the records here.
// The figures shown download as a workbook, and the monthly report as Word and PDF, each read back.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { buildIssue, forgetIds } from '../supervision/support/issue-builder';
import { readDocx, readPdf } from '../support/document-reader';
import { readXlsx } from '../support/xlsx-reader';
import { expectCount } from './support/actions';
import { until } from './support/api';
import {
  DESKTOP,
  launchBrowser,
  newContext,
  screenshot,
  signIn,
  unlabelledControls,
  watchErrors,
} from './support/browser';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

const SUPERVISOR = 'supervisor.yueyangxian';
const at = (local: string) => new Date(`${local}+08:00`).toISOString();
const TREND = '按月趋势';

describe('the dashboard charts in a browser', () => {
  let stack: WebStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  /** Issues of 岳阳县 collected per month of [from, to), China dates, as the records hold them. */
  async function collectedByMonth(from: string, to: string): Promise<Record<string, number>> {
    const rows = await stack.db.query<{ month: string; n: number }[]>(
      `SELECT to_char(i.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*)::int AS n
         FROM issues i, regions r
        WHERE r.code = 'yueyang-county' AND (i.region_path = r.path OR i.region_path LIKE r.path || '/%')
          AND i.submitted_at >= ($1 || ' 00:00+08')::timestamptz AND i.submitted_at < ($2 || ' 00:00+08')::timestamptz
        GROUP BY 1`,
      [from, to],
    );
    return Object.fromEntries(rows.map((row) => [row.month, row.n]));
  }

  /** The trend chart's table (what a screen reader reads): month → the collected figure. */
  async function trendFigures(): Promise<Record<string, number>> {
    const rows = page.locator(`figure[aria-label="${TREND}"] table tbody tr`);
    const figures: Record<string, number> = {};
    for (const row of await rows.all()) {
      const month = (await row.locator('th').textContent()) ?? '';
      figures[month] = Number(await row.locator('td').first().textContent());
    }
    return figures;
  }

  async function pickRange(from: string, last: string): Promise<void> {
    const start = page.locator('#dashboard-from');
    await start.click();
    await start.fill(from);
    await page.keyboard.press('Enter');
    const end = page.locator('#dashboard-to');
    await end.fill(last);
    await page.keyboard.press('Enter');
    await until(`the range ${from} – ${last} to be picked with its panel closed`, async () =>
      (await start.inputValue()) === from &&
      (await end.inputValue()) === last &&
      (await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').count()) === 0
        ? true
        : undefined,
    );
  }

  beforeAll(async () => {
    ensureWebBuild();
    [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
    forgetIds();
    const open = { status: 'assigned' as const, dueAt: at('2024-12-31T23:59:59.999') };
    for (const day of ['2024-03-04', '2024-03-12', '2024-03-20']) {
      await buildIssue(stack.db, { submittedAt: at(`${day}T09:00`), ...open });
    }
    for (const day of ['2024-05-06', '2024-05-28']) {
      await buildIssue(stack.db, {
        submittedAt: at(`${day}T10:00`),
        status: 'awaiting_feedback',
        dueAt: at('2024-06-30T23:59:59.999'),
        replies: [{ at: at('2024-06-03T10:00'), replyClass: 'A' }],
      });
    }
    context = await newContext(browser, stack.baseUrl, DESKTOP);
    page = await context.newPage();
    errors = watchErrors(page);
    await signIn(page, SUPERVISOR);
  }, 180_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  afterEach(() => {
    expect(errors.splice(0)).toEqual([]);
  });

  it('draws the records of a picked range, opens the issues behind a bar, and counts as many as the bar says', async () => {
    await page.goto('/supervisor/dashboard');
    await page.getByRole('heading', { level: 1, name: '办理统计' }).waitFor();

    await pickRange('2024-03-01', '2024-05-31');
    const records = await collectedByMonth('2024-03-01', '2024-06-01');
    expect(records).toEqual({ '2024-03': 3, '2024-05': 2 });
    await until('the trend to show the picked months', async () => {
      const figures = await trendFigures();
      return Object.keys(figures).join() === '2024-03,2024-04,2024-05' ? figures : undefined;
    });
    expect(await trendFigures()).toEqual({ '2024-03': 3, '2024-04': 0, '2024-05': 2 });
    await page.getByRole('link', { name: '收集意见: 5' }).waitFor();
    // The A/B/C mix: the two replies of May are class A.
    const mix = page.locator('figure[aria-label="答复类别构成"] table tbody tr', { hasText: 'A' });
    expect(await mix.locator('td').last().textContent()).toBe('2');

    // The chart is drawn (SVG), its columns with it: the March column is the tallest.
    const trend = page.locator(`figure[aria-label="${TREND}"]`);
    await trend.locator('svg').waitFor();
    const columns = trend.locator('svg path[fill="#c62828"], svg path[fill="rgb(198,40,40)"]');
    const boxes = await until('the columns to be drawn', async () => {
      const all = await Promise.all((await columns.all()).map((column) => column.boundingBox()));
      const drawn = all.filter((box): box is NonNullable<typeof box> => !!box && box.height > 4);
      return drawn.length >= 2 ? drawn : undefined;
    });
    expect(await unlabelledControls(page)).toEqual([]);
    await expectCount(page.locator('main .ant-spin-spinning'), 0);
    await screenshot(page, 'dashboard-charts-desktop');

    const tallest = boxes.reduce((a, b) => (b.height > a.height ? b : a));
    await page.mouse.click(tallest.x + tallest.width / 2, tallest.y + tallest.height / 2);
    await page.getByRole('heading', { level: 1, name: '意见清单' }).waitFor();
    await page.getByText('2024-03 收集意见').waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toBe('2024-03-01');
    await page.getByText('共 3 条').waitFor();
    await expectCount(page.locator('main tbody tr.ant-table-row'), 3);

    // Back on the dashboard, a narrower range: the figures follow the records.
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: '办理统计' }).waitFor();
    await pickRange('2024-05-01', '2024-05-31');
    expect(await collectedByMonth('2024-05-01', '2024-06-01')).toEqual({ '2024-05': 2 });
    await page.getByRole('link', { name: '收集意见: 2' }).waitFor();
    await until('the trend to show May alone', async () => {
      const figures = await trendFigures();
      return Object.keys(figures).join() === '2024-05' ? figures : undefined;
    });
    expect(await trendFigures()).toEqual({ '2024-05': 2 });
  });

  it('downloads the figures shown as a workbook, and the monthly report as Word and PDF from 台账与报告', async () => {
    await page.goto('/supervisor/dashboard');
    await page.getByRole('heading', { level: 1, name: '办理统计' }).waitFor();
    await pickRange('2024-03-01', '2024-05-31');
    await page.getByRole('link', { name: '收集意见: 5' }).waitFor();
    const workbook = await download(page.getByRole('button', { name: /导出Excel/ }));
    expect(workbook.name).toBe('岳阳县办理统计（2024-03-01至2024-05-31）.xlsx');
    const months = (await readXlsx(workbook.body)).find((sheet) => sheet.name === '按月')!;
    expect(months.rows.slice(1).map((row) => row.slice(0, 2))).toEqual([
      ['2024-03', 3],
      ['2024-04', 0],
      ['2024-05', 2],
    ]);

    await page.getByRole('link', { name: '台账与报告' }).click();
    await page.getByRole('heading', { level: 1, name: '台账与报告' }).waitFor();
    const word = await download(page.getByRole('button', { name: /导出Word/ }));
    expect(word.name).toMatch(/^岳阳县代表联络站群众意见建议办理情况月报（\d{4}-\d{2}）\.docx$/);
    const docx = await readDocx(word.body, 'web-monthly-report.docx');
    expect(docx.paragraphs.filter((p) => p !== '').slice(0, 2)).toEqual([
      '岳阳县人大常委会办公室',
      '岳阳县代表联络站群众意见建议办理情况月报',
    ]);
    const pdf = await readPdf(
      (await download(page.getByRole('button', { name: /导出PDF/ }))).body,
      'web-monthly-report.pdf',
    );
    expect(pdf.text.replace(/ /g, '')).toContain('岳阳县代表联络站群众意见建议办理情况月报');
    for (const share of pdf.ink) expect(share).toBeGreaterThan(0.002);
    await page.getByRole('button', { name: /打印/ }).waitFor();
  });
});

/** Clicks a button that downloads a file; answers the file's name and bytes. */
async function download(button: Locator): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([button.page().waitForEvent('download'), button.click()]);
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
  return { name: file.suggestedFilename(), body: Buffer.concat(chunks) };
}
