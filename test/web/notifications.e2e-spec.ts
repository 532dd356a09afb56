// The notification centre in a real browser against the whole product (support/web-stack.ts): a department user
// watches the bell in the header; a deputy submits an issue that is assigned to the department; the count rises
// without a reload, the user opens the bell, sees the assignment notice, opens it (read, and on the issue's page),
// and marks the rest read. Screenshots go to test-output/screenshots/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiAs, submitIssue, until } from './support/api';
import { DESKTOP, PHONE, launchBrowser, newContext, screenshot, signIn, watchErrors } from './support/browser';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

const DEPUTY = 'deputy.zhangzhiqiang';
const LEAD = 'dept.jiaotong.rongjiawan';
const ROADS_IN_CHENGDONG = { station: 'rongjiawan', place: 'chengdong', category: 'roads' };

describe('the notification bell in a browser', () => {
  let stack: WebStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];

  beforeAll(async () => {
    ensureWebBuild();
    [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await stack?.close();
  });

  afterEach(() => {
    for (const list of errors) expect(list.splice(0)).toEqual([]);
  });

  async function open(viewport: { width: number; height: number }, username: string): Promise<Page> {
    const context = await newContext(browser, stack.baseUrl, viewport);
    contexts.push(context);
    const page = await context.newPage();
    errors.push(watchErrors(page));
    await signIn(page, username);
    return page;
  }

  const bell = (page: Page) => page.getByRole('button', { name: /^通知，\d+ 条未读$/ });
  const unreadOf = async (page: Page) =>
    Number(/(\d+) 条未读/.exec((await bell(page).getAttribute('aria-label'))!)![1]);

  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ])(
    'on a %s: the count rises when an issue is assigned, the notice opens the issue, mark all read',
    async (size, viewport) => {
      const page = await open(viewport, LEAD);
      await bell(page).waitFor();
      const before = await unreadOf(page);

      const description = `城东社区建设路路灯损坏（${size}），夜间出行不便。`;
      const deputy = new ApiAs(stack.baseUrl, DEPUTY);
      const issueId = await submitIssue(stack.db, deputy, ROADS_IN_CHENGDONG, { description });
      // No reload: the count comes over the user's live stream.
      await page.getByRole('button', { name: `通知，${before + 1} 条未读` }).waitFor({ timeout: 30_000 });
      await submitIssue(stack.db, deputy, ROADS_IN_CHENGDONG, { description: `城东社区建设路井盖缺失（${size}）。` });
      await page.getByRole('button', { name: `通知，${before + 2} 条未读` }).waitFor({ timeout: 30_000 });
      await screenshot(page, `notifications-bell-${size}`);

      await bell(page).click();
      const drawer = page.getByRole('dialog', { name: '通知' });
      const [{ number }] = await stack.db.query<{ number: string }[]>(`SELECT number FROM issues WHERE id = $1`, [
        issueId,
      ]);
      const notice = drawer.getByText(`交办通知：${number}`);
      await notice.waitFor();
      await screenshot(page, `notifications-drawer-${size}`);
      await notice.click();
      await page.waitForURL(`**/issues/${issueId}`);
      await page.getByText(description).first().waitFor();
      await page.getByRole('button', { name: `通知，${before + 1} 条未读` }).waitFor();

      await bell(page).click();
      await drawer.getByRole('button', { name: '全部标为已读' }).click();
      await page.getByRole('button', { name: '通知，0 条未读' }).waitFor();
      await drawer.getByText(`交办通知：${number}`).waitFor();
      const markOne = drawer.getByRole('button', { name: '标为已读', exact: true });
      await until('the list to show every notice read', async () => ((await markOne.count()) === 0 ? true : undefined));
    },
  );
});
