// An undecided submission on the real worker, on the demo clock (a working day lasts a second): its deputy is
// reminded, then the station's liaison officer told, each once, stamped on the submission; a decision ends it.
import { voterSubmissionWorkflowId } from '@app/contracts';
import { TemporalClientService } from '@app/temporal';
import { expectStatus, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import { userEmail } from '../issues/support/issues';
import { observeCaptchas, submissionBody, type Receipt } from './support';

observeCaptchas();

describe('an undecided voter submission', () => {
  let t: IssueTestApp;
  beforeAll(async () => {
    t = await startIssueApp({
      worker: true,
      env: {
        DEMO_WORKING_DAY_SECONDS: '1',
        VOTER_SUBMISSION_REMIND_WORKING_DAYS: '2',
        VOTER_SUBMISSION_ESCALATE_WORKING_DAYS: '4',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reminds the deputy, then tells the liaison officer, once each; the decision ends its workflow', async () => {
    const receipt = expectStatus<Receipt>(
      await t.http.post('/api/public/voter/submissions', await submissionBody(t.http, t.db)),
      201,
    );
    const reminder = await t.mail.waitFor(
      (m) => m.to.includes(userEmail('deputy.zhangzhiqiang')) && m.subject.includes('【提醒】'),
      30_000,
    );
    expect(reminder.text).toContain(`/voter-submissions/${receipt.submissionId}`);
    const escalation = await t.mail.waitFor(
      (m) => m.to.includes(userEmail('liaison.rongjiawan')) && m.subject.includes('【督促】'),
      30_000,
    );
    expect(escalation.text).toContain('张志强');
    // The deputy gets a copy of the escalation: the whole mail set is known before it is counted below.
    await t.mail.waitFor(
      (m) => m.to.includes(userEmail('deputy.zhangzhiqiang')) && m.subject.includes('【督促】'),
      30_000,
    );
    const deputy = await t.tokenOf('deputy.zhangzhiqiang');
    const seen = expectStatus<{ remindedAt: string | null; escalatedAt: string | null }>(
      await t.http.get(`/api/voter-submissions/${receipt.submissionId}`, deputy),
      200,
    );
    expect(seen.remindedAt).not.toBeNull();
    expect(seen.escalatedAt).not.toBeNull();

    expectStatus(
      await t.http.post(
        `/api/voter-submissions/${receipt.submissionId}/decline`,
        { reason: '已当面答复选民。' },
        await t.tokenOf('liaison.rongjiawan'),
      ),
      200,
    );
    const handle = t.app
      .get(TemporalClientService)
      .client.workflow.getHandle(voterSubmissionWorkflowId(receipt.submissionId));
    await expect(handle.result()).resolves.toBe('decided_after_escalation');
    const notices = t.mail
      .list()
      .filter((m) => m.text.includes(`/voter-submissions/${receipt.submissionId}`))
      .map((m) => `${m.to.join(',')} ${m.subject.slice(0, 4)}`);
    expect(notices.sort()).toEqual(
      [
        `${userEmail('deputy.zhangzhiqiang')} 【提醒】`,
        `${userEmail('deputy.zhangzhiqiang')} 【督促】`,
        `${userEmail('liaison.rongjiawan')} 【督促】`,
      ].sort(),
    );
  });
});
