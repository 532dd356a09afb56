// Owns the policy an issue's workflow is started with: the contract's defaults, with the reply deadlines the
// operator configured (DEADLINE_NORMAL_WORKING_DAYS, DEADLINE_URGENT_WORKING_DAYS). It is fixed into the workflow
// input at intake, so a later change of configuration never moves a running issue's clock.
import { ConfigError, type AppConfig } from '@app/config';
import {
  ISSUE_URGENCIES,
  defaultIssuePolicy,
  validateIssuePolicy,
  type IssuePolicy,
  type IssueUrgency,
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
