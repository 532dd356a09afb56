// A deliberately non-deterministic edit of the issue workflow, for the replay suite to reject: it starts with a
// timer that none of the recorded histories has, as an unguarded change to running logic would.
import { sleep } from '@temporalio/workflow';
import type { IssueWorkflowInput, IssueWorkflowState } from '../../../libs/contracts/src/issue-workflow';
import { issueWorkflow as currentIssueWorkflow } from '../../../workflows/issue.workflow';

export async function issueWorkflow(input: IssueWorkflowInput): Promise<IssueWorkflowState> {
  await sleep('1 minute');
  return await currentIssueWorkflow(input);
}
