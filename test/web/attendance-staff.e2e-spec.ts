// The liaison office's phone-call journey (issue #13, item 6) in a real browser against the whole product with a real
// worker: the officer invites a deputy found by name (not from the proposals), the advance notice opens a phone call,
// the call list shows the deputy's phone masked until 查看号码 (the read is logged), the officer records what the
// deputy answered on the phone (leave, with the reason they gave) on their behalf, then the call's outcome; desktop
// and 360 px phone. Screenshots go to test-output/screenshots/attendance-staff-*.png.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chinaDateOf } from '@app/contracts';
import { maskPhone } from '../../apps/api/src/auth/masking';
import { addCalendarDays } from '../workflows/support/weekend-calendar';
import { expectCount } from './support/actions';
import { ApiAs, until } from './support/api';
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
const MEETING = '湘潭市人大常委会电话通知测试会议';
const REASON = '电话中告知：当日在外地出差，无法参会。';

const openPages: Page[] = [];
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const file = name.replace(/[^a-z0-9]+/gi, '-');
    await Promise.all(
      openPages.map((page, index) =>
        screenshot(page, `failed-attendance-staff-${file}-${index}`).catch(() => undefined),
      ),
    );
    throw error;
  }
}

describe('the phone-call journey of the liaison office, in a browser', () => {
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
    const errors = pageErrors.flatMap((list) => list.splice(0));
    expect(errors).toEqual([]);
  });

  it('invite a deputy by name, read their phone, record their answer on their behalf, then the call', async () => {
    // The meeting is planned through the API: the journey under test starts at inviting.
    const api = new ApiAs(stack.baseUrl, LIAISON);
    const date = addCalendarDays(chinaDateOf(Date.now()), 6);
    const terms = await api.get<{ id: string; startsOn: string; endsOn: string }[]>('/api/attendance/terms');
    const term = terms.find((candidate) => candidate.startsOn <= date && date <= candidate.endsOn)!;
    const created = await api.request<{ id: string }>('POST', '/api/attendance/meetings', {
      termId: term.id,
      title: MEETING,
      meetingDate: date,
      agenda: [{ title: '审议市人民政府关于城区黑臭水体治理工作情况的报告', committee: '城乡建设环境保护工作委员会' }],
    });
    expect(created.status).toBe(201);
    const meetingId = created.body.id;
    const [deputy] = await stack.db.query<{ id: string; name: string; phone: string }[]>(
      `SELECT d.id, d.name, d.phone FROM deputies d JOIN users u ON u.deputy_id = d.id WHERE u.username = $1`,
      [DEPUTY],
    );

    const page = await open(LIAISON, DESKTOP);
    await step('invite by name', async () => {
      await page.goto(`/attendance/meetings/${meetingId}`);
      await page.getByRole('heading', { level: 1, name: MEETING }).waitFor();
      await page.getByText('计划召开').first().waitFor();
      const card = page.locator('.ant-card', { hasText: '按姓名邀请代表' });
      // The deputy's employer tells the two 周红 of the term apart.
      const [{ employer }] = await stack.db.query<{ employer: string }[]>(
        `SELECT employer FROM deputies WHERE id = $1`,
        [deputy.id],
      );
      await chooseOption(page, card.getByLabel('输入代表姓名'), new RegExp(`^${deputy.name}（${employer}`), {
        search: deputy.name,
        multiple: true,
      });
      await card.getByRole('button', { name: '邀请所选代表' }).click();
      await page.getByText('已发出邀请，预告通知将自动发送').waitFor();
      await screenshot(page, 'attendance-staff-invite-by-name-desktop');
      const [row] = await stack.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM meeting_invitations WHERE meeting_id = $1 AND deputy_id = $2`,
        [meetingId, deputy.id],
      );
      expect(row.n).toBe(1);
    });

    await step('phone list', async () => {
      // The advance notice goes out through the worker; the call then waits in the list.
      await until('the phone call task', async () => {
        const [row] = await stack.db.query<{ phone_status: string | null }[]>(
          `SELECT phone_status FROM meeting_invitations WHERE meeting_id = $1`,
          [meetingId],
        );
        return row?.phone_status === 'pending' ? true : undefined;
      });
      await page.goto('/attendance/phone-tasks');
      await page.getByRole('heading', { level: 1, name: '待电话通知' }).waitFor();
      const row = page.locator('main tbody tr.ant-table-row', { hasText: MEETING });
      await expectCount(row, 1);
      const masked = maskPhone(deputy.phone);
      await row.getByText(masked).waitFor();
      expect(await row.textContent()).not.toContain(deputy.phone);
      expect(await unlabelledControls(page)).toEqual([]);
      await screenshot(page, 'attendance-staff-phone-tasks-desktop');

      await row.getByRole('button', { name: `查看号码 ${deputy.name}` }).click();
      await row.getByRole('link', { name: deputy.phone }).waitFor();
      const [logged] = await stack.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM data_access_log l JOIN users u ON u.id = l.user_id
          WHERE u.username = $1 AND l.issue_id IS NULL AND l.fields = ARRAY['deputies.phone']`,
        [LIAISON],
      );
      expect(logged.n).toBe(1);

      await row.getByRole('button', { name: `代登记请假 ${deputy.name}` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('请假事由（代表电话中所述）').fill(REASON);
      await screenshot(page, 'attendance-staff-on-behalf-leave-desktop');
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      await page.getByText(`已代${deputy.name}登记答复`).waitFor();
      await row.getByText(REASON).waitFor();
      await row.getByRole('cell', { name: '请假待审批', exact: true }).waitFor();

      await row.getByRole('button', { name: '已接通' }).click();
      await expectCount(page.locator('main tbody tr.ant-table-row', { hasText: MEETING }), 0);
    });

    // The timeline keeps who recorded the answer, and for whom.
    const [event] = await stack.db.query<{ username: string; data: { onBehalfOf?: { deputyId: string } } }[]>(
      `SELECT u.username, e.data FROM invitation_events e JOIN meeting_invitations i ON i.id = e.invitation_id
        JOIN users u ON u.id = e.actor_user_id WHERE i.meeting_id = $1 AND e.type = 'replied'`,
      [meetingId],
    );
    expect(event.username).toBe(LIAISON);
    expect(event.data.onBehalfOf?.deputyId).toBe(deputy.id);

    await step('meeting page after the call', async () => {
      await page.goto(`/attendance/meetings/${meetingId}`);
      await page.getByRole('tab', { name: '邀请与通知' }).click();
      const invitations = page.getByRole('tabpanel', { name: '邀请与通知' });
      await invitations.getByText(REASON).waitFor();
      await screenshot(page, 'attendance-staff-meeting-invitations-desktop');
    });
  });

  it('the phone-call list on a 360 px phone', async () => {
    const page = await open(LIAISON, PHONE);
    await step('phone list on a phone', async () => {
      await page.goto('/attendance/phone-tasks');
      await page.getByRole('heading', { level: 1, name: '待电话通知' }).waitFor();
      await expectCount(page.locator('h1'), 1);
      expect(await unlabelledControls(page)).toEqual([]);
      await screenshot(page, 'attendance-staff-phone-tasks-phone');
    });
  });
});
