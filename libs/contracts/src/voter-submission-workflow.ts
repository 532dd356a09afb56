// The contract of a voter's submission (代表码 / 民情码): what the API starts, the decision it signals, and the one
// activity the workflow needs beyond the working calendar. The workflow only keeps time: it reminds the deputy and
// escalates to the station's liaison officer while the submission is undecided; the decision itself is the API's.
import { defineSignal } from '@temporalio/workflow';
import type { ComputeDeadlinesInput } from './issue-workflow';

export const VOTER_SUBMISSION_WORKFLOW_TYPE = 'voterSubmissionWorkflow';

export function voterSubmissionWorkflowId(submissionId: string): string {
  return `voter-submission-${submissionId}`;
}

export interface VoterSubmissionPolicy {
  /** Working days after the submission day at whose end the deputy is reminded. */
  remindAfterWorkingDays: number;
  /** Working days after the submission day at whose end the station's liaison officer is told (after the reminder). */
  escalateAfterWorkingDays: number;
}

export interface VoterSubmissionInput {
  submissionId: string;
  /** When the voter submitted (ISO instant): the working days count from its China day. */
  submittedAt: string;
  policy: VoterSubmissionPolicy;
}

export type VoterSubmissionNoticeKind = 'reminder' | 'escalation';

export interface VoterSubmissionNoticeInput {
  submissionId: string;
  kind: VoterSubmissionNoticeKind;
}

export type VoterSubmissionOutcome = 'decided' | 'decided_after_reminder' | 'decided_after_escalation';

/** The API signals this once the deputy (or the liaison officer) has accepted, merged or declined. */
export const submissionDecidedSignal = defineSignal('submissionDecided');

export interface VoterSubmissionActivities {
  /** Working-day instants on the official calendar (the issue activity of the same name). */
  computeDeadlines(input: ComputeDeadlinesInput): Promise<string[]>;
  /**
   * Mails the deputy (reminder) or the liaison officer and the deputy (escalation) when the submission is still
   * undecided, and stamps the submission; does nothing once decided. Once per submission and kind, however retried.
   */
  sendSubmissionNotice(input: VoterSubmissionNoticeInput): Promise<void>;
}

/** Refuses a policy the workflow could not keep (escalation not after the reminder). */
export function validateVoterSubmissionPolicy(policy: VoterSubmissionPolicy): void {
  const { remindAfterWorkingDays: remind, escalateAfterWorkingDays: escalate } = policy;
  if (!Number.isInteger(remind) || remind < 1 || !Number.isInteger(escalate) || escalate <= remind) {
    throw new Error(`Voter submission policy needs 1 <= remind (${remind}) < escalate (${escalate}) working days`);
  }
}
