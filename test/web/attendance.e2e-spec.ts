// The standing-committee attendance screens (列席) in a real browser (headless Debian Chromium through playwright-core)
// against the whole product in this process (see support/web-stack.ts), on the Xiangtan demo data: the liaison officer
// sees the meetings list (desktop and 360 px), opens a seeded meeting with its agenda, invitations with attendance and
// speeches, sees the 151 attendances of January 2017 – May 2018 on the reports page, and opens the phone-call list; the
// deputy opens their invitations. Screenshots go to test-output/screenshots/attendance-*.png.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectCount } from './support/actions';
import { chooseOption } from './support/popups';
import {
  DESKTOP,
  launchBrowser,
  newContext,
  PHONE,
  screenshot,
  signIn,
  unlabelledControls,
  watchErrors,
} from './support/browser';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

const LIAISON = 'liaison.xiangtan';
const DEPUTY = 'deputy.xt.zhouhong';
const FIRST_MEETING = '湘潭市第十五届人大常委会第三次会议';
const LAST_MEETING = '湘潭市第十五届人大常委会第十二次会议';
const TERM_15 = '湘潭市第十五届人民代表大会';
/** The seeded term in office today in China (the reports page opens on it), by its five-year span from 2017. */
const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const CURRENT_TERM = ['十五', '十六', '十七'][Math.floor((Number(TODAY.slice(0, 4)) - 2017) / 5)];

/** Every open page, so that a failing step leaves a screenshot of each to look at. */
const openPages: Page[] = [];
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const file = name.replace(/[^a-z0-9]+/gi, '-');
    await Promise.all(
      openPages.map((page, index) => screenshot(page, `failed-attendance-${file}-${index}`).catch(() => undefined)),
    );
    throw error;
  }
}

/** Every page has one <h1>, a <main> landmark, no spinner left, and no unlabelled input. */
async function expectSettled(page: Page): Promise<void> {
  await expectCount(page.locator('h1'), 1);
  await expectCount(page.locator('main'), 1);
  await expectCount(page.locator('main .ant-spin-spinning'), 0);
  expect(await unlabelledControls(page)).toEqual([]);
}

describe('the attendance screens in a browser', () => {
  let stack: WebStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[][] = [];

  async function open(username: string, viewport: { width: number; height: number }): Promise<Page> {
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
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  afterEach(() => {
    // Uncaught errors or failed requests in any page fail the test that caused them.
    const errors = pageErrors.flatMap((list) => list.splice(0));
    expect(errors).toEqual([]);
  });

  it('the liaison officer sees the meetings list on a desktop and on a 360 px phone', async () => {
    for (const [viewport, suffix] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const page = await open(LIAISON, viewport);
      await step(`meetings ${suffix}`, async () => {
        await page.goto('/attendance/meetings');
        await page.getByRole('heading', { level: 1, name: '常委会会议列席' }).waitFor();
        await page.getByRole('link', { name: FIRST_MEETING }).waitFor();
        await page.getByRole('link', { name: LAST_MEETING }).waitFor();
        // The ten seeded meetings, newest first.
        expect(await page.locator('main tbody tr.ant-table-row').count()).toBe(10);
        const firstRow = page.locator('main tbody tr.ant-table-row').first();
        expect(await firstRow.textContent()).toContain('2018-05-30');
        // The title is readable on a phone too: not squeezed to a character a line by the other columns.
        const box = await page.getByRole('link', { name: LAST_MEETING }).boundingBox();
        expect(box?.width).toBeGreaterThan(120);
        await expectSettled(page);
        await screenshot(page, `attendance-meetings-${suffix}`);
      });
    }
  });

  it('the liaison officer opens a seeded meeting: agenda, invitations with attendance, speeches, figures', async () => {
    const page = await open(LIAISON, DESKTOP);
    await step('meeting', async () => {
      await page.goto('/attendance/meetings');
      await page.getByRole('link', { name: LAST_MEETING }).click();
      await page.waitForURL(/\/attendance\/meetings\/[0-9a-f-]+$/);
      await page.getByRole('heading', { level: 1, name: LAST_MEETING }).waitFor();
      await page.getByText('市人大常委会会议室').first().waitFor();
      // The agenda: three items (the seed's per-item counts are 3, 2, 2).
      const agenda = page.getByRole('tabpanel');
      await agenda.getByRole('columnheader', { name: '议题名称' }).waitFor();
      await expectCount(agenda.locator('table').first().locator('tbody tr.ant-table-row'), 3);
      await expectSettled(page);
      await screenshot(page, 'attendance-meeting-agenda-desktop');

      await page.getByRole('tab', { name: '邀请与通知' }).click();
      const invitations = page.getByRole('tabpanel', { name: '邀请与通知' });
      // 9 whole-meeting and 7 per-item attendees, each marked present.
      await expectCount(invitations.locator('tbody tr.ant-table-row'), 16);
      await expectCount(invitations.locator('tbody tr.ant-table-row', { hasText: '出席' }), 16);
      await expectSettled(page);
      await screenshot(page, 'attendance-meeting-invitations-desktop');

      await page.getByRole('tab', { name: '代表发言' }).click();
      const speeches = page.getByRole('tabpanel', { name: '代表发言' });
      await expectCount(speeches.locator('.ant-list-item'), 5);
      await expectSettled(page);
      await screenshot(page, 'attendance-meeting-speeches-desktop');

      await page.getByRole('tab', { name: '会议统计' }).click();
      const report = page.getByRole('tabpanel', { name: '会议统计' });
      const attended = report.locator('.ant-statistic', { hasText: '列席人次' });
      await attended.waitFor();
      expect(await attended.locator('.ant-statistic-content').textContent()).toBe('16');
      await screenshot(page, 'attendance-meeting-report-desktop');
    });
  });

  it('the reports page shows the 151 attendances of the seeded period; the phone-call list opens', async () => {
    const page = await open(LIAISON, DESKTOP);
    await step('reports', async () => {
      await page.goto('/attendance/reports');
      await page.getByRole('heading', { level: 1, name: '列席统计' }).waitFor();
      // It opens on the term in office, to the day after its last day (the end is exclusive).
      if (CURRENT_TERM) {
        await page.locator('main .ant-select', { hasText: `湘潭市第${CURRENT_TERM}届人民代表大会` }).waitFor();
        expect(await page.getByLabel(/^截止日期/).inputValue()).toMatch(/-01-01$/);
      }
      await chooseOption(page, page.getByLabel('届次'), TERM_15);
      await page.getByLabel('起始日期').fill('2017-01-01');
      await page.getByLabel(/^截止日期/).fill('2018-05-31');
      await page.getByRole('button', { name: /统\s*计/ }).click();
      const attended = page.locator('main .ant-statistic', { hasText: '列席人次' }).first();
      await attended.locator('.ant-statistic-content', { hasText: /^151$/ }).waitFor();
      const meetings = page.locator('main .ant-statistic', { hasText: '会议次数' }).first();
      expect(await meetings.locator('.ant-statistic-content').textContent()).toBe('10');
      await page.getByText(LAST_MEETING).first().waitFor();
      await expectSettled(page);
      await screenshot(page, 'attendance-reports-desktop');
    });

    await step('phone tasks', async () => {
      await page.goto('/attendance/phone-tasks');
      await page.getByRole('heading', { level: 1, name: '待电话通知' }).waitFor();
      // The seeded record has no open calls.
      await page.getByText('没有待拨打的电话').waitFor();
      await expectSettled(page);
      await screenshot(page, 'attendance-phone-tasks-desktop');
    });
  });

  it("the deputy opens 'my invitations'", async () => {
    const page = await open(DEPUTY, DESKTOP);
    await step('my invitations', async () => {
      await page.goto('/attendance/my');
      await page.getByRole('heading', { level: 1, name: '我的列席邀请' }).waitFor();
      // 周红 has not been invited in the seeded record, and has no speeches to sign off.
      await page.getByText('暂无列席邀请').waitFor();
      await page.getByText('待签阅的发言').waitFor();
      await page.getByText('暂无发言记录').waitFor();
      await expectSettled(page);
      await screenshot(page, 'attendance-my-invitations-desktop');
    });
  });
});
