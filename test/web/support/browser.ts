// One headless Debian Chromium per suite, driven by playwright-core; screenshots go to test-output/screenshots/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findProjectRoot } from '@app/stack';

export const SCREENSHOTS = join(findProjectRoot(), 'test-output', 'screenshots');

export const PHONE = { width: 360, height: 740 } as const;
export const DESKTOP = { width: 1280, height: 860 } as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser profile (its own storage), in Chinese, on China time, at a phone's or a desktop's size. */
export async function newContext(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number },
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    hasTouch: viewport.width < 600,
    isMobile: viewport.width < 600,
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Collects what the page reports going wrong, so a test can assert there was nothing. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Chrome logs every answer of 4xx/5xx and every request the network refused ("Failed to load resource"): the
    // app shows those to the user, and the tests check what it shows. Anything else logged as an error is a bug.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // From the top: a full-page shot of a scrolled page draws the sticky header where the viewport was.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path, fullPage: true });
  return path;
}

export async function signIn(page: Page, username: string, password = 'lianluo-demo'): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * Inputs without an accessible name: every input, select and text area must be labelled (a <label>, aria-label or
 * aria-labelledby), so a screen reader can say what it is for.
 */
export function unlabelledControls(page: Page): Promise<string[]> {
  // A string, evaluated in the page: the suites compile without the DOM library.
  return page.evaluate<
    string[]
  >(`[...document.querySelectorAll('input:not([type=hidden]), textarea, select, [role=combobox]')]
    .filter((el) => {
      if (el.closest('[aria-hidden=true]') || el.offsetParent === null) return false;
      if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return false;
      if (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]')) return false;
      return !el.closest('label');
    })
    .map((el) => el.outerHTML.slice(0, 120))`);
}

/** Words a zh-CN screen may show in Latin letters: names of file kinds users know, units, the language switch. */
const LATIN_ALLOWED = new Set(['Excel', 'Word', 'PDF', 'MB', 'English']);
/** A readable issue number (事项编号): region prefix, year, sequence. */
const ISSUE_NUMBER = /^[A-Z]{2,8}-\d{4}-\d{3,}$/;

/**
 * The Latin-letter words in what a zh-CN page shows (its rendered text, not attributes): raw codes (`no_rule`,
 * region slugs), English error text or labels a Chinese user should never have to read. Single letters (A/B/C 类)
 * and issue numbers are Chinese usage; e-mail addresses and file names are data.
 */
export async function latinLeaks(page: Page): Promise<string[]> {
  // A file's extension (路面照片.jpg) is part of its name, which is data.
  const text = (await page.locator('body').innerText()).replace(/\.[A-Za-z0-9]{1,5}\b/g, '');
  const words = text.match(/[A-Za-z][A-Za-z0-9_.@-]*[A-Za-z0-9]|[A-Za-z]/g) ?? [];
  return [...new Set(words)].filter(
    (word) => word.length > 1 && !word.includes('@') && !ISSUE_NUMBER.test(word) && !LATIN_ALLOWED.has(word),
  );
}
