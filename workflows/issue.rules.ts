// The rules an update must pass against the issue's current state. Each check runs twice: as the update's validator
// (a rejected update leaves no trace in history) and again in the handler once it holds the step lock, because
// another update may have changed the issue in between.
import { ApplicationFailure } from '@temporalio/workflow';
import { chinaDateOf, isIsoDate } from '../libs/contracts/src/china-date';
import {
  HANDLING_STATUSES,
  RATINGS,
  type AcknowledgeInput,
  type Actor,
  type AssignInput,
  type CoHandlerInputInput,
  type ExtendInput,
  type FollowUpReplyInput,
  type IssuePolicy,
  type IssueStatus,
  type IssueWorkflowState,
  type MergeIntoInput,
  type RateInput,
  type ReassignInput,
  type ReferUpwardInput,
  type ReplyInput,
  type SendBackInput,
  type UpdateRejection,
  type UrgeInput,
} from '../libs/contracts/src/issue-workflow';

function reject(type: UpdateRejection, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/** Inputs arrive as JSON from the API: check the shape before reading fields. */
function requireActor(input: { actor?: Actor } | undefined): void {
  if (typeof input !== 'object' || input === null) reject('InvalidInput', 'The update needs an input object');
  if (typeof input.actor !== 'object' || input.actor === null || !isText(input.actor.label)) {
    reject('InvalidInput', 'actor.label is required');
  }
}

function requireStatus(state: IssueWorkflowState, allowed: readonly IssueStatus[], action: string): void {
  if (state.status === 'closed') reject('IssueClosed', `The issue is closed: cannot ${action}`);
  if (!allowed.includes(state.status)) reject('NotAllowedNow', `Cannot ${action} while the issue is ${state.status}`);
}

function requireText(value: unknown, field: string): void {
  if (!isText(value)) reject('EmptyText', `${field} must not be empty`);
}

/** Lead and co-handlers as given, or a rejection; co-handlers are distinct and never the lead. */
function departmentsOf(input: { leadDepartmentId: string; coHandlerDepartmentIds?: string[] }): void {
  if (!isText(input.leadDepartmentId)) reject('InvalidInput', 'leadDepartmentId is required');
  const coHandlers = input.coHandlerDepartmentIds ?? [];
  if (!Array.isArray(coHandlers) || !coHandlers.every(isText)) {
    reject('InvalidInput', 'coHandlerDepartmentIds must be department ids');
  }
  if (new Set(coHandlers).size !== coHandlers.length || coHandlers.includes(input.leadDepartmentId)) {
    reject('InvalidInput', 'co-handlers must be distinct and differ from the lead department');
  }
}

const FOLLOW_UP_OR_HANDLING: readonly IssueStatus[] = [...HANDLING_STATUSES, 'follow_up'];

export function checkAssign(state: IssueWorkflowState, input: AssignInput): void {
  requireActor(input);
  requireStatus(state, ['triage'], 'assign departments');
  departmentsOf(input);
}

export function checkAcknowledge(state: IssueWorkflowState, input: AcknowledgeInput): void {
  requireActor(input);
  requireStatus(state, HANDLING_STATUSES, 'acknowledge');
  if (input.departmentId !== state.leadDepartmentId && !state.coHandlerDepartmentIds.includes(input.departmentId)) {
    reject('WrongDepartment', `Department ${input.departmentId} is not assigned this issue`);
  }
  if (state.acknowledgedBy.includes(input.departmentId)) {
    reject('AlreadyAcknowledged', `Department ${input.departmentId} already acknowledged this issue`);
  }
}

export function checkSendBack(state: IssueWorkflowState, input: SendBackInput): void {
  requireActor(input);
  requireStatus(state, HANDLING_STATUSES, 'send the issue back');
  if (input.departmentId !== state.leadDepartmentId) {
    reject('WrongDepartment', 'Only the lead department can send the issue back');
  }
  requireText(input.reason, 'reason');
}

export function checkCoHandlerInput(state: IssueWorkflowState, input: CoHandlerInputInput): void {
  requireActor(input);
  requireStatus(state, HANDLING_STATUSES, 'give co-handler input');
  if (!state.coHandlerDepartmentIds.includes(input.departmentId)) {
    reject('WrongDepartment', `Department ${input.departmentId} is not a co-handler of this issue`);
  }
  requireText(input.text, 'text');
}

export function checkUrge(state: IssueWorkflowState, input: UrgeInput): void {
  requireActor(input);
  requireStatus(state, FOLLOW_UP_OR_HANDLING, 'urge');
  requireText(input.note, 'note');
}

export function checkExtend(state: IssueWorkflowState, input: ExtendInput): void {
  requireActor(input);
  requireStatus(state, HANDLING_STATUSES, 'extend the deadline');
  requireText(input.reason, 'reason');
  const byDays = input.extraWorkingDays !== undefined && input.extraWorkingDays !== null;
  const byDate = input.newDueDate !== undefined && input.newDueDate !== null;
  if (byDays === byDate) reject('InvalidInput', 'Give either extraWorkingDays or newDueDate');
  if (byDays && !(Number.isInteger(input.extraWorkingDays) && (input.extraWorkingDays as number) >= 1)) {
    reject('InvalidInput', 'extraWorkingDays must be a whole number ≥ 1');
  }
  if (byDate) {
    if (!isIsoDate(input.newDueDate)) reject('InvalidInput', 'newDueDate must be a date (YYYY-MM-DD)');
    if (state.dueAt && input.newDueDate <= chinaDateOf(state.dueAt)) {
      reject('InvalidInput', `newDueDate must be after the current deadline ${chinaDateOf(state.dueAt)}`);
    }
  }
}

export function checkReassign(state: IssueWorkflowState, input: ReassignInput): void {
  requireActor(input);
  requireStatus(state, HANDLING_STATUSES, 'reassign');
  departmentsOf(input);
  requireText(input.reason, 'reason');
  const sameLead = input.leadDepartmentId === state.leadDepartmentId;
  const coHandlers = input.coHandlerDepartmentIds ?? [];
  const sameCoHandlers =
    coHandlers.length === state.coHandlerDepartmentIds.length &&
    coHandlers.every((id) => state.coHandlerDepartmentIds.includes(id));
  if (sameLead && sameCoHandlers) reject('InvalidInput', 'The issue is already assigned to these departments');
}

/**
 * The level a referral raises the issue to: the one above the referrer's own body (a county office refers to the
 * city, never to the township presidium below it), or above the issue's current level if that is higher.
 */
export function referralTargetLevel(state: IssueWorkflowState, input: ReferUpwardInput): number {
  return Math.max(state.escalationLevel, input.referrerLevel ?? 0) + 1;
}

export function checkReferUpward(state: IssueWorkflowState, policy: IssuePolicy, input: ReferUpwardInput): void {
  requireActor(input);
  requireStatus(state, FOLLOW_UP_OR_HANDLING, 'refer upward');
  requireText(input.reason, 'reason');
  const referrerLevel = input.referrerLevel;
  if (
    referrerLevel !== undefined &&
    referrerLevel !== null &&
    !(Number.isInteger(referrerLevel) && referrerLevel >= 0)
  ) {
    reject('InvalidInput', 'referrerLevel must be a whole number ≥ 0');
  }
  if (state.escalationLevel >= policy.escalation.length) {
    reject('TopLevelReached', 'The issue is already at the highest escalation level');
  }
  if (referralTargetLevel(state, input) > policy.escalation.length) {
    reject('TopLevelReached', 'There is no supervising body above the referrer’s own');
  }
}

export function checkReply(state: IssueWorkflowState, policy: IssuePolicy, input: ReplyInput, nowMs: number): void {
  requireActor(input);
  requireStatus(state, HANDLING_STATUSES, 'reply');
  if (input.departmentId !== state.leadDepartmentId) {
    reject('WrongDepartment', 'Only the lead department can reply');
  }
  if (!policy.allowedReplyClasses.includes(input.replyClass)) {
    reject('InvalidReplyClass', `Reply class must be one of ${policy.allowedReplyClasses.join(', ')}`);
  }
  requireText(input.text, 'text');
  if (!isText(input.requestId)) reject('InvalidInput', 'requestId is required');
  const promised = input.promisedDate ?? undefined;
  if (input.replyClass === 'B') {
    if (promised === undefined) reject('PromisedDateRequired', 'A class B reply needs the promised date');
    if (!isIsoDate(promised)) reject('InvalidInput', 'promisedDate must be a date (YYYY-MM-DD)');
    if (promised <= chinaDateOf(nowMs)) reject('PromisedDateNotInFuture', 'The promised date must be after today');
  } else if (promised !== undefined) {
    reject('InvalidInput', 'Only a class B reply has a promised date');
  }
}

export function checkFollowUpReply(state: IssueWorkflowState, policy: IssuePolicy, input: FollowUpReplyInput): void {
  requireActor(input);
  requireStatus(state, ['follow_up'], 'report the follow-up');
  if (input.departmentId !== state.leadDepartmentId) {
    reject('WrongDepartment', 'Only the lead department can report the follow-up');
  }
  if (input.replyClass !== 'A' && input.replyClass !== 'C') {
    reject('InvalidReplyClass', 'A follow-up reply is final: class A or C');
  }
  if (!policy.allowedReplyClasses.includes(input.replyClass)) {
    reject('InvalidReplyClass', `Reply class must be one of ${policy.allowedReplyClasses.join(', ')}`);
  }
  requireText(input.text, 'text');
  if (!isText(input.requestId)) reject('InvalidInput', 'requestId is required');
}

export function checkRate(state: IssueWorkflowState, input: RateInput): void {
  requireActor(input);
  requireStatus(state, ['awaiting_feedback'], 'rate');
  if (!RATINGS.includes(input.rating)) reject('InvalidInput', `rating must be one of ${RATINGS.join(', ')}`);
  if (input.comment !== undefined && input.comment !== null && typeof input.comment !== 'string') {
    reject('InvalidInput', 'comment must be text');
  }
}

/**
 * A repeated issue may be merged into another while it is open: not into itself, not twice. Once merged it is closed,
 * so a second merge that waited behind the first is refused as already merged (the API says so before it sends).
 */
export function checkMergeInto(state: IssueWorkflowState, input: MergeIntoInput): void {
  requireActor(input);
  if (state.mergedIntoIssueId) reject('AlreadyMerged', `The issue was already merged into ${state.mergedIntoIssueId}`);
  if (state.status === 'closed') reject('IssueClosed', 'The issue is closed: cannot merge it');
  if (!isText(input.targetIssueId)) reject('InvalidInput', 'targetIssueId is required');
  if (!isText(input.targetNumber)) reject('InvalidInput', 'targetNumber is required');
  if (input.targetIssueId === state.issueId)
    reject('InvalidInput', 'targetIssueId: an issue cannot be merged into itself');
  if (input.reason !== undefined && input.reason !== null && typeof input.reason !== 'string') {
    reject('InvalidInput', 'reason must be text');
  }
}
