// The Open311 clients screen in a real browser against the whole product (support/web-stack.ts): the administrator
// registers another system, reads its API key once, sees it listed by the start of its key only, and revokes it; both
// are in the admin audit trail, and the revoked key is refused by the Open311 API. Screenshots go to
// test-output/screenshots/.
import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessibleBasics } from './support/actions';
import { DESKTOP, launchBrowser, newContext, screenshot, signIn, watchErrors } from './support/browser';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

describe('the Open311 clients screen in a browser', () => {
  let stack: WebStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ensureWebBuild();
    [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
    context = await newContext(browser, stack.baseUrl, DESKTOP);
    page = await context.newPage();
    errors = watchErrors(page);
    await signIn(page, 'admin');
  }, 180_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  afterEach(() => {
    expect(errors.splice(0)).toEqual([]);
  });

  it('registers a client, shows its key once, lists it, and revokes it, each recorded', async () => {
    await page.getByRole('link', { name: 'Open311 接入' }).click();
    await page.getByRole('heading', { level: 1, name: 'Open311 接入系统' }).waitFor();
    await page.getByText('还没有登记接入系统').waitFor();
    await expectAccessibleBasics(page);

    await page.getByRole('button', { name: /登记接入系统/ }).click();
    const dialog = page.getByRole('dialog', { name: '登记接入系统' });
    await dialog.getByRole('button', { name: /登\s*记/ }).click();
    await dialog
      .getByText(/请填写系统名称|系统名称/)
      .first()
      .waitFor();
    await dialog.getByLabel('系统名称').fill('岳阳县12345热线平台');
    await dialog.getByRole('button', { name: /登\s*记/ }).click();

    const keyDialog = page.getByRole('dialog', { name: 'API 密钥（仅显示这一次）' });
    const apiKey = (await keyDialog.locator('code').innerText()).trim();
    expect(apiKey).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
    await screenshot(page, 'admin-open311-key-desktop');
    await keyDialog.getByRole('button', { name: /关\s*闭|Close/ }).click();
    await keyDialog.waitFor({ state: 'hidden' });

    // Listed by the start of its key; the key itself is nowhere on the page any more.
    const row = page.getByRole('row').filter({ hasText: '岳阳县12345热线平台' });
    await row.getByText('使用中').waitFor();
    await row.getByText(`${apiKey.slice(0, 10)}…`).waitFor();
    expect(await page.content()).not.toContain(apiKey);
    const [stored] = await stack.db.query<{ id: string }[]>(`SELECT id FROM open311_clients WHERE key_hash = $1`, [
      createHash('sha256').update(apiKey).digest('hex'),
    ]);
    expect(stored).toBeDefined();

    await row.getByRole('button', { name: '吊销密钥' }).click();
    await page.getByRole('button', { name: /^确\s*定$|^OK$/ }).click();
    await page.getByText('密钥已吊销').waitFor();
    await row.getByText(/已吊销/).waitFor();
    expect(await row.getByRole('button', { name: '吊销密钥' }).count()).toBe(0);
    await screenshot(page, 'admin-open311-list-desktop');

    const trail = await stack.db.query<{ action: string }[]>(
      `SELECT action FROM admin_audit_log WHERE entity = 'open311_client' AND entity_id = $1 ORDER BY id`,
      [stored.id],
    );
    expect(trail.map((e) => e.action)).toEqual(['create', 'disable']);
    const refused = await fetch(`${stack.baseUrl}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: apiKey,
        service_code: 'roads',
        description: '路灯不亮',
        lat: '29.1',
        long: '113.2',
      }),
    });
    expect(refused.status).toBe(403);
  });
});
