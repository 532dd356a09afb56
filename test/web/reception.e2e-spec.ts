// The reception-day screens in a real browser (headless Debian Chromium through playwright-core) against the whole
// product in this process (see support/web-stack.ts): the liaison officer of 荣家湾镇人大代表之家 opens the reception
// list, opens a day the schedule would have opened yesterday, records it (voters received and one issue raised) and
// sees it held; records an ad-hoc reception with the same issue form as the deputy's intake (desktop and 360 px
// phone); opens the station's plan and rota; a deputy on the rota sees their duty days. Screenshots go to
// test-output/screenshots/reception-*.png.
import { Client, Connection } from '@temporalio/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { calendarFromDays, chinaDay, OFFICIAL_CALENDAR_DAYS, subtractWorkingDays } from '@app/calendar';
import { DEFAULT_RECEPTION_POLICY, RECEPTION_DAY_WORKFLOW_TYPE, receptionDayWorkflowId } from '@app/contracts';
import { idOf, until } from './support/api';
import { expectCount } from './support/actions';
import { chooseOption } from './support/popups';
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot, signIn, watchErrors } from './support/browser';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

const STATION = '荣家湾镇人大代表之家';
const ISSUE = '城东社区建设路路灯损坏三个月未修，夜间出行不便';

const openPages: Page[] = [];
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const file = name.replace(/[^a-z0-9]+/gi, '-');
    await Promise.all(
      openPages.map((page, index) => screenshot(page, `failed-reception-${file}-${index}`).catch(() => undefined)),
    );
    throw error;
  }
}

describe('the reception-day screens in a browser', () => {
  let stack: WebStack;
  let browser: Browser;
  let stationId: string;
  let receptionId: string;
  let heldOn: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[][] = [];

  async function open(viewport: { width: number; height: number }, username: string): Promise<Page> {
    const context = await newContext(browser, stack.baseUrl, viewport);
    contexts.push(context);
    const page = await context.newPage();
    openPages.push(page);
    pageErrors.push(watchErrors(page));
    await signIn(page, username);
    return page;
  }

  beforeAll(async () => {
    ensureWebBuild();
    [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
    stationId = await idOf(stack.db, 'stations', 'rongjiawan');
    // The last working day before today, as the station's schedule would have opened it: over, so awaiting its record.
    const nominalDate = subtractWorkingDays(chinaDay(new Date()), 1, calendarFromDays(OFFICIAL_CALENDAR_DAYS));
    const connection = await Connection.connect({ address: stack.config.TEMPORAL_ADDRESS });
    try {
      await new Client({ connection, namespace: stack.config.TEMPORAL_NAMESPACE }).workflow.start(
        RECEPTION_DAY_WORKFLOW_TYPE,
        {
          workflowId: receptionDayWorkflowId(stationId, nominalDate),
          taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
          args: [{ stationId, nominalDate, policy: { ...DEFAULT_RECEPTION_POLICY } }],
        },
      );
    } finally {
      await connection.close();
    }
    ({ id: receptionId, held_on: heldOn } = await until('the reception day to await its record', async () => {
      const [row] = await stack.db.query<{ id: string; status: string; held_on: string }[]>(
        `SELECT id, status, to_char(held_on, 'YYYY-MM-DD') AS held_on FROM receptions
           WHERE station_id = $1 AND nominal_date = $2`,
        [stationId, nominalDate],
      );
      return row?.status === 'awaiting_record' ? row : undefined;
    }));
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

  it('the liaison officer lands on the reception list: the station’s days with their status, desktop and 360 px phone', async () => {
    for (const [viewport, suffix] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const page = await open(viewport, 'liaison.rongjiawan');
      await step(`list ${suffix}`, async () => {
        // A liaison officer lands on the reception days after signing in (issue #13 item 7), first in the menu too.
        await page.waitForURL((url) => url.pathname === '/reception/days');
        await page.getByRole('heading', { level: 1, name: '接待日' }).waitFor();
        if (suffix === 'desktop') {
          expect(await page.locator('.ant-menu-item').first().textContent()).toBe('接待日');
        }
        await page.goto('/reception/days');
        await page.getByRole('heading', { level: 1, name: '接待日' }).waitFor();
        const day = page.getByRole('link', { name: `${heldOn} · ${STATION}` });
        await day.waitFor();
        const item = page.locator('.ant-list-item', { has: day });
        await item.getByText('待登记').waitFor();
        // The seeded days: two held, one not held.
        await page.getByText('已接待').first().waitFor();
        await page.getByText('未举行').first().waitFor();
        await expectCount(page.locator('main .ant-spin-spinning'), 0);
        await screenshot(page, `reception-list-${suffix}`);
      });
    }
  });

  it('the liaison officer records a reception day and sees it held, with the issue raised', async () => {
    const page = await open(DESKTOP, 'liaison.rongjiawan');
    await step('record', async () => {
      await page.goto('/reception/days');
      await page.getByRole('link', { name: `${heldOn} · ${STATION}` }).click();
      await page.waitForURL(new RegExp(`/reception/days/${receptionId}$`));
      await page.getByRole('heading', { level: 1, name: `接待日 ${heldOn}` }).waitFor();
      await page.locator('main .ant-tag', { hasText: '待登记' }).waitFor();
      await page.getByRole('tab', { name: '登记接待情况' }).waitFor();
      await screenshot(page, 'reception-day-open-desktop');

      await page.getByLabel('接待选民人次').fill('12');
      await page.getByRole('button', { name: '添加反映问题' }).click();
      const issue = page.locator('.ant-card', { hasText: '问题 1' });
      for (const [label, option] of [
        ['接待代表', '张志强'],
        ['问题类别', '道路交通'],
        ['所在村（社区）', '城东社区'],
      ] as const) {
        await chooseOption(page, issue.getByLabel(label), option);
      }
      await issue.getByLabel('群众反映的问题').fill(ISSUE);
      await page.getByRole('button', { name: '提交登记' }).click();
      await page.getByText('已登记，反映问题已交办').first().waitFor();
      await page.locator('main .ant-tag', { hasText: '已接待' }).waitFor();
      await expectCount(page.getByRole('tab', { name: '登记接待情况' }), 0);
      await page.getByRole('link', { name: ISSUE }).waitFor();
      await page.getByText('反映问题 1 件').waitFor();
      const [row] = await stack.db.query<{ status: string; voters_received: number }[]>(
        `SELECT status, voters_received FROM receptions WHERE id = $1`,
        [receptionId],
      );
      expect(row).toEqual({ status: 'held', voters_received: 12 });
      await screenshot(page, 'reception-day-recorded-desktop');

      // Back on the list, the day shows held with its counts.
      await page.goto(`/reception/days?station=${stationId}`);
      const item = page.locator('.ant-list-item', { has: page.getByRole('link', { name: heldOn }) });
      await item.getByText('已接待').waitFor();
      await item.getByText('接待选民 12 人次').waitFor();
    });
  });

  it('the liaison officer records an ad-hoc reception with the deputy’s issue form, desktop and 360 px phone', async () => {
    const today = chinaDay(new Date());
    for (const [viewport, suffix, kind, text] of [
      [DESKTOP, 'desktop', '临时接待', '城东社区农贸市场门口排水沟堵塞，雨后积水没过脚踝'],
      [PHONE, 'phone', '预约接待', '城东社区老旧小区加装电梯意见不一，希望协调'],
    ] as const) {
      const page = await open(viewport, 'liaison.rongjiawan');
      await step(`ad-hoc ${suffix}`, async () => {
        await page.goto(`/reception/days?station=${stationId}`);
        await page.getByRole('button', { name: '登记临时/预约接待' }).click();
        await page.waitForURL((url) => url.pathname === '/reception/ad-hoc/new');
        await page.getByRole('heading', { level: 1, name: '登记临时/预约接待' }).waitFor();
        await page.locator('.ant-radio-button-wrapper', { hasText: kind }).click();
        await page.getByLabel('接待选民人次').fill('2');
        await page.getByRole('checkbox', { name: '张志强' }).check();
        await page.getByRole('button', { name: '添加反映问题' }).click();
        const issue = page.locator('.ant-card', { hasText: '问题 1' });
        for (const [label, option] of [
          ['接待代表', '张志强'],
          ['问题类别', '道路交通'],
          ['所在村（社区）', '城东社区'],
        ] as const) {
          await chooseOption(page, issue.getByLabel(label), option);
        }
        await issue.getByLabel('群众反映的问题').fill(text);
        // The deputy's checks: a phone that is not one is refused before any request.
        await issue.getByText('群众信息（选填）').click();
        await issue.getByLabel('联系电话').fill('12345');
        await page.getByRole('button', { name: '提交登记' }).click();
        await issue.getByText('请输入正确的手机号').waitFor();
        await screenshot(page, `reception-ad-hoc-form-${suffix}`);
        await issue.getByLabel('联系电话').fill('13807301234');
        await page.getByRole('button', { name: '提交登记' }).click();

        await page.waitForURL((url) => /^\/reception\/days\/[0-9a-f-]{36}$/.test(url.pathname));
        await page.getByRole('heading', { level: 1, name: `接待日 ${today}` }).waitFor();
        await page.locator('main .ant-tag', { hasText: '已接待' }).waitFor();
        await page.getByText(kind).first().waitFor();
        await page.getByRole('link', { name: text }).waitFor();
        await expectCount(page.getByRole('tab', { name: '登记接待情况' }), 0);
        const id = new URL(page.url()).pathname.split('/').pop();
        const [row] = await stack.db.query<{ kind: string; status: string; voters_received: number; issues: number }[]>(
          `SELECT kind, status, voters_received, (SELECT count(*)::int FROM reception_issues WHERE reception_id = r.id)
                  AS issues
           FROM receptions r WHERE id = $1`,
          [id],
        );
        expect(row).toEqual({
          kind: kind === '临时接待' ? 'ad_hoc' : 'appointment',
          status: 'held',
          voters_received: 2,
          issues: 1,
        });
        await screenshot(page, `reception-ad-hoc-recorded-${suffix}`);
      });
    }
  });

  it('the liaison officer opens the station’s plan and rota', async () => {
    const page = await open(DESKTOP, 'liaison.rongjiawan');
    await step('plan', async () => {
      await page.goto(`/reception/days?station=${stationId}`);
      await page.getByRole('button', { name: '接待日计划' }).click();
      await page.waitForURL(new RegExp(`/reception/stations/${stationId}/plan$`));
      await page.getByRole('heading', { level: 1, name: `${STATION} · 接待日计划` }).waitFor();
      await page.getByText('接待日规则').first().waitFor();
      // The rota: the station's three deputies in turn; the next days with who is on duty; editable by this officer.
      const rota = page.locator('.ant-form-item', { hasText: '轮值顺序' });
      for (const name of ['张志强', '李建国', '王秀英']) {
        await rota.locator('.ant-select-selection-item', { hasText: name }).waitFor();
      }
      await page
        .locator('.ant-card', { hasText: '近期接待日' })
        .getByText(/值班代表：/)
        .first()
        .waitFor();
      await page.getByRole('button', { name: '保存计划' }).waitFor();
      await expectCount(page.getByText('只有本站联络员'), 0);
      await screenshot(page, 'reception-plan-desktop');
    });
  });

  it('a deputy on the rota sees their duty days', async () => {
    const page = await open(DESKTOP, 'deputy.zhangzhiqiang');
    await step('my duties', async () => {
      await page.goto('/deputy/duties');
      await page.getByRole('heading', { level: 1, name: '我的接待日值班' }).waitFor();
      await page.getByRole('heading', { level: 2, name: '即将到来' }).waitFor();
      await page.getByRole('heading', { level: 2, name: '已过去' }).waitFor();
      await page
        .getByRole('link', { name: new RegExp(STATION) })
        .first()
        .waitFor();
      await screenshot(page, 'reception-my-duties-desktop');
    });
  });
});
