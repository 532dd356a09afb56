// A workflow that records one transition with the issue workflow's retry policy (no attempt limit, backing off to a
// minute): what the issue workflow does at each step, minus everything else, so that a poisoned input can be fed to
// the real recordTransition activity through a real worker.
import { proxyActivities } from '@temporalio/workflow';
import type { IssueActivities, RecordTransitionInput } from '../../../libs/contracts/src';

const { recordTransition } = proxyActivities<IssueActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function poisonedStep(input: RecordTransitionInput): Promise<void> {
  await recordTransition(input);
}
