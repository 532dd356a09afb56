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
