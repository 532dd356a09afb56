// The voter-submission workflow on Temporal's time-skipping test server with in-memory activities and a calendar of
// weekends plus the holidays a test names: an undecided submission is reminded at the end of its reminder working
// day, escalated at the end of its escalation working day, and ends when the decision is signalled; one decided in
// time is never reminded. With RECORD_HISTORIES=1 the runs are kept as replay fixtures (voter-submission.replay.e2e-spec.ts).
import { addWorkingDays, calendarFromDays, chinaDay, endOfChinaDay, type WorkingCalendar } from '@app/calendar';
import {
  submissionDecidedSignal,
  VOTER_SUBMISSION_WORKFLOW_TYPE,
  voterSubmissionWorkflowId,
  type VoterSubmissionActivities,
  type VoterSubmissionNoticeInput,
} from '@app/contracts';
import type { voterSubmissionWorkflow } from '../../workflows';
import { keepHistoryIfRecording, TimeSkippingHarness } from './support/time-skipping';
import { VOTER_SUBMISSION_HISTORIES_DIR } from './support/voter-submission-histories';

const POLICY = { remindAfterWorkingDays: 2, escalateAfterWorkingDays: 4 };

class VoterSubmissionHarness extends TimeSkippingHarness {
  readonly taskQueue = 'voter-submission-workflow-tests';
  readonly notices: VoterSubmissionNoticeInput[] = [];
  calendar: WorkingCalendar = calendarFromDays([]);
  private sequence = 0;

  protected workerActivities(): VoterSubmissionActivities {
    return {
      computeDeadlines: ({ fromInstant, workingDays }) =>
        Promise.resolve(
          workingDays.map((n) =>
            endOfChinaDay(addWorkingDays(chinaDay(new Date(fromInstant)), n, this.calendar)).toISOString(),
          ),
        ),
      sendSubmissionNotice: (input) => {
        this.notices.push(input);
        return Promise.resolve();
      },
    };
  }

  async start(submittedAt: string) {
    this.sequence += 1;
    const submissionId = `submission-${this.sequence}`;
    const handle = await this.env.client.workflow.start<typeof voterSubmissionWorkflow>(
      VOTER_SUBMISSION_WORKFLOW_TYPE,
      {
        taskQueue: this.taskQueue,
        workflowId: voterSubmissionWorkflowId(submissionId),
        args: [{ submissionId, submittedAt, policy: POLICY }],
      },
    );
    return { submissionId, handle };
  }

  noticesOf(submissionId: string): string[] {
    return this.notices.filter((n) => n.submissionId === submissionId).map((n) => n.kind);
  }

  async advanceTo(instant: string, afterMs: number): Promise<void> {
    const target = Date.parse(instant) + afterMs;
    const now = await this.env.currentTimeMs();
    if (target > now) await this.env.sleep(target - now);
  }

  async waitFor(what: string, probe: () => boolean): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

const harness = new VoterSubmissionHarness();
beforeAll(() => harness.setUp(), 60_000);
afterAll(() => harness.tearDown());

/** An instant on the first Friday (China time, 10:00) at least a week after the server's now. */
async function nextFriday(): Promise<Date> {
  const day = new Date((await harness.env.currentTimeMs()) + 7 * 86_400_000);
  while (new Date(day.getTime() + 8 * 3_600_000).getUTCDay() !== 5) day.setTime(day.getTime() + 86_400_000);
  const date = new Date(day.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  return new Date(`${date}T10:00:00+08:00`);
}

const chinaDate = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);

test('an undecided submission is reminded after 2 working days, escalated after 4 (over a weekend and a holiday), then decided', async () => {
  const friday = await nextFriday();
  // Submitted on a Friday; Monday is a holiday: working days are Tue, Wed (reminder), Thu, Fri (escalation).
  const monday = chinaDate(friday, 3);
  harness.calendar = calendarFromDays([{ day: monday, kind: 'holiday' }]);
  const remindAt = new Date(`${chinaDate(friday, 5)}T23:59:59.999+08:00`).toISOString();
  const escalateAt = new Date(`${chinaDate(friday, 7)}T23:59:59.999+08:00`).toISOString();
  await harness.advanceTo(friday.toISOString(), 0);
  const { submissionId, handle } = await harness.start(friday.toISOString());

  await harness.advanceTo(remindAt, -60_000);
  expect(harness.noticesOf(submissionId)).toEqual([]);
  await harness.advanceTo(remindAt, 1_000);
  await harness.waitFor('the reminder', () => harness.noticesOf(submissionId).length === 1);
  expect(harness.noticesOf(submissionId)).toEqual(['reminder']);

  await harness.advanceTo(escalateAt, -60_000);
  expect(harness.noticesOf(submissionId)).toEqual(['reminder']);
  await harness.advanceTo(escalateAt, 1_000);
  await harness.waitFor('the escalation', () => harness.noticesOf(submissionId).length === 2);
  expect(harness.noticesOf(submissionId)).toEqual(['reminder', 'escalation']);

  await handle.signal(submissionDecidedSignal);
  expect(await handle.result()).toBe('decided_after_escalation');
  expect(harness.noticesOf(submissionId)).toEqual(['reminder', 'escalation']);
  await keepHistoryIfRecording(handle, VOTER_SUBMISSION_HISTORIES_DIR, 'voter-submission-reminded-escalated-decided');
});

test('a submission decided before its reminder is never reminded', async () => {
  harness.calendar = calendarFromDays([]);
  const friday = await nextFriday();
  await harness.advanceTo(friday.toISOString(), 0);
  const { submissionId, handle } = await harness.start(friday.toISOString());
  await harness.advanceTo(friday.toISOString(), 3_600_000);
  await handle.signal(submissionDecidedSignal);
  expect(await handle.result()).toBe('decided');
  expect(harness.noticesOf(submissionId)).toEqual([]);
  await keepHistoryIfRecording(handle, VOTER_SUBMISSION_HISTORIES_DIR, 'voter-submission-decided-in-time');
});
