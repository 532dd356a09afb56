// One workflow per voter submission (id voter-submission-<id>): it waits for the deputy's decision, reminds the
// deputy at the end of the configured working day, then tells the station's liaison officer, and ends when the API
// signals the decision. Deterministic: time comes from the working calendar through an activity, waits are timers.
import { ApplicationFailure, condition, proxyActivities, setHandler, type RetryPolicy } from '@temporalio/workflow';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../libs/contracts/src/activity-liveness';
import {
  submissionDecidedSignal,
  validateVoterSubmissionPolicy,
  type VoterSubmissionActivities,
  type VoterSubmissionInput,
  type VoterSubmissionOutcome,
} from '../libs/contracts/src/voter-submission-workflow';
import { DeadlineCalendar } from './deadline-calendar';

// Outages are waited out, as in the other workflows: retry without a limit, backing off to once every 10 s.
const retry: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' };

const { computeDeadlines, sendSubmissionNotice } = proxyActivities<VoterSubmissionActivities>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry,
});

export async function voterSubmissionWorkflow(input: VoterSubmissionInput): Promise<VoterSubmissionOutcome> {
  try {
    validateVoterSubmissionPolicy(input.policy);
  } catch (error) {
    throw ApplicationFailure.nonRetryable((error as Error).message, 'InvalidPolicy');
  }
  let decided = false;
  setHandler(submissionDecidedSignal, () => {
    decided = true;
  });

  const calendar = new DeadlineCalendar(computeDeadlines);
  const [remindAt, escalateAt] = await calendar.deadlines(input.submittedAt, [
    input.policy.remindAfterWorkingDays,
    input.policy.escalateAfterWorkingDays,
  ]);
  const until = (instant: string) => Math.max(0, Date.parse(instant) - Date.now());

  if (await condition(() => decided, until(remindAt))) return 'decided';
  await sendSubmissionNotice({ submissionId: input.submissionId, kind: 'reminder' });
  if (await condition(() => decided, until(escalateAt))) return 'decided_after_reminder';
  await sendSubmissionNotice({ submissionId: input.submissionId, kind: 'escalation' });
  await condition(() => decided);
  return 'decided_after_escalation';
}
