// A supervisor queue as a work table in a real browser (headless Chromium through playwright-core) against the whole
// product: the county supervisor searches the overdue queue, exports exactly the list it sees, and urges two issues at
// once (批量催办: one urge command per issue through the workflow, each under its own idempotency key); then the same
// on a 360 px phone. Screenshots go to test-output/screenshots/.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { readXlsx } from '../support/xlsx-reader';
import { ApiAs, submitIssue, until } from './support/api';
import { expectAccessibleBasics, expectCount } from './support/actions';
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot, signIn, watchErrors } from './support/browser';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

const DEPUTY = 'deputy.zhouguoping';
const SUPERVISOR = 'supervisor.yueyangxian';
/** 清水村's water goes to the county water bureau (demo routing rules). */
const WATER_IN_QINGSHUI = { station: 'qingshui', place: 'qingshui', category: 'water' };
const DESCRIPTIONS = [
  '清水村三组灌溉水渠垮塌，春耕用水无法保障。',
  '清水村四组水井干涸，三十余户吃水困难。',
  '清水村六组排水沟堵塞，雨后农田被淹。',
] as const;

interface QueuePage {
  total: number;
  items: { id: string; number: string; description: string }[];
}

describe('a supervisor queue as a work table, in a browser', () => {
  let stack: WebStack;
  let browser: Browser;
  let supervisorApi: ApiAs;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  const ids: Record<string, string> = {};
  let numbers: Record<string, string> = {};

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const context = await newContext(browser, stack.baseUrl, viewport);
    contexts.push(context);
    const page = await context.newPage();
    pageErrors.push(watchErrors(page));
    await signIn(page, SUPERVISOR);
    await page.getByRole('heading', { name: '督办队列' }).waitFor();
    return page;
  }

  const rowOf = (page: Page, description: string) => page.getByRole('row').filter({ hasText: description });
  const escalated = (query: string) =>
    supervisorApi.get<QueuePage>(`/api/supervision/queues/escalated?limit=100&${query}`);
  const urgedEvents = async (issueId: string) =>
    (
      await stack.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM issue_events WHERE issue_id = $1 AND type = 'urged'`,
        [issueId],
      )
    )[0].n;

  beforeAll(async () => {
    ensureWebBuild();
    [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
    supervisorApi = new ApiAs(stack.baseUrl, SUPERVISOR);
    const deputy = new ApiAs(stack.baseUrl, DEPUTY);
    for (const description of DESCRIPTIONS) {
      ids[description] = await submitIssue(stack.db, deputy, WATER_IN_QINGSHUI, { description });
    }
    await until('the three issues to be referred to the county water bureau', async () => {
      const rows = await stack.db.query<{ status: string }[]>(`SELECT status FROM issues WHERE id = ANY($1)`, [
        Object.values(ids),
      ]);
      return rows.filter((row) => row.status === 'assigned').length === DESCRIPTIONS.length ? true : undefined;
    });
    // Their deadlines lie behind them in the read model, so the overdue queue holds them (the workflow's own timer is
    // weeks away: nothing moves them while the test runs).
    await stack.db.query(`UPDATE issues SET due_at = now() - interval '3 days' WHERE id = ANY($1)`, [
      Object.values(ids),
    ]);
    numbers = await until('the three issues in the overdue queue', async () => {
      const page = await escalated('');
      const ours = page.items.filter((item) => Object.values(ids).includes(item.id));
      return ours.length === DESCRIPTIONS.length
        ? Object.fromEntries(ours.map((item) => [item.description, item.number]))
        : undefined;
    });
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  afterEach(() => {
    const errors = pageErrors.flatMap((list) => list.splice(0));
    expect(errors).toEqual([]);
  });

  it('searches, exports exactly the list shown and urges two at once (desktop)', async () => {
    const page = await open(DESKTOP);
    for (const description of DESCRIPTIONS) {
      await rowOf(page, description).getByText(numbers[description]).waitFor();
    }
    const total = (await escalated('')).total;
    await page.getByTestId('count-escalated').getByText(String(total), { exact: true }).waitFor();
    await expectAccessibleBasics(page);
    await screenshot(page, 'q01-supervisor-queue-table-desktop');

    // Search by the issue number: only that row remains, and the tab count follows the search.
    const search = page.getByRole('searchbox', { name: '事项编号、内容或群众电话' });
    await search.fill(numbers[DESCRIPTIONS[1]]);
    await search.press('Enter');
    await expectCount(page.locator('tbody tr.ant-table-row'), 1);
    await rowOf(page, DESCRIPTIONS[1]).waitFor();
    await page.getByTestId('count-escalated').getByText('1', { exact: true }).waitFor();
    await screenshot(page, 'q02-supervisor-queue-search-desktop');

    // Search by words of the text, sorted by number descending: the export is row for row what the API lists.
    await search.fill('清水村');
    await search.press('Enter');
    await page.getByRole('columnheader', { name: '事项编号' }).click(); // ascending
    await page.getByRole('columnheader', { name: '事项编号' }).click(); // descending
    const expected = await escalated(`q=${encodeURIComponent('清水村')}&sort=-number`);
    await until('the table to show the sorted list', async () => {
      const shown = await page.locator('tbody tr.ant-table-row td:nth-child(2)').allTextContents();
      return JSON.stringify(shown) === JSON.stringify(expected.items.slice(0, 20).map((item) => item.number))
        ? true
        : undefined;
    });
    const file = await download(page.getByRole('button', { name: '导出Excel' }));
    expect(file.name).toMatch(/超期与督办事项 \d{4}-\d{2}-\d{2}\.xlsx$/);
    const [sheet] = await readXlsx(file.body);
    expect(sheet.rows.slice(1).map((row) => row[0])).toEqual(expected.items.map((item) => item.number));

    // 批量催办 the first two: each goes through its own urge command.
    for (const description of DESCRIPTIONS.slice(0, 2)) {
      await rowOf(page, description).getByRole('checkbox').check();
    }
    await page.getByRole('button', { name: /批量催办（2）/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: '催办意见' }).fill('群众反映强烈，请抓紧办理。');
    await screenshot(page, 'q03-supervisor-queue-batch-urge-desktop');
    await dialog.getByRole('button', { name: /催\s*办/ }).click();
    await page.getByText('已催办 2 件').waitFor();
    for (const description of DESCRIPTIONS.slice(0, 2)) {
      await until(`the urge of ${description} to be recorded`, async () =>
        (await urgedEvents(ids[description])) === 1 ? true : undefined,
      );
    }
    expect(await urgedEvents(ids[DESCRIPTIONS[2]])).toBe(0);
    await screenshot(page, 'q04-supervisor-queue-urged-desktop');
  });

  it('an urge repeated under its idempotency key is one urge', async () => {
    const issueId = ids[DESCRIPTIONS[0]];
    const before = await urgedEvents(issueId);
    const key = randomUUID();
    const send = () =>
      supervisorApi.request(
        'POST',
        `/api/issues/${issueId}/urge`,
        { note: '请于本周内答复。' },
        { 'Idempotency-Key': key },
      );
    const first = await send();
    const again = await send();
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body).toEqual(first.body);
    await until('the urge to be recorded', async () =>
      (await urgedEvents(issueId)) === before + 1 ? true : undefined,
    );
    expect(await urgedEvents(issueId)).toBe(before + 1);
  });

  it('keeps the queue usable on a 360 px phone: number, text and deadline, and 批量催办', async () => {
    const page = await open(PHONE);
    const row = rowOf(page, DESCRIPTIONS[2]);
    await row.getByText(numbers[DESCRIPTIONS[2]]).waitFor();
    await row.getByRole('cell', { name: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/ }).waitFor();
    // Nothing is wider than the phone: the secondary columns are on the issue page.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessibleBasics(page);
    await screenshot(page, 'q05-supervisor-queue-phone');
    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: /批量催办（1）/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: '催办意见' }).fill('请尽快处理。');
    await dialog.getByRole('button', { name: /催\s*办/ }).click();
    await page.getByText('已催办 1 件').waitFor();
    await until('the urge to be recorded', async () =>
      (await urgedEvents(ids[DESCRIPTIONS[2]])) === 1 ? true : undefined,
    );
    await screenshot(page, 'q06-supervisor-queue-urged-phone');
  });
});

/** Clicks a button that downloads a file; answers the file's name and bytes. */
async function download(button: Locator): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([button.page().waitForEvent('download'), button.click()]);
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
  return { name: file.suggestedFilename(), body: Buffer.concat(chunks) };
}
