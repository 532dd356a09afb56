// Owns how a voter submission's workflow is started, for the API's submission and the worker's voter intake
// reconciler alike: its id, its input (the reminder and escalation working days fixed at the start, so a later change
// of configuration never moves a running submission's clock) and its id policies, so that whoever starts it first
// wins and every other start is a no-op.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { AppConfig } from '@app/config';
import { VOTER_SUBMISSION_WORKFLOW_TYPE, voterSubmissionWorkflowId, type VoterSubmissionInput } from '@app/contracts';

type StartSettings = Pick<
  AppConfig,
  'TEMPORAL_TASK_QUEUE' | 'VOTER_SUBMISSION_REMIND_WORKING_DAYS' | 'VOTER_SUBMISSION_ESCALATE_WORKING_DAYS'
>;

/** What a submission's workflow is started with: the one builder of its input. */
export function voterSubmissionWorkflowInput(
  submissionId: string,
  submittedAt: Date,
  config: StartSettings,
): VoterSubmissionInput {
  return {
    submissionId,
    submittedAt: submittedAt.toISOString(),
    policy: {
      remindAfterWorkingDays: config.VOTER_SUBMISSION_REMIND_WORKING_DAYS,
      escalateAfterWorkingDays: config.VOTER_SUBMISSION_ESCALATE_WORKING_DAYS,
    },
  };
}

/**
 * Starts the submission's workflow (id `voter-submission-<id>`) unless it was ever started (REJECT_DUPLICATE, and
 * FAIL on a running one, both answered as "already there"). Returns true when this call started it, false when it
 * already existed. Any other failure is thrown.
 */
export async function startVoterSubmissionWorkflow(
  client: Client,
  submission: { id: string; submittedAt: Date },
  config: StartSettings,
): Promise<boolean> {
  try {
    await client.workflow.start(VOTER_SUBMISSION_WORKFLOW_TYPE, {
      workflowId: voterSubmissionWorkflowId(submission.id),
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [voterSubmissionWorkflowInput(submission.id, submission.submittedAt, config)],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}
