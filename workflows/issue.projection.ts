// What the issue's workflow state shows outside the workflow: the issue row's columns (kept by recordTransition)
// and the search attributes (kept by the workflow itself).
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { HANDLING_STATUSES, type IssueRowPatch, type IssueWorkflowState } from '../libs/contracts/src/issue-workflow';
import { SA_DEPARTMENT, SA_DUE_DATE, SA_ESCALATION_LEVEL, SA_STATUS } from '../libs/contracts/src/search-attributes';

export type IssueRow = Required<IssueRowPatch>;

export const isHandling = (state: IssueWorkflowState): boolean => HANDLING_STATUSES.includes(state.status);

export function rowOf(state: IssueWorkflowState): IssueRow {
  const finalReply = state.followUpReply ?? state.reply;
  return {
    status: state.status,
    round: state.round,
    escalationLevel: state.escalationLevel,
    leadDepartmentId: state.leadDepartmentId,
    coHandlerDepartmentIds: [...state.coHandlerDepartmentIds],
    dueAt: state.dueAt,
    replyClass: finalReply?.replyClass ?? null,
    repliedAt: finalReply?.at ?? null,
    promisedDate: state.reply?.promisedDate ?? null,
    rating: state.rating?.rating ?? null,
    closedAt: state.closedAt,
  };
}

/** The columns whose value differs, with their new value: a transition's `patch`. */
export function changedColumns(before: IssueRow, after: IssueRow): IssueRowPatch {
  const columns = Object.keys(after) as Array<keyof IssueRow>;
  const changed = columns.filter((column) => JSON.stringify(before[column]) !== JSON.stringify(after[column]));
  return Object.fromEntries(changed.map((column) => [column, after[column]]));
}

/** Status, escalation level, lead department and the deadline the issue is now held to (none: removed). */
export function searchAttributesOf(state: IssueWorkflowState): SearchAttributeUpdatePair[] {
  const due = isHandling(state) ? state.dueAt : state.status === 'follow_up' ? state.followUpDueAt : null;
  return [
    { key: SA_STATUS, value: state.status },
    { key: SA_ESCALATION_LEVEL, value: state.escalationLevel },
    { key: SA_DEPARTMENT, value: state.leadDepartmentId },
    { key: SA_DUE_DATE, value: due ? new Date(due) : null },
  ];
}
