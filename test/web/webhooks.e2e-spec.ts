// The webhook endpoints screen in a real browser against the whole product (support/web-stack.ts) and a real receiver
// that verifies signatures: the administrator registers an endpoint and reads its secret once, an issue's events reach
// the receiver, the delivery log shows them delivered, a redelivery sends one again, and pause and resume show.
// Screenshots go to test-output/screenshots/.
import { Client, Connection } from '@temporalio/client';
import { PersonalDataCipher } from '@app/personal-data';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { WebhookActivitiesRepository } from '../../apps/worker/src/webhooks/webhook-activities.repository';
import { WebhookDispatcher } from '../../apps/worker/src/webhooks/webhook-dispatcher';
import { Receiver } from '../webhooks/support/receiver';
import { expectAccessibleBasics } from './support/actions';
import { ApiAs, submitIssue, until } from './support/api';
import { DESKTOP, launchBrowser, newContext, screenshot, signIn, watchErrors } from './support/browser';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

describe('the webhook endpoints screen in a browser', () => {
  let stack: WebStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let connection: Connection;
  let dispatcher: WebhookDispatcher;
  const receiver = new Receiver();

  beforeAll(async () => {
    ensureWebBuild();
    [stack, browser] = await Promise.all([
      startWebStack({ WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_INITIAL_SECONDS: '1' }),
      launchBrowser(),
    ]);
    // As runWorker does beside the worker.
    connection = await Connection.connect({ address: stack.config.TEMPORAL_ADDRESS });
    dispatcher = new WebhookDispatcher(
      new WebhookActivitiesRepository(stack.db, new PersonalDataCipher(stack.config)),
      new Client({ connection, namespace: stack.config.TEMPORAL_NAMESPACE }),
      stack.config,
      200,
    );
    dispatcher.start();
    context = await newContext(browser, stack.baseUrl, DESKTOP);
    page = await context.newPage();
    errors = watchErrors(page);
    await signIn(page, 'admin');
  }, 180_000);

  afterAll(async () => {
    await dispatcher?.stop();
    await connection?.close();
    await context?.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
    await receiver.close();
  });

  afterEach(() => {
    expect(errors.splice(0)).toEqual([]);
  });

  it('registers an endpoint, shows its secret once, its deliveries with attempts, redelivers, pauses and resumes', async () => {
    const url = await receiver.start();
    await page.getByRole('link', { name: 'Webhook 推送' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhook 推送端点' }).waitFor();
    await page.getByText('尚未登记推送端点').waitFor();
    await expectAccessibleBasics(page);

    await page.getByRole('button', { name: /登记端点/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('县12345热线平台');
    await dialog.getByLabel('推送地址').fill('https://user:pw@hooks.example.org/');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('推送地址中不能包含用户名或密码').waitFor();
    await dialog.getByLabel('推送地址').fill(url);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();

    const secretDialog = page.getByRole('dialog', { name: '端点密钥（仅显示这一次）' });
    const secret = (await secretDialog.locator('code').innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    receiver.secret = secret;
    await screenshot(page, 'admin-webhooks-secret-desktop');
    await secretDialog.getByRole('button', { name: /关\s*闭|Close/ }).click();
    await page.getByRole('cell', { name: '县12345热线平台' }).waitFor();
    await page.getByText('推送中').waitFor();

    const issueId = await submitIssue(
      stack.db,
      new ApiAs(stack.baseUrl, 'deputy.zhangzhiqiang'),
      { station: 'rongjiawan', place: 'chengdong', category: 'roads' },
      { description: '建设路路面塌陷，车辆绕行' },
    );
    await until('the assigned event at the receiver', () =>
      receiver.takenFor(issueId).some((e) => e.type === 'cn.lianluo.issue.assigned') ? true : undefined,
    );

    await page.getByRole('button', { name: '推送记录' }).click();
    const drawer = page.getByRole('dialog', { name: /推送记录/ });
    await drawer.getByRole('cell', { name: '登记', exact: true }).waitFor();
    await drawer.getByRole('cell', { name: '交办', exact: true }).waitFor();
    expect(await drawer.getByText('已送达').count()).toBe(2);
    await screenshot(page, 'admin-webhooks-deliveries-desktop');

    // The first event again: the same CloudEvents id reaches the receiver a second time.
    const received = drawer.getByRole('row').filter({ hasText: '登记' });
    await received.getByRole('button', { name: '重新推送' }).click();
    await page.getByText('已加入推送队列').waitFor();
    await until('the redelivered event', () => (receiver.takenFor(issueId).length === 3 ? true : undefined));
    expect(receiver.takenFor(issueId)[2].id).toBe(receiver.takenFor(issueId)[0].id);
    await drawer.getByRole('button', { name: /Close|关闭/ }).click();

    await page.getByRole('button', { name: /暂\s*停/ }).click();
    await page.getByText('管理员暂停').waitFor();
    await page.getByRole('button', { name: /恢\s*复/ }).click();
    await page.getByText('推送中').waitFor();
    await screenshot(page, 'admin-webhooks-list-desktop');
  });
});
