// Merging a repeated issue into another (重复件合并) in a real browser against the whole product: two deputies raised
// the same broken street light; the township supervisor opens the second issue, sees the first among its likely
// duplicates, chooses 合并到此事项 and confirms; the page then says where the issue went, and the first issue's page
// lists the issue merged into it.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiAs, idOf } from './support/api';
import { DESKTOP, launchBrowser, newContext, screenshot, signIn, watchErrors } from './support/browser';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

const FIRST = '城东社区建设路路灯损坏三个月未修，夜间出行不便';
const AGAIN = '居民反映城东社区建设路一段路灯长期不亮，晚上下班回家很不安全';

describe('merging a repeated issue in a browser', () => {
  let stack: WebStack;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let errors: string[] = [];
  const issues: Record<'first' | 'again', { id: string; number: string }> = {} as never;

  const raise = async (username: string, description: string) => {
    const response = await new ApiAs(stack.baseUrl, username).request<{ id: string; number: string }>(
      'POST',
      '/api/issues',
      {
        stationId: await idOf(stack.db, 'stations', 'rongjiawan'),
        placeRegionId: await idOf(stack.db, 'regions', 'chengdong'),
        categoryId: await idOf(stack.db, 'issue_categories', 'roads'),
        channel: 'reception_day',
        urgency: 'normal',
        description,
        idempotencyKey: randomUUID(),
      },
    );
    expect(response.status).toBe(201);
    return response.body;
  };

  beforeAll(async () => {
    ensureWebBuild();
    [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
    issues.first = await raise('deputy.zhangzhiqiang', FIRST);
    issues.again = await raise('deputy.wangxiuying', AGAIN);
  }, 180_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  it('merges from the issue page after a confirmation, and both pages say so', async () => {
    context = await newContext(browser, stack.baseUrl, DESKTOP);
    const page: Page = await context.newPage();
    errors = watchErrors(page);
    await signIn(page, 'supervisor.rongjiawan');
    await page.goto(`/issues/${issues.again.id}`);
    const hint = page.getByTestId('similar-issues');
    await hint.getByRole('link', { name: issues.first.number }).waitFor();
    await hint.getByRole('button', { name: '合并到此事项' }).click();
    const confirm = page.locator('.ant-popconfirm');
    await confirm.getByText(`确定将本事项并入事项 ${issues.first.number}？`).waitFor();
    await screenshot(page, 'merge01-confirm-desktop');
    await confirm.getByRole('button', { name: /^提\s*交$/ }).click();

    await page.getByTestId('merged-into').getByText(`本事项已并入事项 ${issues.first.number} 合并办理`).waitFor();
    await page.getByText('已办结').first().waitFor();
    await expect(page.getByTestId('similar-issues').count()).resolves.toBe(0);
    await screenshot(page, 'merge02-merged-desktop');

    await page.getByTestId('merged-into').getByRole('link').click();
    await page.waitForURL(`**/issues/${issues.first.id}`);
    await page.getByTestId('merged-issues').getByRole('link', { name: issues.again.number }).waitFor();
    const [row] = await stack.db.query<{ status: string; merged_into_issue_id: string }[]>(
      `SELECT status, merged_into_issue_id FROM issues WHERE id = $1`,
      [issues.again.id],
    );
    expect(row).toEqual({ status: 'closed', merged_into_issue_id: issues.first.id });
    // antd 6's deprecation warnings come from components the whole app shares (List, Drawer, Timeline); any other
    // console error or page error fails the test.
    expect(errors.filter((error) => !error.startsWith('console: Warning: [antd:'))).toEqual([]);
  });
});
