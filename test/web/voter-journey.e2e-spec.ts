// Issue #15's "done when", in a real browser against the whole product in this process: a voter opens the station's
// QR code on a phone and submits; the deputy accepts it in the web app; the department replies and marks the reply
// publishable; the voter's status page shows the reply, and the mails reached the voter. Screenshots in
// test-output/screenshots/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { latestAnswer, observeCaptchas } from '../voter/support';
import { ApiAs, idOf, until } from './support/api';
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot, signIn, watchErrors } from './support/browser';
import { chooseOption } from './support/popups';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

const DEPUTY = 'deputy.zhangzhiqiang'; // head of 荣家湾镇人大代表之家
const LEAD = 'dept.jiaotong.rongjiawan'; // roads in 荣家湾镇
const DESCRIPTION = '城东社区建设路与人民路交叉口红绿灯坏了一周，早晚高峰很危险。';
const REPLY = '已更换信号灯控制器，路口红绿灯恢复正常。';
const EMAIL = 'li.guilan@example.com';

observeCaptchas();

describe("a voter's issue from a QR code to the reply, in a browser", () => {
  let stack: WebStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[][] = [];

  async function open(viewport: { width: number; height: number }, username?: string): Promise<Page> {
    const context = await newContext(browser, stack.baseUrl, viewport);
    contexts.push(context);
    const page = await context.newPage();
    pageErrors.push(watchErrors(page));
    if (username) await signIn(page, username);
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
    expect(pageErrors.flatMap((list) => list.splice(0))).toEqual([]);
  });

  it('scanned, submitted, accepted, replied, published: the voter sees the reply on the phone and by mail', async () => {
    const stationId = await idOf(stack.db, 'stations', 'rongjiawan');
    const voter = await open(PHONE);
    await voter.goto(`/v/s/${stationId}`);
    await voter.getByRole('heading', { name: '向荣家湾镇人大代表之家反映问题' }).waitFor();
    await voter.getByText('接待日：每月8日').waitFor();
    await voter.getByLabel('问题描述').fill(DESCRIPTION);
    await voter.getByLabel('所在地点').selectOption({ label: '城东社区' });
    await voter.getByLabel('电子邮箱（用于告知进展）').fill(EMAIL);
    await voter.getByLabel('我已阅读并同意上述个人信息告知').check();
    await voter.getByLabel('验证码（输入图中的数字）').fill(latestAnswer());
    await screenshot(voter, 'v01-voter-form-phone');
    await voter.getByRole('button', { name: '提交' }).click();
    await voter.getByRole('heading', { name: '提交成功' }).waitFor();
    const code = (await voter.locator('#tracking-code').textContent())!.trim();
    await screenshot(voter, 'v02-voter-submitted-phone');
    await stack.mail.waitFor((m) => m.to.includes(EMAIL) && m.text.includes(code), 30_000);

    const deputy = await open(DESKTOP, DEPUTY);
    await deputy.goto('/voter-submissions');
    await deputy.getByRole('heading', { name: '代表码来信' }).waitFor();
    const card = deputy.locator('.ant-card', { hasText: DESCRIPTION });
    await card.getByRole('button', { name: /^受\s*理$/ }).click();
    const dialog = deputy.getByRole('dialog');
    await chooseOption(deputy, dialog.getByLabel('问题类别'), '道路交通');
    await screenshot(deputy, 'v03-deputy-accepts-desktop');
    await dialog.getByRole('button', { name: /^确\s*定$/ }).click();
    await deputy.getByText('暂无选民来信').waitFor();
    await stack.mail.waitFor((m) => m.to.includes(EMAIL) && m.subject.includes('已受理'), 30_000);

    const department = new ApiAs(stack.baseUrl, LEAD);
    const [row] = await stack.db.query<{ issue_id: string }[]>(
      `SELECT issue_id FROM voter_submissions WHERE description = $1`,
      [DESCRIPTION],
    );
    const issueId = row.issue_id;
    await until('the issue to be referred', async () =>
      (await department.get<{ status: string }>(`/api/issues/${issueId}`)).status === 'assigned' ? true : undefined,
    );
    const replied = await department.request('POST', `/api/issues/${issueId}/reply`, { replyClass: 'A', text: REPLY });
    expect([200, 202]).toContain(replied.status);
    const detail = await until('the reply to be recorded', async () => {
      const now = await department.get<{ replies: { id: string }[] }>(`/api/issues/${issueId}`);
      return now.replies.length ? now : undefined;
    });
    const published = await department.request(
      'PUT',
      `/api/issues/${issueId}/replies/${detail.replies[0].id}/publishable`,
      { publishable: true },
    );
    expect(published.status).toBe(204);
    await stack.mail.waitFor((m) => m.to.includes(EMAIL) && m.subject.includes('已有答复'), 30_000);

    await voter.goto(`/v/track?code=${encodeURIComponent(code)}`);
    await voter.getByRole('heading', { name: /办理进展/ }).waitFor();
    await voter.getByText(REPLY).waitFor();
    await voter.getByText('承办部门已答复').waitFor();
    await screenshot(voter, 'v04-voter-status-with-reply-phone');
  });
});
