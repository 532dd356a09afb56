// What the browser suites check on a page beside ./browser, ./api and ./popups: a count of elements, the accessible
// basics of every page, an open Select's options, and an instant printed the way the app prints it.
import type { Locator, Page } from 'playwright-core';
import { until } from './api';
import { unlabelledControls } from './browser';

export async function expectCount(locator: Locator, n: number): Promise<void> {
  await until(`${String(locator)} ×${n}`, async () => ((await locator.count()) === n ? true : undefined), 10_000);
}

/** Every page has one <h1>, a <main> landmark, and no unlabelled input. */
export async function expectAccessibleBasics(page: Page): Promise<void> {
  await expectCount(page.locator('h1'), 1);
  await expectCount(page.locator('main'), 1);
  expect(await unlabelledControls(page)).toEqual([]);
}

/** The labels of the options an open antd Select lists (it renders only those in view: read them as you scroll). */
export function visibleOptions(page: Page): Promise<string[]> {
  return page.locator('.ant-select-dropdown:visible .ant-select-item-option').allTextContents();
}

/** An instant as the app prints it (dateTime: YYYY-MM-DD HH:mm, China time, where the browser runs). */
export function chinaDateTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The message a busy workflow's 202 shows: accepted, counted from its receipt, the outcome seen after 刷新. */
const ACCEPTED = '已受理：系统正在处理';

/**
 * Waits for the answer to a command the page sent: its success message, or — when the workflow did not take
 * the command within COMMAND_ADMISSION_MS, as on a busy machine — 已受理 (accepted), after which 刷新 shows the outcome.
 * Both are what the user is told of a command that will take effect; a test then checks the outcome itself.
 */
export async function commandAnswered(page: Page, success: string): Promise<void> {
  await page.getByText(success).or(page.getByText(ACCEPTED)).first().waitFor();
}

/**
 * Waits until a command the page sent has taken effect, as its user would see it: answered (see commandAnswered), then
 * `done` on the page — refreshed, as 已受理 asks, until it shows. A toast lasts seconds, so the outcome decides.
 */
export async function commandTookEffect(page: Page, success: string, done: Locator): Promise<void> {
  await page.getByText(success).or(page.getByText(ACCEPTED)).or(done).first().waitFor();
  await until(
    `${String(done)} after the command`,
    async () => {
      if (await done.first().isVisible()) return true;
      await page.getByRole('button', { name: /刷\s*新/ }).click();
      return undefined;
    },
    30_000,
    1_000,
  );
}
