// The personal-data requests screen in a real browser against the whole product (support/web-stack.ts): a deputy
// submits an issue with the voter's phone and ID number; the administrator finds it by the phone as the voter would
// give it, sees the data unmasked, exports it, corrects the phone, and is not offered erasure while it is open. A voter
// who left only an email through a station's QR code is found by that email; the contact cannot be erased while the
// deputy has not decided (the API's refusal shown in Chinese), and is erased once the submission is declined.
// Screenshots go to test-output/screenshots/.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { queryRows } from '@app/database';
import { sealSubmissionContacts } from '@app/personal-data';
import { testCipher } from '../support/personal-data';
import { readXlsx, allText } from '../support/xlsx-reader';
import { expectAccessibleBasics, expectCount } from './support/actions';
import { ApiAs, idOf } from './support/api';
import { DESKTOP, launchBrowser, newContext, screenshot, signIn, watchErrors } from './support/browser';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

const QR_EMAIL = 'wang.fang@example.com';
const QR_DESCRIPTION = '城东社区菜市场门口排水沟堵塞，下雨就漫到路面';

/**
 * A contact left through the station's QR page, stored as the voter channel stores it (sealed, with its keyed hash;
 * as test/records/subject-requests-submissions.e2e-spec.ts does): pending, waiting for the deputy.
 */
async function insertQrSubmission(db: DataSource): Promise<string> {
  const sealed = sealSubmissionContacts(testCipher, { contactPhone: null, contactEmail: QR_EMAIL });
  const [row] = await queryRows<{ id: string }>(
    db,
    `INSERT INTO voter_submissions (station_id, place_region_id, description, contact_phone, contact_phone_hash,
        contact_email, contact_email_hash, notice_version, notice_accepted_at, secret_hash, workflow_id, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'test', now(), 'x', gen_random_uuid()::text, 'pending')
     RETURNING id`,
    [
      await idOf(db, 'stations', 'rongjiawan'),
      await idOf(db, 'regions', 'chengdong'),
      QR_DESCRIPTION,
      sealed.contactPhone,
      sealed.contactPhoneHash,
      sealed.contactEmail,
      sealed.contactEmailHash,
    ],
  );
  return row.id;
}

const VOTER = { name: '李桂兰', phone: '13907304444', idNumber: '430621196505121230', address: '城东社区建设路12号' };

describe('the personal-data requests screen in a browser', () => {
  let stack: WebStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let qrSubmission: string;

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
    qrSubmission = await insertQrSubmission(stack.db);
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

      // Neither number nor email: said in the browser, nothing sent.
      await page.getByLabel('请求事由').fill('本人来电申请查阅');
      await page.getByRole('button', { name: /查\s*找/ }).click();
      await page.getByText('请填写联系电话、身份证号码或电子邮箱').waitFor();

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

  it('finds a QR-code submission by email, refuses to erase it while pending, and erases it once declined', async () => {
    try {
      await page.getByRole('link', { name: '个人信息请求' }).click();
      await page.getByRole('heading', { level: 1, name: '个人信息查阅、更正、删除' }).waitFor();
      const lookup = page.locator('form#lookup');
      await lookup.getByLabel('联系电话').fill('');
      await lookup.getByLabel('电子邮箱').fill('wang.fang@');
      await lookup.getByLabel('请求事由').fill('本人邮件申请查阅');
      await page.getByRole('button', { name: /查\s*找/ }).click();
      await page.getByText('请输入正确的电子邮箱').waitFor();
      await lookup.getByLabel('电子邮箱').fill('Wang.Fang@Example.com');
      await page.getByRole('button', { name: /查\s*找/ }).click();

      // Issues hold no email: none found there; the QR-code submission is listed with its contact, unmasked.
      const table = page.locator('.ant-card', { hasText: '扫码及平台反映（1 条）' });
      await table.waitFor();
      await page.getByText('没有找到与该号码有关的事项').waitFor();
      await table.getByRole('cell', { name: QR_EMAIL, exact: true }).waitFor();
      await table.getByRole('cell', { name: QR_DESCRIPTION }).waitFor();
      await table.getByRole('cell', { name: '荣家湾镇人大代表之家' }).waitFor();
      await table.getByText('待代表处理').waitFor();
      await table.getByText('未转成事项').waitFor();
      await table.getByText('尚在办理，暂不能删除').waitFor();
      await expectAccessibleBasics(page);
      await screenshot(page, 'admin-subject-requests-submission-desktop');

      // While the deputy has not decided, the API refuses (409) and says why, in Chinese.
      await table.getByRole('button', { name: '删除联系方式' }).click();
      let dialog = page.getByRole('dialog');
      await dialog.getByLabel('更正或删除的理由').fill('本人邮件申请删除联系方式');
      await dialog.getByRole('button', { name: /确认删除/ }).click();
      await dialog
        .getByRole('alert')
        .getByText(/这条反映尚在办理/)
        .waitFor();
      await screenshot(page, 'admin-subject-requests-submission-refused-desktop');
      await dialog.getByRole('button', { name: /取\s*消/ }).click();
      await expectCount(page.getByRole('dialog'), 0);
      await table.getByRole('cell', { name: QR_EMAIL, exact: true }).waitFor();

      // The deputy declines it (as the voter channel records a decision); now its contact may go.
      await stack.db.query(
        `UPDATE voter_submissions SET status = 'declined', decision_reason = '不属于代表联系范围', decided_at = now()
          WHERE id = $1`,
        [qrSubmission],
      );
      await page.getByRole('button', { name: /查\s*找/ }).click();
      await table.getByText('未予受理').waitFor();
      await expectCount(table.getByText('尚在办理，暂不能删除'), 0);
      await table.getByRole('button', { name: '删除联系方式' }).click();
      dialog = page.getByRole('dialog');
      await dialog.getByText('将删除这条反映中的联系电话和电子邮箱').waitFor();
      await dialog.getByLabel('更正或删除的理由').fill('本人邮件申请删除联系方式');
      await dialog.getByRole('button', { name: /确认删除/ }).click();
      await page.getByText('已删除这条反映的联系方式').waitFor();
      await expectCount(page.getByRole('dialog'), 0);
      await table.getByText('联系方式已删除').waitFor();
      await expectCount(table.getByRole('cell', { name: QR_EMAIL, exact: true }), 0);
      await expectCount(table.getByRole('button', { name: '删除联系方式' }), 0);

      // Gone: the same email finds nothing any more.
      await page.getByRole('button', { name: /查\s*找/ }).click();
      await expectCount(page.getByText(/^扫码及平台反映（/), 0);
      await page.getByText('没有找到与该号码有关的事项').waitFor();
      const [stored] = await queryRows<{ contact_email: string | null; contact_email_hash: string | null }>(
        stack.db,
        `SELECT contact_email, contact_email_hash FROM voter_submissions WHERE id = $1`,
        [qrSubmission],
      );
      expect(stored).toEqual({ contact_email: null, contact_email_hash: null });
      await screenshot(page, 'admin-subject-requests-submission-erased-desktop');
    } catch (error) {
      await screenshot(page, 'failed-subject-requests-submission').catch(() => undefined);
      throw error;
    }
  });
});
