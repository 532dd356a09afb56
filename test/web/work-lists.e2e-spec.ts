// The department inbox as a work table in a real browser (headless Chromium through playwright-core) against the
// whole product: a department searches and filters its list, acknowledges two issues at once (批量签收: one
// acknowledge command per issue through the workflow), and exports exactly the list it sees; then the same on a
// phone. Screenshots go to test-output/screenshots/.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { readXlsx } from '../support/xlsx-reader';
import { ApiAs, submitIssue, until } from './support/api';
import { expectAccessibleBasics, expectCount } from './support/actions';
import { chooseOption } from './support/popups';
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot, signIn, watchErrors } from './support/browser';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

const DEPUTY = 'deputy.zhouguoping';
/** 清水村's water goes to the county water bureau (demo routing rules). */
const DEPARTMENT = 'dept.shuili.yueyangxian';
const WATER_IN_QINGSHUI = { station: 'qingshui', place: 'qingshui', category: 'water' };
const DESCRIPTIONS = [
  '清水村一组饮水管道破裂，十余户停水三天。',
  '清水村二组水塘堤坝渗漏，雨季有溃堤风险。',
  '清水村五组自来水浑浊发黄，群众不敢饮用。',
] as const;
const URGENT = DESCRIPTIONS[1];

interface InboxPage {
  total: number;
  items: { status: string; issue: { id: string; number: string; description: string } }[];
}

describe('the department inbox as a work table, in a browser', () => {
  let stack: WebStack;
  let browser: Browser;
  let departmentApi: ApiAs;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  let numbers: Record<string, string> = {};

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const context = await newContext(browser, stack.baseUrl, viewport);
    contexts.push(context);
    const page = await context.newPage();
    pageErrors.push(watchErrors(page));
    await signIn(page, DEPARTMENT);
    await page.getByRole('heading', { name: '待办事项' }).waitFor();
    return page;
  }

  const rowOf = (page: Page, description: string) => page.getByRole('row').filter({ hasText: description });
  const inbox = (query: string) => departmentApi.get<InboxPage>(`/api/assignments?limit=100&${query}`);

  beforeAll(async () => {
    ensureWebBuild();
    [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
    departmentApi = new ApiAs(stack.baseUrl, DEPARTMENT);
    const deputy = new ApiAs(stack.baseUrl, DEPUTY);
    const ids: string[] = [];
    for (const description of DESCRIPTIONS) {
      ids.push(
        await submitIssue(stack.db, deputy, WATER_IN_QINGSHUI, {
          description,
          urgency: description === URGENT ? 'urgent' : 'normal',
        }),
      );
    }
    numbers = await until('the three issues to be referred to the county water bureau', async () => {
      const page = await inbox('status=new');
      const ours = page.items.filter((item) => ids.includes(item.issue.id));
      return ours.length === ids.length
        ? Object.fromEntries(ours.map((item) => [item.issue.description, item.issue.number]))
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

  it('searches, filters, acknowledges two at once and exports exactly the list shown (desktop)', async () => {
    const page = await open(DESKTOP);
    await page.getByRole('tab', { name: /新交办/ }).click();
    for (const description of DESCRIPTIONS) {
      const row = rowOf(page, description);
      await row.getByText(numbers[description]).waitFor();
    }
    const newCount = (await inbox('status=new')).total;
    await page.getByTestId('count-new').getByText(String(newCount), { exact: true }).waitFor();
    await expectAccessibleBasics(page);
    await screenshot(page, 'w01-department-inbox-table-desktop');

    // Search by the issue number: only that row remains, and the tab counts follow the search.
    const search = page.getByRole('searchbox', { name: '事项编号、内容或群众电话' });
    await search.fill(numbers[DESCRIPTIONS[2]]);
    await search.press('Enter');
    await expectCount(page.locator('tbody tr.ant-table-row'), 1);
    await rowOf(page, DESCRIPTIONS[2]).waitFor();
    await page.getByTestId('count-new').getByText('1', { exact: true }).waitFor();
    await search.fill('');
    await search.press('Enter');

    // Filter by urgency: only the urgent one.
    await chooseOption(page, page.getByRole('combobox', { name: '紧急程度' }), /^紧急$/);
    await expectCount(page.locator('tbody tr.ant-table-row'), (await inbox('status=new&urgency=urgent')).total);
    await rowOf(page, URGENT).waitFor();
    await screenshot(page, 'w02-department-inbox-urgent-desktop');
    await chooseOption(page, page.getByRole('combobox', { name: '紧急程度' }), '全部紧急程度');

    // 批量签收 the first two: each goes through its own acknowledge command.
    for (const description of DESCRIPTIONS.slice(0, 2)) {
      await rowOf(page, description).getByRole('checkbox').check();
    }
    await screenshot(page, 'w03-department-inbox-selected-desktop');
    await page.getByRole('button', { name: /批量签收（2）/ }).click();
    await page.getByText('已签收 2 件').waitFor();
    await until('both assignments to be acknowledged', async () => {
      const acknowledged = await inbox('status=acknowledged');
      const ours = acknowledged.items.filter((item) =>
        DESCRIPTIONS.slice(0, 2).includes(item.issue.description as never),
      );
      return ours.length === 2 ? true : undefined;
    });
    await expectCount(rowOf(page, DESCRIPTIONS[0]), 0);
    await rowOf(page, DESCRIPTIONS[2]).waitFor();
    await page
      .getByTestId('count-new')
      .getByText(String(newCount - 2))
      .waitFor();
    await screenshot(page, 'w04-department-inbox-acknowledged-desktop');

    // The export of the 全部待办 tab sorted by number, descending: row for row what the API lists for it.
    await page.getByRole('tab', { name: /全部待办/ }).click();
    await page.getByRole('columnheader', { name: '事项编号' }).click(); // ascending
    await page.getByRole('columnheader', { name: '事项编号' }).click(); // descending
    const expected = await inbox('status=open&sort=-number');
    await rowOf(page, DESCRIPTIONS[0]).waitFor();
    const shown = await page.locator('tbody tr.ant-table-row td:nth-child(2)').allTextContents();
    expect(shown).toEqual(expected.items.slice(0, 20).map((item) => item.issue.number));
    const file = await download(page.getByRole('button', { name: '导出Excel' }));
    expect(file.name).toMatch(/待办事项 \d{4}-\d{2}-\d{2}\.xlsx$/);
    const [sheet] = await readXlsx(file.body);
    expect(sheet.rows.slice(1).map((row) => row[0])).toEqual(expected.items.map((item) => item.issue.number));
  });

  it('keeps the list usable on a phone: number, text and deadline, and 批量签收', async () => {
    const page = await open(PHONE);
    // The default tab, 全部待办, holds it too (the other tabs are behind the tab bar's … on a phone).
    const row = rowOf(page, DESCRIPTIONS[2]);
    await row.getByText(numbers[DESCRIPTIONS[2]]).waitFor();
    await row.getByText(/剩 \d+ 个工作日|今天到期/).waitFor();
    // Nothing is wider than the phone: the secondary columns are on the issue page.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessibleBasics(page);
    await screenshot(page, 'w05-department-inbox-phone');
    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: /批量签收（1）/ }).click();
    await page.getByText('已签收 1 件').waitFor();
    // Still open, now acknowledged: it can no longer be picked for 签收.
    await until('the row to be acknowledged', async () =>
      (await row.getByRole('checkbox').isDisabled()) ? true : undefined,
    );
    expect((await inbox(`q=${numbers[DESCRIPTIONS[2]]}&status=acknowledged`)).total).toBe(1);
    await screenshot(page, 'w06-department-inbox-acknowledged-phone');
  });
});

/** Clicks a button that downloads a file; answers the file's name and bytes. */
async function download(button: Locator): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([button.page().waitForEvent('download'), button.click()]);
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
  return { name: file.suggestedFilename(), body: Buffer.concat(chunks) };
}
