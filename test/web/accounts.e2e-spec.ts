// Accounts an admin runs, in a real browser (headless Debian Chromium through playwright-core) against the whole
// product in this process (see support/web-stack.ts): the administrator binds a department user to another
// department by typing part of its name, resets a deputy's password and reads the one-time password; the deputy
// signs in with it and is held on the password page until choosing a new one, then lands on their own start page.
// Screenshots go to test-output/screenshots/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot, signIn, watchErrors } from './support/browser';
import { chooseOption } from './support/popups';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

/** Every open page, so that a failing step leaves a screenshot of each to look at. */
const openPages: Page[] = [];
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const file = name.replace(/[^a-z0-9]+/gi, '-');
    await Promise.all(
      openPages.map((page, index) => screenshot(page, `failed-accounts-${file}-${index}`).catch(() => undefined)),
    );
    throw error;
  }
}

describe('accounts in a browser', () => {
  let stack: WebStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[][] = [];

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const context = await newContext(browser, stack.baseUrl, viewport);
    contexts.push(context);
    const page = await context.newPage();
    openPages.push(page);
    pageErrors.push(watchErrors(page));
    return page;
  }

  beforeAll(async () => {
    ensureWebBuild();
    [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
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

  /** The admin's user list, narrowed to one user by the search box. */
  async function findUser(page: Page, username: string) {
    await page.goto('/admin/users');
    const search = page.getByLabel('搜索用户名或姓名');
    await search.fill(username);
    await search.press('Enter');
    const row = page.locator('tr', { hasText: username });
    await row.waitFor();
    return row;
  }

  it('binds a user to a department picked by name, and the list shows it', async () => {
    const page = await open(DESKTOP);
    await signIn(page, 'admin');
    await step('bind department', async () => {
      const row = await findUser(page, 'dept.shuili.xinqiang');
      await row.getByText('承办单位：新墙镇水利站').waitFor();
      await row.getByRole('button', { name: '修改角色' }).click();
      const dialog = page.getByRole('dialog', { name: /修改角色/ });
      const select = dialog.getByRole('combobox', { name: '承办单位' });
      await chooseOption(page, select, '岳阳县水利局', { search: '水利局' });
      await screenshot(page, 'accounts-bind-department-desktop');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await row.getByText('承办单位：岳阳县水利局').waitFor();
      await screenshot(page, 'accounts-user-list-desktop');
    });
  });

  it('resets a password; the user signs in with the one-time password and must choose a new one first', async () => {
    const admin = await open(DESKTOP);
    await signIn(admin, 'admin');
    const temporary = await step('reset', async () => {
      const row = await findUser(admin, 'deputy.zhaoweidong');
      await row.getByRole('button', { name: '重置密码 deputy.zhaoweidong' }).click();
      const confirm = admin.getByRole('dialog').filter({ hasText: '生成一次性密码' });
      await confirm.getByRole('button', { name: '重置密码' }).click();
      const shown = admin.getByTestId('temporary-password');
      await shown.waitFor();
      const text = (await shown.innerText()).trim();
      expect(text).toMatch(/^[a-z2-9]{12}$/);
      await screenshot(admin, 'accounts-reset-password-desktop');
      await admin.getByRole('button', { name: '我已记下' }).click();
      await row.getByText('待改密码').waitFor();
      return text;
    });

    const deputy = await open(PHONE);
    await step('forced change', async () => {
      await signIn(deputy, 'deputy.zhaoweidong', temporary);
      await deputy.getByRole('heading', { name: '修改密码' }).waitFor();
      await deputy.getByText('您正在使用管理员发放的一次性密码').waitFor();
      // Nothing else of the app is reachable: the same page, whatever the address.
      await deputy.goto('/deputy/issues');
      await deputy.getByRole('heading', { name: '修改密码' }).waitFor();
      await screenshot(deputy, 'accounts-forced-password-change-phone');

      const newPassword = 'zhao-own-passphrase-2026';
      await deputy.getByLabel('当前密码').fill(temporary);
      await deputy.getByLabel('新密码', { exact: true }).fill(newPassword);
      await deputy.getByLabel('再次输入新密码').fill(newPassword);
      await deputy.getByRole('button', { name: '保存新密码' }).click();
      await deputy.waitForURL((url) => url.pathname === '/deputy/new');
      await deputy.getByRole('heading', { name: '修改密码' }).waitFor({ state: 'detached' });
      await screenshot(deputy, 'accounts-after-password-change-phone');
    });
  });
});
