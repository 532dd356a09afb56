// Owns how an issue's workflow is started, for the API's intake and the worker's intake reconciler alike: its id,
// its input (the policy: the contract's defaults with the reply deadlines the operator configured,
// DEADLINE_NORMAL_WORKING_DAYS and DEADLINE_URGENT_WORKING_DAYS, fixed into the input so that a later change of
// configuration never moves a running issue's clock) and its id policies, so that whoever starts it first wins and
// every other start is a no-op.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { ConfigError, type AppConfig } from '@app/config';
import {
  ISSUE_URGENCIES,
  ISSUE_WORKFLOW_TYPE,
  defaultIssuePolicy,
  issueWorkflowId,
  validateIssuePolicy,
  type IssuePolicy,
  type IssueUrgency,
  type IssueWorkflowInput,
} from '@app/contracts';

const DEADLINE_VARIABLES: Readonly<Record<IssueUrgency, keyof AppConfig>> = {
  normal: 'DEADLINE_NORMAL_WORKING_DAYS',
  urgent: 'DEADLINE_URGENT_WORKING_DAYS',
};

type DeadlineSettings = Pick<AppConfig, 'DEADLINE_NORMAL_WORKING_DAYS' | 'DEADLINE_URGENT_WORKING_DAYS'>;

export function issuePolicyFor(urgency: IssueUrgency, config: DeadlineSettings): IssuePolicy {
  const policy = defaultIssuePolicy(urgency);
  const replyWorkingDays =
    urgency === 'urgent' ? config.DEADLINE_URGENT_WORKING_DAYS : config.DEADLINE_NORMAL_WORKING_DAYS;
  // Co-handlers answer before the lead must: keep their share below a shortened reply deadline.
  const coHandlerWorkingDays = Math.max(1, Math.min(policy.coHandlerWorkingDays, replyWorkingDays - 1));
  return { ...policy, replyWorkingDays, coHandlerWorkingDays };
}

/** Throws a ConfigError naming the variable when a configured deadline makes a policy the workflow would refuse. */
export function assertIssuePoliciesUsable(config: DeadlineSettings): void {
  const problems = ISSUE_URGENCIES.flatMap((urgency) =>
    validateIssuePolicy(issuePolicyFor(urgency, config)).map(
      (problem) => `${DEADLINE_VARIABLES[urgency]} gives an unusable issue policy: ${problem} (use at least 2)`,
    ),
  );
  if (problems.length) throw new ConfigError(problems);
}

/** What an issue's workflow is started with: the one builder of its input. */
export function issueWorkflowInput(
  issueId: string,
  urgency: IssueUrgency,
  config: DeadlineSettings,
): IssueWorkflowInput {
  return { issueId, urgency, policy: issuePolicyFor(urgency, config) };
}

type StartSettings = DeadlineSettings & Pick<AppConfig, 'TEMPORAL_TASK_QUEUE'>;

/**
 * Starts the issue's workflow (id `issue-<id>`) unless it was ever started: a running one is left as it is and a
 * closed one is never started again (REJECT_DUPLICATE, and FAIL on a running one, both answered as "already there").
 * Returns true when this call started it, false when it already existed. Any other failure is thrown.
 */
export async function startIssueWorkflow(
  client: Client,
  issue: { id: string; urgency: IssueUrgency },
  config: StartSettings,
): Promise<boolean> {
  try {
    await client.workflow.start(ISSUE_WORKFLOW_TYPE, {
      workflowId: issueWorkflowId(issue.id),
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [issueWorkflowInput(issue.id, issue.urgency, config)],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}
