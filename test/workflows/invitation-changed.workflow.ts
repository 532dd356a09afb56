// A deliberately non-deterministic edit of the invitation workflow, for the replay suite to reject: a timer before
// the advance notice that none of the recorded histories has, as an unguarded change to running logic would add.
import { sleep } from '@temporalio/workflow';
import type { InvitationWorkflowInput, InvitationWorkflowState } from '../../libs/contracts/src/invitation-workflow';
import { invitationWorkflow as current } from '../../workflows/invitation.workflow';

export async function invitationWorkflow(input: InvitationWorkflowInput): Promise<InvitationWorkflowState> {
  await sleep('1 minute');
  return await current(input);
}
