// The bulk import of deputies and users in a real browser (headless Chromium against the whole product in this
// process, see support/web-stack.ts): the administrator downloads the template from the users page, fills it in
// (here with exceljs), uploads it with one bad row and reads the report in Chinese, with nothing written; corrects
// the row, uploads again, confirms, and reads each new user's one-time password once. Screenshots go to
// test-output/screenshots/.
import { Workbook } from 'exceljs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot, signIn, watchErrors } from './support/browser';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('bulk import of deputies and users in a browser', () => {
  let stack: WebStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  const openPages: Page[] = [];

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const context = await newContext(browser, stack.baseUrl, viewport);
    contexts.push(context);
    const page = await context.newPage();
    openPages.push(page);
    pageErrors.push(watchErrors(page));
    return page;
  }

  async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const file = name.replace(/[^a-z0-9]+/gi, '-');
      await Promise.all(
        openPages.map((page, i) => screenshot(page, `failed-user-import-${file}-${i}`).catch(() => undefined)),
      );
      throw error;
    }
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

  async function download(button: Locator): Promise<{ name: string; body: Buffer }> {
    const [file] = await Promise.all([button.page().waitForEvent('download'), button.click()]);
    const chunks: Buffer[] = [];
    for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
    return { name: file.suggestedFilename(), body: Buffer.concat(chunks) };
  }

  async function filled(template: Buffer, department: string): Promise<Buffer> {
    const workbook = new Workbook();
    await workbook.xlsx.load(template as unknown as ArrayBuffer);
    workbook
      .getWorksheet('代表')!
      .addRow(['卫明', '女', '县人大代表', '荣家湾镇中心小学', '教师', '13807309101', '荣家湾镇人大代表之家', '']);
    const users = workbook.getWorksheet('用户')!;
    users.addRow(['deputy.weiming', '卫明', '人大代表', '', '', '卫明', '']);
    users.addRow(['dept.import.web', '蒋承办', '承办部门', '', department, '', '']);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  async function usersNamed(...usernames: string[]): Promise<number> {
    const [row] = await stack.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM users WHERE username = ANY($1)`,
      [usernames],
    );
    return row.n;
  }

  it('reports a bad row and imports nothing; imports the corrected file and shows the passwords once', async () => {
    const page = await open(DESKTOP);
    await signIn(page, 'admin');
    await page.goto('/admin/users');
    await page.getByRole('button', { name: /导\s*入/ }).click();
    const dialog = page.getByRole('dialog', { name: '批量导入代表和用户' });

    const template = await step('template', async () => {
      const file = await download(dialog.getByRole('button', { name: '下载模板' }));
      expect(file.name).toBe('代表和用户导入模板.xlsx');
      return file.body;
    });

    await step('bad row', async () => {
      await dialog.locator('input[type=file]').setInputFiles({
        name: '导入.xlsx',
        mimeType: XLSX,
        buffer: await filled(template, '没有这个单位'),
      });
      const problems = dialog.getByTestId('import-problems');
      await problems.getByText('没有名为“没有这个单位”的承办单位').waitFor();
      await dialog.getByText('发现 1 处问题').waitFor();
      const row = problems.locator('tr', { hasText: '没有这个单位' });
      expect(await row.locator('td').allInnerTexts()).toEqual([
        '用户',
        '3',
        '承办单位',
        '没有名为“没有这个单位”的承办单位',
      ]);
      expect(await dialog.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
      await screenshot(page, 'user-import-report-desktop');
      expect(await usersNamed('deputy.weiming', 'dept.import.web')).toBe(0);
    });

    const passwords = await step('import', async () => {
      await dialog.locator('input[type=file]').setInputFiles({
        name: '导入-改正.xlsx',
        mimeType: XLSX,
        buffer: await filled(template, 'shuili.xinqiang'),
      });
      await dialog.getByText('检查通过：将导入 1 名代表、2 个用户。').waitFor();
      await dialog.getByRole('button', { name: '确认导入' }).click();
      await dialog.getByText('已导入 1 名代表、2 个用户。').waitFor();
      const table = dialog.getByTestId('import-passwords');
      const rows = table.locator('tbody tr');
      await rows.first().waitFor();
      const texts = await rows.allInnerTexts();
      expect(texts).toHaveLength(2);
      await screenshot(page, 'user-import-passwords-desktop');
      return texts;
    });
    expect(passwords[0]).toMatch(/deputy\.weiming\s+卫明\s+[a-z2-9]{12}/);
    expect(await usersNamed('deputy.weiming', 'dept.import.web')).toBe(2);

    await step('list', async () => {
      await dialog.getByRole('button', { name: '我已记下，关闭' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const search = page.getByLabel('搜索用户名或姓名');
      await search.fill('import.web');
      await search.press('Enter');
      await page.locator('tr', { hasText: 'dept.import.web' }).getByText('待改密码').waitFor();
    });
  });

  it('refuses a file that only pretends to be a workbook, in Chinese, on a phone', async () => {
    const page = await open(PHONE);
    await signIn(page, 'admin');
    await page.goto('/admin/users');
    await page.getByRole('button', { name: /导\s*入/ }).click();
    await step('phone', async () => {
      const dialog = page.getByRole('dialog', { name: '批量导入代表和用户' });
      await dialog.locator('input[type=file]').setInputFiles({
        name: '代表名单.xlsx',
        mimeType: XLSX,
        buffer: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'),
      });
      await dialog.getByText('只接受 Excel（.xlsx）文件，请上传填好的模板').waitFor();
      expect(await dialog.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
      await screenshot(page, 'user-import-wrong-file-phone');
    });
  });
});
