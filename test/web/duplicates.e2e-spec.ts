// Repeated issues (重复件) in a real browser against the whole product: the deputy has an issue about a street light;
// typing the same problem in the intake form shows it as a likely duplicate; a voter then raises it again through
// the station's QR code, the deputy sees the existing issue on the submission, merges into it with one click and the
// voter is told; the supervisor's 热点分析 page counts the place and category, one click from the issue.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { latestAnswer, observeCaptchas } from '../voter/support';
import { ApiAs, idOf } from './support/api';
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot, signIn, watchErrors } from './support/browser';
import { chooseOption } from './support/popups';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

const DEPUTY = 'deputy.zhangzhiqiang'; // head of 荣家湾镇人大代表之家
const FIRST = '城东社区建设路路灯损坏三个月未修，夜间出行不便';
const AGAIN = '建设路上的路灯坏了好久了，晚上黑漆漆的，老人小孩走路容易摔跤';
const EMAIL = 'wang.lan@example.com';

observeCaptchas();

describe('repeated issues in a browser', () => {
  let stack: WebStack;
  let browser: Browser;
  let issue: { id: string; number: string };
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
    const deputy = new ApiAs(stack.baseUrl, DEPUTY);
    const submitted = await deputy.request<{ id: string; number: string }>('POST', '/api/issues', {
      stationId: await idOf(stack.db, 'stations', 'rongjiawan'),
      placeRegionId: await idOf(stack.db, 'regions', 'chengdong'),
      categoryId: await idOf(stack.db, 'issue_categories', 'roads'),
      channel: 'reception_day',
      urgency: 'normal',
      description: FIRST,
      idempotencyKey: randomUUID(),
    });
    expect(submitted.status).toBe(201);
    issue = submitted.body;
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  afterEach(() => {
    expect(pageErrors.flatMap((list) => list.splice(0))).toEqual([]);
  });

  it('shows the existing issue while the deputy types the same problem at intake', async () => {
    const deputy = await open(DESKTOP, DEPUTY);
    await deputy.goto('/deputy/new');
    await chooseOption(deputy, deputy.getByLabel('联络站'), '荣家湾镇人大代表之家');
    await chooseOption(deputy, deputy.getByLabel('问题类别'), '道路交通');
    await chooseOption(deputy, deputy.getByLabel('所在村（社区）'), '城东社区');
    await deputy.getByLabel('群众反映的问题').fill(AGAIN);
    const hint = deputy.getByTestId('similar-issues');
    await hint.getByText('发现 1 件疑似重复事项').waitFor();
    await hint.getByRole('link', { name: issue.number }).waitFor();
    await hint.getByText(FIRST).waitFor();
    await screenshot(deputy, 'dup01-intake-shows-duplicate-desktop');
  });

  it('merges a voter’s repeat into the existing issue from the submission, and the voter is told', async () => {
    const stationId = await idOf(stack.db, 'stations', 'rongjiawan');
    const voter = await open(PHONE);
    await voter.goto(`/v/s/${stationId}`);
    await voter.getByLabel('问题描述').fill(AGAIN);
    await voter.getByLabel('所在地点').selectOption({ label: '城东社区' });
    await voter.getByLabel('电子邮箱（用于告知进展）').fill(EMAIL);
    await voter.getByLabel('我已阅读并同意上述个人信息告知').check();
    await voter.getByLabel('验证码（输入图中的数字）').fill(latestAnswer());
    await voter.getByRole('button', { name: '提交' }).click();
    await voter.getByRole('heading', { name: '提交成功' }).waitFor();

    const deputy = await open(DESKTOP, DEPUTY);
    await deputy.goto('/voter-submissions');
    const card = deputy.locator('.ant-card', { hasText: AGAIN });
    const hint = card.getByTestId('similar-issues');
    await hint.getByRole('link', { name: issue.number }).waitFor();
    await screenshot(deputy, 'dup02-submission-shows-duplicate-desktop');
    await hint.getByRole('button', { name: '并入此事项' }).click();
    const dialog = deputy.getByRole('dialog');
    await dialog.getByText(FIRST.slice(0, 30)).waitFor();
    await dialog.getByRole('button', { name: /^确\s*定$/ }).click();
    await deputy.getByText('暂无选民来信').waitFor();
    await stack.mail.waitFor((m) => m.to.includes(EMAIL) && m.subject.includes('已并入同类事项办理'), 30_000);
    const [row] = await stack.db.query<{ status: string; issue_id: string }[]>(
      `SELECT status, issue_id FROM voter_submissions WHERE description = $1`,
      [AGAIN],
    );
    expect(row).toEqual({ status: 'merged', issue_id: issue.id });
  });

  it('counts the place and category on the supervisor’s hot-spot page, one click from the issue', async () => {
    const supervisor = await open(DESKTOP, 'supervisor.rongjiawan');
    await supervisor.goto('/supervisor/hotspots');
    await supervisor.getByRole('heading', { level: 1, name: '热点分析' }).waitFor();
    const row = supervisor.getByRole('row', { name: /城东社区.*道路交通/ });
    await row.getByRole('button').first().click();
    await supervisor.getByRole('link', { name: issue.number }).click();
    await supervisor.waitForURL(`**/issues/${issue.id}`);
    await screenshot(supervisor, 'dup03-hotspot-to-issue-desktop');
  });
});
