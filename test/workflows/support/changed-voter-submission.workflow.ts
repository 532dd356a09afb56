// A deliberately non-deterministic change of the voter-submission workflow (a timer before anything else), to prove
// that the replay suite catches such a change.
import { sleep } from '@temporalio/workflow';
import type {
  VoterSubmissionInput,
  VoterSubmissionOutcome,
} from '../../../libs/contracts/src/voter-submission-workflow';
import { voterSubmissionWorkflow as current } from '../../../workflows/voter-submission.workflow';

export async function voterSubmissionWorkflow(input: VoterSubmissionInput): Promise<VoterSubmissionOutcome> {
  await sleep('1 second');
  return current(input);
}
