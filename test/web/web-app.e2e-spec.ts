// The web app in a real browser (headless Debian Chromium through playwright-core) against the whole product in this
// process: the API serving dist/web, a real worker, PostgreSQL, the Temporal dev server and an SMTP catcher. Deadlines
// run on the demo clock (a working day lasts 5 s), so overdue and escalation happen while the suite watches.
// Screenshots of each screen go to test-output/screenshots/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { ApiAs, submitIssue, until } from './support/api';
import {
  DESKTOP,
  latinLeaks,
  launchBrowser,
  newContext,
  PHONE,
  screenshot,
  signIn,
  watchErrors,
} from './support/browser';
import { commandAnswered, commandTookEffect, expectAccessibleBasics, expectCount } from './support/actions';
import { chooseOption } from './support/popups';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

const DEPUTY = 'deputy.zhangzhiqiang';
const SUPERVISOR = 'supervisor.yueyangxian';
const DEPARTMENT = 'dept.jiaotong.rongjiawan';
const DEPARTMENT_EMAIL = 'jiaotong.rongjiawan@demo.lianluo.local';
const ROADS_IN_CHENGDONG = { station: 'rongjiawan', place: 'chengdong', category: 'roads' };
const DESCRIPTION = '城东社区建设路路面破损严重，雨天积水，群众出行不便，希望尽快修复。';
const PHOTO_NAME = '建设路路面破损.jpg';

/** How long each step took, printed at the end: the suite must stay fast on two cores. */
const timings: [string, number][] = [];
/** Every open page, so that a failing step leaves a screenshot of each to look at. */
const openPages: Page[] = [];
async function timed<T>(step: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await run();
  } catch (error) {
    const name = step.replace(/[^a-z0-9]+/gi, '-');
    await Promise.all(
      openPages.map((page, index) => screenshot(page, `failed-${name}-${index}`).catch(() => undefined)),
    );
    throw error;
  } finally {
    timings.push([step, Date.now() - started]);
  }
}

const choose = (page: Page, label: string, option: string) =>
  chooseOption(page, page.getByLabel(label, { exact: true }), option);

/** The satisfaction rate's figure on the rates dashboard (a link to the issues behind it). */
const satisfaction = (page: Page) => page.getByRole('link', { name: /^满意率: / });

/** The keys of this page's localStorage that hold issue drafts, with their values. */
function drafts(page: Page): Promise<[string, string][]> {
  return page.evaluate<[string, string][]>(
    `Object.entries(localStorage).filter(([key]) => key.startsWith('lianluo.issueDraft.'))`,
  );
}

describe('the web app in a browser, against the whole product', () => {
  let stack: WebStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  let issueId = '';

  async function open(viewport: { width: number; height: number }, username?: string): Promise<Page> {
    const context = await newContext(browser, stack.baseUrl, viewport);
    contexts.push(context);
    const page = await context.newPage();
    openPages.push(page);
    pageErrors.push(watchErrors(page));
    if (username) await signIn(page, username);
    return page;
  }

  beforeAll(async () => {
    await timed('start: build check, stack, browser', async () => {
      ensureWebBuild();
      [stack, browser] = await Promise.all([startWebStack({ DEMO_WORKING_DAY_SECONDS: '5' }), launchBrowser()]);
    });
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
    process.stdout.write(
      `\n[web] step timings:\n${timings.map(([step, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${step}`).join('\n')}\n`,
    );
  });

  afterEach(() => {
    // Uncaught errors or failed requests in any page fail the test that caused them.
    const errors = pageErrors.flatMap((list) => list.splice(0));
    expect(errors).toEqual([]);
  });

  it('serves the app: deep links get index.html, /api and /health stay the API, hashed assets are cached for a year', async () => {
    await timed('serving', async () => {
      const deep = await fetch(`${stack.baseUrl}/issues/00000000-0000-0000-0000-000000000000`);
      const html = await deep.text();
      expect(deep.status).toBe(200);
      expect(deep.headers.get('cache-control')).toBe('no-cache');
      expect(html).toContain('<div id="root">');
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(asset).toBeDefined();
      const script = await fetch(`${stack.baseUrl}${asset}`, { headers: { 'Accept-Encoding': 'br' } });
      expect(script.status).toBe(200);
      expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(script.headers.get('content-type')).toContain('javascript');

      const api = await fetch(`${stack.baseUrl}/api/no-such-thing`);
      expect(api.status).toBe(404);
      const body = (await api.json()) as { statusCode: number; error: string; requestId: string };
      expect(body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect((await fetch(`${stack.baseUrl}/health`)).headers.get('content-type')).toContain('json');
      expect((await fetch(`${stack.baseUrl}/assets/missing-0000.js`)).status).toBe(404);
      expect((await fetch(`${stack.baseUrl}/favicon-missing.png`)).status).toBe(404);
      // The server pages other teams own are not swallowed by the app's fallback.
      const devMail = await fetch(`${stack.baseUrl}/dev/mail`, { redirect: 'manual' });
      expect([devMail.status, devMail.headers.get('location')]).toEqual([302, '/dev/mailbox']);
      expect((await fetch(`${stack.baseUrl}/api/dev/mail`)).status).toBe(401);
      expect(await (await fetch(`${stack.baseUrl}/reply?token=not-a-token`)).text()).not.toContain('<div id="root">');
    });
  });

  it('a supervisor opens the rates of the county: nothing rated yet', async () => {
    const page = await open(DESKTOP, SUPERVISOR);
    await timed('supervisor: dashboard before', async () => {
      await page.goto('/supervisor/dashboard');
      await page.getByRole('heading', { name: '办理统计' }).waitFor();
      await satisfaction(page).waitFor();
      expect(await satisfaction(page).textContent()).toBe('—');
      await expectAccessibleBasics(page);
    });
  });

  it('a deputy on a phone records an issue; offline, the draft waits and is sent once when the network is back', async () => {
    const deputy = new ApiAs(stack.baseUrl, DEPUTY);
    const options = await deputy.request('GET', '/api/intake-options');
    if (options.status === 404) {
      // The API has no intake-options endpoint yet: the form then offers what the deputy's earlier issues used.
      await submitIssue(stack.db, deputy, ROADS_IN_CHENGDONG, {
        description: '白石村机耕道需要硬化（较早登记的一条）',
      });
    }

    const page = await open(PHONE);
    await timed('deputy: sign in (phone)', async () => {
      await page.goto('/');
      await page.getByRole('heading', { name: '登录' }).waitFor();
      await expectAccessibleBasics(page);
      await screenshot(page, '01-login-phone');
      // By keyboard alone: type, Tab to the password, Enter to sign in.
      await page.getByLabel('用户名').focus();
      await page.keyboard.type(DEPUTY);
      await page.keyboard.press('Tab');
      await page.keyboard.type('lianluo-demo');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: '登记群众意见' }).waitFor();
    });

    await timed('deputy: fill and submit offline, then online', async () => {
      await page.getByLabel('联络站').waitFor();
      // The demo deputy serves more than one station: the form asks which.
      await choose(page, '联络站', '荣家湾镇');
      await choose(page, '问题类别', '道路交通');
      await choose(page, '所在村（社区）', '城东社区');
      await page.getByRole('radio', { name: '接待日' }).check();
      await page.getByLabel('群众反映的问题').fill(DESCRIPTION);
      await page.getByRole('button', { name: '群众信息（选填）' }).click();
      await page.getByLabel('群众姓名').fill('李桂兰');
      await page.getByLabel('联系电话').fill('1380730567'); // one digit short
      await page.getByRole('button', { name: /提交意见/ }).click();
      await page.getByText('请输入正确的手机号').waitFor();
      await page.getByLabel('联系电话').fill('13807305678');
      await page.getByText('请输入正确的手机号').waitFor({ state: 'hidden' });
      // A photo of the road, taken with the phone: kept with the draft until the submission goes through.
      const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#8a7f6a' } })
        .jpeg()
        .toBuffer();
      await page.locator('input[type=file]').setInputFiles({ name: PHOTO_NAME, mimeType: 'image/jpeg', buffer: photo });
      await page.getByText(PHOTO_NAME).waitFor();
      await expectAccessibleBasics(page);
      await screenshot(page, '02-deputy-new-issue-phone');

      await page.context().setOffline(true);
      await page.getByRole('button', { name: /提交意见/ }).click();
      await page.getByText('上次提交没有完成').waitFor();
      const [draft] = await drafts(page);
      expect(draft).toBeDefined();
      expect(JSON.parse(draft[1])).toMatchObject({ pending: true, values: { description: DESCRIPTION } });
      await screenshot(page, '03-deputy-offline-draft-phone');

      // The page was closed and opened again while offline: the draft is still there.
      await page.reload().catch(() => undefined);
      await page.context().setOffline(false);
      await page.reload();
      await page.getByText('上次提交没有完成').waitFor();
      await page.getByRole('button', { name: '重新提交' }).first().click();
      await page.waitForURL(/\/issues\/[0-9a-f-]{36}$/);
      issueId = /\/issues\/([0-9a-f-]{36})$/.exec(page.url())![1];
      await page.getByText(DESCRIPTION).waitFor();
      expect(await drafts(page)).toEqual([]);
    });

    // The photo went up once, with the issue, although the first attempt failed offline and the page was reloaded.
    const photos = await stack.db.query<{ issue_id: string; stage: string }[]>(
      `SELECT issue_id, stage FROM attachments WHERE file_name = $1`,
      [PHOTO_NAME],
    );
    expect(photos).toEqual([{ issue_id: issueId, stage: 'intake' }]);
    const [{ n }] = await stack.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM issues WHERE description = $1`,
      [DESCRIPTION],
    );
    expect(n).toBe(1);
    await timed('deputy: issue routed and shown', async () => {
      await until('the issue to be referred', async () => {
        await page.getByRole('button', { name: /刷新/ }).click();
        return (await page.getByText('荣家湾镇交通管理站').count()) > 0 ? true : undefined;
      });
      await expectAccessibleBasics(page);
      await screenshot(page, '04-deputy-issue-assigned-phone');
    });
  });

  it('the department acknowledges from its inbox, then replies class B with a promised date through the emailed link', async () => {
    const page = await open(DESKTOP, DEPARTMENT);
    await timed('department: inbox and acknowledge', async () => {
      await page.getByRole('heading', { name: '待办事项' }).waitFor();
      // The first Tab reaches the skip link; Enter puts the focus on <main>, past the header and the menu.
      await page.keyboard.press('Tab');
      expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('跳到主要内容');
      await page.keyboard.press('Enter');
      expect(await page.evaluate<string>('document.activeElement.id')).toBe('main');
      await page.getByRole('tab', { name: '新交办' }).click();
      const item = page.getByRole('row').filter({ hasText: DESCRIPTION });
      // Working days left on the official calendar: the demo clock's deadline falls today.
      await item.getByText(/剩 \d+ 个工作日|今天到期/).waitFor();
      await expectAccessibleBasics(page);
      expect(await latinLeaks(page)).toEqual([]);
      await screenshot(page, '05-department-inbox-desktop');
      await item.getByRole('link').click();
      await page.getByRole('button', { name: /签\s*收/ }).click();
      await page.getByText('已签收').first().waitFor();
      // The deputy's photo, as a thumbnail that opens the full photo.
      const thumbnail = page.getByRole('img', { name: `照片：${PHOTO_NAME}` });
      await thumbnail.waitFor();
      await until('the thumbnail to be drawn', async () => {
        const drawn = await thumbnail.evaluate((img) => {
          const image = img as unknown as { complete: boolean; naturalWidth: number };
          return image.complete && image.naturalWidth === 320;
        });
        return drawn ? true : undefined;
      });
      await page.getByRole('button', { name: PHOTO_NAME }).click();
      await page.getByRole('dialog').getByRole('img', { name: PHOTO_NAME }).waitFor();
      await screenshot(page, '06b-department-issue-photo-desktop');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      expect(await latinLeaks(page)).toEqual([]);
      await screenshot(page, '06-department-issue-desktop');
    });

    await timed('department: reply class B by the emailed link', async () => {
      const mail = await stack.mail.waitFor(
        (m) => m.to.includes(DEPARTMENT_EMAIL) && m.text.includes(issueId) && m.text.includes('/reply?token='),
        30_000,
      );
      const link = /(https?:\/\/\S+\/reply\?token=[A-Za-z0-9_.-]+)/.exec(mail.text)![1];
      expect(link.startsWith(stack.baseUrl)).toBe(true);

      // The dev mailbox is an admin's: the department's menu has no link to it, and its API answers it 403.
      await page.getByRole('link', { name: '待办事项' }).first().waitFor();
      expect(await page.getByRole('link', { name: '开发邮箱' }).count()).toBe(0);
      expect((await new ApiAs(stack.baseUrl, DEPARTMENT).request('GET', '/api/dev/mail')).status).toBe(403);
      // An admin's dev mailbox screen shows the same email, its link clickable.
      const admin = await open(DESKTOP, 'admin');
      await admin.getByRole('link', { name: '开发邮箱' }).click();
      await admin.getByText(mail.subject).first().waitFor();
      await screenshot(admin, '07-dev-mailbox-desktop');

      const phone = await open(PHONE);
      await phone.goto(link);
      await phone.getByText('意见办理答复').first().waitFor();
      await phone.getByRole('radio', { name: /B类/ }).check();
      const promised = new Date(Date.now() + 30 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
      await phone.locator('input[type=date]').fill(promised);
      await phone.locator('textarea').fill('已列入今年村道维修计划，将于下月完成路面修复和排水沟疏通。');
      await screenshot(phone, '08-reply-link-form-phone');
      await phone.getByRole('button').last().click();
      await until('the class B reply to be recorded', async () => {
        const [row] = await stack.db.query<{ status: string }[]>(`SELECT status FROM issues WHERE id = $1`, [issueId]);
        return row?.status === 'follow_up' ? true : undefined;
      });
      await screenshot(phone, '09-reply-link-done-phone');
    });
  });

  it('the deputy sees the class B reply and every step; the department reports the result; the deputy rates it 满意', async () => {
    const deputy = await open(PHONE, DEPUTY);
    await timed('deputy: sees reply B and timeline', async () => {
      await deputy.goto(`/issues/${issueId}`);
      await deputy.getByText('B 类：正在解决或列入计划解决').first().waitFor();
      await deputy.getByText('承诺办结日期').first().waitFor();
      for (const step of ['登记', '交办', '签收', '答复'])
        await deputy.getByText(step, { exact: true }).first().waitFor();
      expect(await latinLeaks(deputy)).toEqual([]);
      await screenshot(deputy, '10-deputy-reply-b-phone');
    });

    const department = await open(DESKTOP, DEPARTMENT);
    await timed('department: follow-up reply A', async () => {
      await department.goto(`/issues/${issueId}`);
      await department.getByRole('heading', { name: '续报办理结果' }).waitFor();
      await department.getByRole('radio', { name: /A 类/ }).check();
      await department.getByLabel('答复内容').fill('路面已修复，排水沟已疏通，经回访群众满意。');
      // Sending cannot be undone, so the form asks once more; cancelling sends nothing and keeps what was written.
      await department.getByRole('button', { name: '续报办理结果' }).click();
      const confirm = department.locator('.ant-modal-confirm');
      await confirm.locator('.ant-modal-confirm-title', { hasText: '确认提交办理结果？' }).waitFor();
      await confirm.getByText('提交后不能修改或撤回，代表将收到通知。').waitFor();
      await screenshot(department, '10b-department-confirm-reply-desktop');
      await confirm.getByRole('button', { name: /取\s*消/ }).click();
      await confirm.waitFor({ state: 'hidden' });
      const [kept] = await stack.db.query<{ status: string }[]>(`SELECT status FROM issues WHERE id = $1`, [issueId]);
      expect(kept.status).toBe('follow_up');
      expect(await department.getByLabel('答复内容').inputValue()).toBe('路面已修复，排水沟已疏通，经回访群众满意。');
      await department.getByRole('button', { name: '续报办理结果' }).click();
      await confirm.getByRole('button', { name: '确认提交' }).click();
      await commandAnswered(department, '答复已提交');
    });

    await timed('deputy: rates 满意', async () => {
      await deputy.getByRole('button', { name: /刷新/ }).click();
      await deputy.getByRole('heading', { name: '请代表群众评价本次答复' }).waitFor();
      // The panel sits below the reply it rates: the deputy reads the answer first.
      const replyTop = await deputy.getByText('路面已修复，排水沟已疏通，经回访群众满意。').first().boundingBox();
      const rateTop = await deputy.getByRole('heading', { name: '请代表群众评价本次答复' }).boundingBox();
      expect(rateTop!.y).toBeGreaterThan(replyTop!.y);
      // 不满意 without a reason is not sent: the panel asks for one, and nothing is recorded.
      await deputy.getByRole('button', { name: '不满意', exact: true }).click();
      await deputy.getByRole('alert').filter({ hasText: '选择“不满意”须写明原因' }).waitFor();
      expect(await deputy.evaluate<string>('document.activeElement.id')).toBe('rate-comment');
      const [stillWaiting] = await stack.db.query<{ status: string }[]>(`SELECT status FROM issues WHERE id = $1`, [
        issueId,
      ]);
      expect(stillWaiting.status).toBe('awaiting_feedback');
      await screenshot(deputy, '11-deputy-rate-phone');
      await deputy.getByRole('button', { name: '满意', exact: true }).click();
      await commandAnswered(deputy, '评价已提交');
      await until('the issue to close', async () => {
        await deputy.getByRole('button', { name: /刷新/ }).click();
        return (await deputy.getByText('已办结').count()) > 0 ? true : undefined;
      });
      await screenshot(deputy, '12-deputy-closed-phone');
      await deputy.goto('/deputy/issues');
      await deputy.locator('.issue-card', { hasText: DESCRIPTION }).getByText('满意').waitFor();
      await expectAccessibleBasics(deputy);
      await screenshot(deputy, '13-deputy-my-issues-phone');
    });
  });

  it('an admin creates a user with two roles; that user switches between them; the app switches to English', async () => {
    const admin = await open(DESKTOP, 'admin');
    await timed('admin: create a supervisor-and-admin user', async () => {
      await admin.getByRole('heading', { name: '用户管理' }).waitFor();
      await admin.getByRole('button', { name: '新建用户' }).click();
      const dialog = admin.getByRole('dialog');
      await dialog.getByLabel('用户名').fill('admin'); // taken: the API's 409 lands on the field
      await dialog.getByLabel('姓名').fill('周督办');
      await dialog.getByLabel('初始密码').fill('a-long-initial-passphrase');
      await chooseOption(admin, dialog.getByRole('combobox', { name: '角色' }).first(), '督办人员');
      await chooseOption(admin, dialog.getByRole('combobox', { name: '辖区' }), '岳阳县');
      await dialog.getByRole('button', { name: '添加角色' }).click();
      await chooseOption(admin, dialog.getByRole('combobox', { name: '角色' }).nth(1), '系统管理员');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.locator('.ant-form-item-explain-error').first().waitFor();
      await screenshot(admin, '14-admin-create-user-error-desktop');
      await dialog.getByLabel('用户名').fill('zhou.duban');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await admin.getByText('用户已创建').waitFor();
      await admin.getByRole('searchbox', { name: '搜索用户名或姓名' }).fill('zhou');
      await admin.keyboard.press('Enter');
      await admin.getByText('zhou.duban').waitFor();
      await screenshot(admin, '15-admin-users-desktop');
    });

    const page = await open(DESKTOP);
    await timed('two roles: switch, English', async () => {
      await signIn(page, 'zhou.duban', 'a-long-initial-passphrase');
      await page.getByRole('heading', { name: '督办队列' }).waitFor();
      await chooseOption(page, page.getByRole('combobox', { name: '当前身份' }), '系统管理员');
      await page.getByRole('heading', { name: '用户管理' }).waitFor();
      await page.getByRole('button', { name: /English/ }).click();
      await page.getByRole('heading', { name: 'Users' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await screenshot(page, '16-admin-users-english-desktop');
      await page.getByRole('button', { name: /中文/ }).click();
      await page.getByRole('heading', { name: '用户管理' }).waitFor();
    });
  });
  it('an expired access token costs one refresh for many requests at once; a reused refresh token ends the session', async () => {
    const page = await open(DESKTOP, SUPERVISOR);
    await page.getByRole('heading', { name: '督办队列' }).waitFor();
    const refreshes: string[] = [];
    let lastToken: string | undefined;
    page.on('request', (request) => {
      if (request.url().endsWith('/api/auth/refresh')) refreshes.push(request.postData() ?? '');
      const auth = request.headers()['authorization'];
      if (auth) lastToken = auth;
    });
    // An access token "expires" when the test says so: the API would then answer 401 to it, as the page does here.
    let expired: string | undefined;
    await page.route('**/api/**', async (route) => {
      if (expired && route.request().headers()['authorization'] === expired) {
        await route.fulfill({
          status: 401,
          contentType: 'application/json',
          body: JSON.stringify({
            statusCode: 401,
            error: 'Unauthorized',
            message: 'jwt expired',
            requestId: 'expired',
          }),
        });
        return;
      }
      await route.continue();
    });
    const refreshToken = () => page.evaluate<string | null>(`sessionStorage.getItem('lianluo.refreshToken')`);

    await timed('session: one refresh for a burst of 401s, then a reused token', async () => {
      await page.getByRole('tab', { name: '即将到期' }).click();
      // Access tokens carry their issue time in whole seconds: one issued within the same second as the expired one
      // would be the very same string. A real expiry is minutes later; here, wait until the clock has left its second.
      const signed = await until('a signed request', () => Promise.resolve(lastToken));
      const [, payload = ''] = signed.replace(/^Bearer /, '').split('.');
      const { iat } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { iat: number };
      await until('the second after the token was issued', () =>
        Promise.resolve(Date.now() >= (iat + 1) * 1000 ? true : undefined),
      );
      const spent = await refreshToken();
      expired = lastToken;
      // The rates screen sends a dozen requests at once, every one with the expired token.
      await page.getByRole('link', { name: '办理统计' }).click();
      await page.getByRole('link', { name: /^满意率: / }).waitFor();
      await until('the dashboard to settle', async () =>
        (await page.locator('.ant-spin-spinning').count()) === 0 ? true : undefined,
      );
      expect(refreshes).toHaveLength(1);
      const fresh = await refreshToken();
      expect(fresh).not.toBe(spent);

      // Presenting a spent refresh token (what two unsynchronised refreshes would do) ends the session for good.
      await page.evaluate(`sessionStorage.setItem('lianluo.refreshToken', ${JSON.stringify(spent)})`);
      expired = lastToken;
      await page.getByRole('link', { name: '督办队列' }).click();
      await page.getByText('登录已失效，请重新登录').waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(refreshes).toHaveLength(2);
      await screenshot(page, '21-session-ended-desktop');
      const again = await fetch(`${stack.baseUrl}/api/auth/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: fresh }),
      });
      expect(again.status).toBe(401);
    });
  });

  it('the supervisor sees the rates move and opens the issue behind the number', async () => {
    const page = await open(DESKTOP, SUPERVISOR);
    await timed('supervisor: rates after, drill-down', async () => {
      await page.goto('/supervisor/dashboard');
      await page.getByRole('heading', { name: '办理统计' }).waitFor();
      await until('the satisfaction rate to count the rating', async () =>
        (await satisfaction(page).textContent()) === '100.0%' ? true : undefined,
      );
      await page.getByRole('link', { name: /^答复率: / }).waitFor();
      await screenshot(page, '17-supervisor-rates-desktop');
      await page.getByRole('link', { name: '满意率 分子: 1' }).click();
      await page.getByRole('heading', { name: '意见清单' }).waitFor();
      await page.getByRole('link', { name: DESCRIPTION }).click();
      await page.getByRole('heading', { name: '意见详情' }).waitFor();
      await page.getByText('已办结').first().waitFor();
      await screenshot(page, '18-supervisor-drill-issue-desktop');
    });
  });

  it("an urgent issue left unanswered turns overdue and appears in the supervisor's live queue by itself", async () => {
    const page = await open(PHONE, SUPERVISOR);
    const urgent = '白石村桥梁护栏断裂，学生上学存在安全隐患，请尽快处理。';
    await timed('supervisor: live queue gets the overdue issue', async () => {
      await page.getByRole('heading', { name: '督办队列' }).waitFor();
      await page.getByText('实时', { exact: true }).waitFor();
      // A mark on the page: if it survives, the queue updated itself without a reload.
      await page.evaluate('window.__notReloaded = true');
      await submitIssue(stack.db, new ApiAs(stack.baseUrl, DEPUTY), ROADS_IN_CHENGDONG, {
        description: urgent,
        urgency: 'urgent',
      });
      await page.getByText(urgent).waitFor({ timeout: 60_000 });
      expect(await page.evaluate('window.__notReloaded === true')).toBe(true);
      await page.getByRole('status').getByText('队列有更新').waitFor();
      await screenshot(page, '19-supervisor-live-queue-phone');
    });

    await timed('supervisor: urges the overdue issue', async () => {
      await page.getByText(urgent).click();
      await page.getByRole('heading', { name: '办理操作' }).waitFor();
      await page.getByRole('button', { name: /催办/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('催办意见').fill('学生安全无小事，请立即安排修复。');
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await commandTookEffect(page, '已催办', page.getByText('催办', { exact: true }).last());
      await screenshot(page, '20-supervisor-urged-issue-phone');
    });
  });
  it('the supervisor exports the station ledger and opens the monthly report; the other screens at both sizes', async () => {
    const page = await open(DESKTOP, SUPERVISOR);
    await timed('supervisor: ledger download, monthly report', async () => {
      await page.getByRole('link', { name: '台账与报告' }).click();
      await page.getByRole('heading', { name: '台账与报告' }).waitFor();
      await page.getByLabel('联络站').fill('rongjiawan'); // a station code typed in
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page
          .getByRole('button', { name: /导出 CSV/ })
          .first()
          .click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/反映问题登记簿.*\.csv$/);
      const csv = await download.createReadStream().then(async (stream) => {
        let text = '';
        for await (const chunk of stream) text += (chunk as Buffer).toString('utf8');
        return text;
      });
      expect(csv).toContain(DESCRIPTION);
      const [report] = await Promise.all([
        page.context().waitForEvent('page'),
        page.getByRole('button', { name: /打\s*开/ }).click(),
      ]);
      await report.getByRole('heading', { name: /岳阳县.*月报/ }).waitFor();
      await screenshot(page, '22-supervisor-exports-desktop');
      await screenshot(report, '23-monthly-report-desktop');
      await report.close();
    });

    const phone = await open(PHONE, SUPERVISOR);
    await timed('tour: remaining screens', async () => {
      await phone.getByRole('heading', { name: '督办队列' }).waitFor();
      await phone.getByRole('tab', { name: '即将到期' }).click();
      await screenshot(phone, '24-supervisor-due-soon-phone');
      await phone.goto('/supervisor/dashboard');
      await satisfaction(phone).waitFor();
      await phone.getByRole('heading', { name: '按承办单位' }).waitFor();
      await expectCount(phone.locator('.ant-spin-spinning'), 0);
      await expectAccessibleBasics(phone);
      expect(await latinLeaks(phone)).toEqual([]);
      await screenshot(phone, '25-supervisor-rates-phone');
      await phone.getByRole('link', { name: /^收集意见: / }).click();
      await phone.getByRole('heading', { name: '意见清单' }).waitFor();
      await phone.locator('.issue-card').first().waitFor();
      expect(await latinLeaks(phone)).toEqual([]);
      await screenshot(phone, '26-supervisor-drill-phone');
      await phone.goto('/no/such/screen');
      await phone.getByRole('heading', { name: '页面不存在' }).waitFor();
      await screenshot(phone, '27-not-found-phone');

      const admin = await open(PHONE, 'admin');
      await admin.getByRole('heading', { name: '用户管理' }).waitFor();
      await screenshot(admin, '28-admin-users-phone');
      await admin.goto('/admin/reference');
      await admin.getByRole('heading', { name: '基础数据' }).waitFor();
      await screenshot(admin, '29-admin-reference-phone');

      // Admins are warned, on every page, of the years running deadlines reach whose holidays are not entered yet.
      const { missingYears } = await new ApiAs(stack.baseUrl, 'admin').get<{ missingYears: number[] }>(
        '/api/calendar/coverage',
      );
      const warning = admin.getByRole('alert').filter({ hasText: '法定节假日' });
      await admin.goto('/admin/reference/calendar');
      await admin.getByRole('heading', { name: '基础数据' }).waitFor();
      await admin.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
      if (missingYears.length) {
        await warning.getByText(`尚未录入 ${missingYears.join('、')} 年的法定节假日`).waitFor();
        expect(await warning.count()).toBe(1); // the calendar's own, not the page-wide one as well
      } else {
        expect(await warning.count()).toBe(0);
      }
      expect(await latinLeaks(admin)).toEqual([]);
      await screenshot(admin, '30-admin-calendar-phone');
    });
  });
});
