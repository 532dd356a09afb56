// Department and supervisor actions in a real browser (headless Debian Chromium through playwright-core) against the
// whole product in this process: a co-handling department gives its input, the lead department sends the assignment
// back with a reason, a supervisor finds it in triage and refers it to another department picked from the department
// list, then extends its deadline with a reason, and the department sees the new date. Deadlines follow the official
// calendar here (no demo clock), so the dates on screen are the real ones. Screenshots go to test-output/screenshots/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiAs, submitIssue, until } from './support/api';
import { chinaDateTime, commandAnswered, commandTookEffect, expectCount, visibleOptions } from './support/actions';
import { chooseOption } from './support/popups';
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot, signIn, watchErrors } from './support/browser';
import { ensureWebBuild, startWebStack, type WebStack } from './support/web-stack';

const DEPUTY = 'deputy.zhouguoping';
const SUPERVISOR = 'supervisor.yueyangxian';
/** 清水村's water goes to the county water bureau, with 新墙镇's water station as co-handler (demo routing rules). */
const LEAD = 'dept.shuili.yueyangxian';
const CO_HANDLER = 'dept.shuili.xinqiang';
const CO_HANDLER_NAME = '新墙镇水利站';
const WATER_IN_QINGSHUI = { station: 'qingshui', place: 'qingshui', category: 'water' };
const DESCRIPTION = '清水村三组灌溉水渠多处垮塌，春耕在即，群众希望尽快修复。';
const INPUT = '经现场查看，垮塌段约120米，属新墙镇水利站日常管护范围，可安排本月内抢修。';
const SEND_BACK_REASON = '该水渠为村级灌溉渠，不属县水利局管理，建议交新墙镇水利站主办。';
const REFER_NOTE = '按退回意见改由新墙镇水利站主办。';
const EXTEND_REASON = '需等待汛前水位回落后施工，延长5个工作日。';

interface IssueDetail {
  status: string;
  dueAt: string | null;
  leadDepartment: { id: string; name: string } | null;
  assignments: { department: { name: string }; role: 'lead' | 'co'; status: string; dueAt: string }[];
}

/** The deadline of the department's current lead assignment: what its inbox shows. */
function leadDue(detail: IssueDetail): string {
  const lead = detail.assignments.filter((a) => a.role === 'lead' && a.department.name === CO_HANDLER_NAME).at(-1);
  if (!lead) throw new Error(`${CO_HANDLER_NAME} leads no assignment`);
  return lead.dueAt;
}

/** Every open page, so that a failing step leaves a screenshot of each to look at. */
const openPages: Page[] = [];
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const file = name.replace(/[^a-z0-9]+/gi, '-');
    await Promise.all(openPages.map((page, i) => screenshot(page, `failed-${file}-${i}`).catch(() => undefined)));
    throw error;
  }
}

describe('department and supervisor actions in a browser, against the whole product', () => {
  let stack: WebStack;
  let browser: Browser;
  let supervisorApi: ApiAs;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[][] = [];
  let issueId = '';

  async function open(viewport: { width: number; height: number }, username: string): Promise<Page> {
    const context = await newContext(browser, stack.baseUrl, viewport);
    contexts.push(context);
    const page = await context.newPage();
    openPages.push(page);
    pageErrors.push(watchErrors(page));
    await signIn(page, username);
    return page;
  }

  const issue = () => supervisorApi.get<IssueDetail>(`/api/issues/${issueId}`);

  beforeAll(async () => {
    ensureWebBuild();
    [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
    supervisorApi = new ApiAs(stack.baseUrl, SUPERVISOR);
    issueId = await submitIssue(stack.db, new ApiAs(stack.baseUrl, DEPUTY), WATER_IN_QINGSHUI, {
      description: DESCRIPTION,
    });
    await until('the issue to be referred to the county water bureau and its co-handler', async () => {
      const detail = await issue();
      return detail.status === 'assigned' && detail.assignments.length === 2 ? true : undefined;
    });
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

  it('a co-handling department finds the issue in its inbox and gives its input', async () => {
    const page = await open(DESKTOP, CO_HANDLER);
    await step('co-handler input', async () => {
      await page.getByRole('heading', { name: '待办事项' }).waitFor();
      await page.getByRole('tab', { name: '新交办' }).click();
      const card = page.getByRole('row').filter({ hasText: DESCRIPTION });
      await card.getByText('协办', { exact: true }).waitFor();
      await card.getByRole('link').click();
      await page.getByRole('heading', { name: '意见详情' }).waitFor();
      await page.getByRole('heading', { name: '协办意见' }).waitFor();
      await page.getByLabel('协办意见内容').fill(INPUT);
      await screenshot(page, 'a01-co-handler-input-desktop');
      await page.getByRole('button', { name: /^提\s*交$/ }).click();
      // The input now stands in the assignment record, and the form is gone: the co-handler has answered.
      await commandTookEffect(page, '协办意见已提交', page.getByText(INPUT));
      await expectCount(page.getByRole('heading', { name: '协办意见' }), 0);
      await page.getByText('协办意见', { exact: true }).first().waitFor(); // the timeline's event
      await screenshot(page, 'a02-co-handler-input-done-desktop');
    });
  });

  it('the lead department reads that input and sends the assignment back with a reason', async () => {
    const page = await open(PHONE, LEAD);
    await step('lead sends back', async () => {
      await page.getByRole('heading', { name: '待办事项' }).waitFor();
      await page.getByRole('row').filter({ hasText: DESCRIPTION }).getByRole('link').click();
      await page.getByRole('heading', { name: '意见详情' }).waitFor();
      await page.getByText(INPUT).first().waitFor();
      await page.getByRole('button', { name: /退\s*回/ }).click();
      const dialog = page.getByRole('dialog');
      // A reason is required: sending back without one names the field.
      await dialog.getByRole('button', { name: /退\s*回/ }).click();
      await dialog.getByText('请填写退回理由').waitFor();
      await dialog.getByLabel('退回理由').fill(SEND_BACK_REASON);
      await screenshot(page, 'a03-lead-send-back-phone');
      await dialog.getByRole('button', { name: /退\s*回/ }).click();
      await commandAnswered(page, '已退回，等待重新交办');
      await until('the issue to return to triage', async () =>
        (await issue()).status === 'triage' ? true : undefined,
      );
      await page.getByRole('button', { name: /刷新/ }).click();
      await page.getByText('待分办').first().waitFor();
      await page.getByText(SEND_BACK_REASON).first().waitFor();
      await screenshot(page, 'a04-lead-sent-back-phone');
    });
  });

  it('a supervisor finds it in triage with the reason and refers it to a department picked from the list', async () => {
    const page = await open(DESKTOP, SUPERVISOR);
    await step('supervisor triage and referral', async () => {
      await page.getByRole('heading', { name: '督办队列' }).waitFor();
      await page.getByRole('tab', { name: '待分办' }).click();
      await page.getByRole('link', { name: DESCRIPTION }).waitFor();
      await screenshot(page, 'a05-supervisor-triage-desktop');
      await page.getByRole('link', { name: DESCRIPTION }).click();
      await page.getByRole('heading', { name: '意见详情' }).waitFor();
      await page.getByText(SEND_BACK_REASON).first().waitFor();

      await page.getByRole('button', { name: /交\s*办/ }).click();
      const dialog = page.getByRole('dialog');
      const lead = dialog.getByLabel('主办单位', { exact: true });
      await lead.waitFor();
      // The picker lists the departments of the supervisor's county (GET /api/departments), not only those the
      // issue already names: no fallback notice, and a township office the issue never saw is there to pick.
      await expectCount(dialog.getByText('单位列表接口尚未提供', { exact: false }), 0);
      await lead.fill('荣家湾镇交通');
      await until('the department list to offer 荣家湾镇交通管理站', async () =>
        (await visibleOptions(page)).includes('荣家湾镇交通管理站') ? true : undefined,
      );
      await lead.fill('');
      await chooseOption(page, lead, CO_HANDLER_NAME, { search: CO_HANDLER_NAME });
      await dialog.getByLabel('交办说明').fill(REFER_NOTE);
      await screenshot(page, 'a06-supervisor-refer-desktop');
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await page.getByText('已交办', { exact: true }).first().waitFor();
      await until('the referral to reach the workflow', async () => {
        const detail = await issue();
        return detail.status === 'assigned' && detail.leadDepartment?.name === CO_HANDLER_NAME ? true : undefined;
      });
      await page.getByRole('button', { name: /刷新/ }).click();
      await page.getByRole('button', { name: /延\s*期/ }).waitFor();
      await screenshot(page, 'a07-supervisor-referred-desktop');
    });
  });

  it('a supervisor extends the deadline with a reason, and the department sees the new date', async () => {
    const before = await issue();
    const department = await open(PHONE, CO_HANDLER);
    await step('department sees the deadline before', async () => {
      await department.getByRole('heading', { name: '待办事项' }).waitFor();
      const card = department.getByRole('row').filter({ hasText: DESCRIPTION });
      await card.getByText('主办', { exact: true }).waitFor();
      await card.getByText(chinaDateTime(leadDue(before))).waitFor();
    });

    const page = await open(DESKTOP, SUPERVISOR);
    const after = await step('supervisor extends', async () => {
      await page.goto(`/issues/${issueId}`);
      await page.getByRole('button', { name: /延\s*期/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('延长工作日数').fill('5');
      await dialog.getByLabel('延期理由').fill(EXTEND_REASON);
      await screenshot(page, 'a08-supervisor-extend-desktop');
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await commandAnswered(page, '已延期');
      return until('the new deadline', async () => {
        const detail = await issue();
        return detail.dueAt !== before.dueAt ? detail : undefined;
      });
    });
    expect(Date.parse(after.dueAt!)).toBeGreaterThan(Date.parse(before.dueAt!));

    await step('department sees the new date', async () => {
      await department.reload();
      const card = department.getByRole('row').filter({ hasText: DESCRIPTION });
      // The lead assignment's deadline moved with the issue's.
      expect(leadDue(after)).toBe(after.dueAt);
      await card.getByText(chinaDateTime(leadDue(after))).waitFor();
      await expectCount(card.getByText(chinaDateTime(leadDue(before))), 0);
      await screenshot(department, 'a09-department-new-deadline-phone');
      await card.getByRole('link').click();
      await department.getByRole('heading', { name: '意见详情' }).waitFor();
      await department.getByText(chinaDateTime(after.dueAt!)).first().waitFor();
      await department.getByText('延期', { exact: true }).first().waitFor(); // the timeline's event
      await screenshot(department, 'a10-department-issue-extended-phone');
    });
  });
});
