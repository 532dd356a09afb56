// The personal-data requests screen in a real browser against the whole product (support/web-stack.ts): a deputy
// submits an issue with the voter's phone and ID number; the administrator finds it by the phone as the voter would
// give it, sees the data unmasked, exports it, corrects the phone, and is not offered erasure while it is open.
// Screenshots go to test-output/screenshots/.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readXlsx, allText } from '../support/xlsx-reader';
import { expectAccessibleBasics, expectCount } from './support/actions';
import { ApiAs, idOf } from './support/api';
import { DESKTOP, launchBrowser, newContext, screenshot, signIn, watchErrors } from './support/browser';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

const VOTER = { name: '李桂兰', phone: '13907304444', idNumber: '430621196505121230', address: '城东社区建设路12号' };

describe('the personal-data requests screen in a browser', () => {
  let stack: WebStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ensureWebBuild();
    [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
    const deputy = new ApiAs(stack.baseUrl, 'deputy.zhangzhiqiang');
    const submitted = await deputy.request('POST', '/api/issues', {
      stationId: await idOf(stack.db, 'stations', 'rongjiawan'),
      placeRegionId: await idOf(stack.db, 'regions', 'chengdong'),
      categoryId: await idOf(stack.db, 'issue_categories', 'roads'),
      channel: 'reception_day',
      urgency: 'normal',
      description: '建设路路灯不亮，夜间出行不便',
      voter: VOTER,
      idempotencyKey: randomUUID(),
    });
    expect(submitted.status).toBe(201);
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

  it('finds, exports and corrects a voter’s data, and offers no erasure while the issue is open', async () => {
    try {
      await page.getByRole('link', { name: '个人信息请求' }).click();
      await page.getByRole('heading', { level: 1, name: '个人信息查阅、更正、删除' }).waitFor();
      await expectAccessibleBasics(page);

      // Neither number: said in the browser, nothing sent.
      await page.getByLabel('请求事由').fill('本人来电申请查阅');
      await page.getByRole('button', { name: /查\s*找/ }).click();
      await page.getByText('请填写联系电话或身份证号码').waitFor();

      await page.getByLabel('联系电话').fill('+86 139 0730 4444');
      await page.getByRole('button', { name: /查\s*找/ }).click();
      await page.getByText('共找到 1 件事项').waitFor();
      for (const value of [VOTER.name, VOTER.phone, VOTER.idNumber, VOTER.address]) {
        await page.getByRole('cell', { name: value, exact: true }).waitFor();
      }
      await page.getByText('事项未办结，暂不能删除').waitFor();
      await expectCount(page.getByRole('button', { name: '删除个人信息' }), 0);
      await screenshot(page, 'admin-subject-requests-found-desktop');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: /导出 Excel/ }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^个人信息-.*\.xlsx$/);
      const chunks: Buffer[] = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
      const text = allText(await readXlsx(Buffer.concat(chunks)));
      expect(text).toContain(VOTER.phone);
      expect(text).toContain(VOTER.idNumber);

      await page.getByRole('button', { name: /更\s*正/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('联系电话').fill('12345');
      await dialog.getByLabel('更正或删除的理由').fill('本人申请更正电话号码');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.locator('.ant-form-item-explain-error').first().waitFor();
      await dialog.getByLabel('联系电话').fill('13907305555');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText('已更正').first().waitFor();
      await expectCount(page.getByRole('dialog'), 0);
      await page.getByRole('cell', { name: '13907305555', exact: true }).waitFor();

      // The old number finds nothing now; the new one finds the issue.
      await page.getByLabel('联系电话').fill(VOTER.phone);
      await page.getByRole('button', { name: /查\s*找/ }).click();
      await page.getByText('没有找到与该号码有关的事项').waitFor();
      await page.getByLabel('联系电话').fill('139 0730 5555');
      await page.getByRole('button', { name: /查\s*找/ }).click();
      await page.getByText('共找到 1 件事项').waitFor();
      await screenshot(page, 'admin-subject-requests-corrected-desktop');
    } catch (error) {
      await screenshot(page, 'failed-subject-requests').catch(() => undefined);
      throw error;
    }
  });
});
