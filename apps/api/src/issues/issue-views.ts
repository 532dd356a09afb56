// Owns how read-model rows become the views the API answers with, labels included.
import {
  ISSUE_STATUS_LABELS,
  RATING_LABELS,
  REPLY_CLASS_LABELS,
  TRANSITION_TYPE_LABELS,
  type TransitionType,
} from '@app/contracts';
import { ATTACHMENT_EVENT_TYPE } from '../attachments/attachments.repository';
import type { VoterView as MaskedVoter } from '../auth/personal-data.service';
import type { AssignmentView, FeedbackView, IssueEventView, IssueSummaryView, NamedRef, ReplyView } from './issues.dto';
import type { AssignmentRow, EventRow, FeedbackRow, IssueRow, ReplyRow } from './issues.repository';

/** The event intake records before the workflow runs; the workflow's own kinds are the contract's TRANSITION_TYPES. */
export const RECEIVED_EVENT_TYPE = 'received';
export const RECEIVED_EVENT_LABEL = '登记';

/** Written by the API when a file is added (apps/api/src/attachments), not by the workflow. */
export const ATTACHMENT_EVENT_LABEL = '上传附件';

/** Events an admin writes when answering a request from the voter (apps/api/src/subject-requests). */
const VOTER_DATA_EVENT_LABELS: Readonly<Record<string, string>> = {
  voter_data_corrected: '更正选民信息',
  voter_data_erased: '删除选民信息',
};

export function eventLabel(type: string): string {
  if (type === RECEIVED_EVENT_TYPE) return RECEIVED_EVENT_LABEL;
  if (type === ATTACHMENT_EVENT_TYPE) return ATTACHMENT_EVENT_LABEL;
  if (type in VOTER_DATA_EVENT_LABELS) return VOTER_DATA_EVENT_LABELS[type];
  return (TRANSITION_TYPE_LABELS as Record<string, string | undefined>)[type as TransitionType] ?? type;
}

export function toSummary(row: IssueRow, voter: MaskedVoter): IssueSummaryView {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    statusLabel: ISSUE_STATUS_LABELS[row.status],
    urgency: row.urgency,
    channel: row.channel,
    description: row.description,
    category: { id: row.categoryId, name: row.categoryName },
    station: { id: row.stationId, name: row.stationName },
    place: { id: row.placeRegionId, name: row.placeName },
    leadDepartment: ref(row.leadDepartmentId, row.leadDepartmentName),
    round: row.round,
    escalationLevel: row.escalationLevel,
    submittedAt: row.submittedAt,
    dueAt: row.dueAt,
    closedAt: row.closedAt,
    replyClass: row.replyClass,
    promisedDate: row.promisedDate,
    satisfaction: row.satisfaction,
    voter,
  };
}

export function toAssignmentView(row: AssignmentRow): AssignmentView {
  return {
    id: row.id,
    department: { id: row.departmentId, name: row.departmentName },
    role: row.role,
    round: row.round,
    status: row.status,
    assignedAt: row.assignedAt,
    dueAt: row.dueAt,
    acknowledgedAt: row.acknowledgedAt,
    sentBackAt: row.sentBackAt,
    sendBackReason: row.sendBackReason,
    inputText: row.inputText,
    answeredAt: row.answeredAt,
  };
}

export function toReplyView(row: ReplyRow): ReplyView {
  return {
    id: row.id,
    department: { id: row.departmentId, name: row.departmentName },
    round: row.round,
    kind: row.kind,
    replyClass: row.replyClass,
    replyClassLabel: REPLY_CLASS_LABELS[row.replyClass],
    text: row.text,
    promisedDate: row.promisedDate,
    repliedAt: row.repliedAt,
    onTime: row.onTime,
  };
}

export function toFeedbackView(row: FeedbackRow): FeedbackView {
  return {
    round: row.round,
    rating: row.rating,
    ratingLabel: RATING_LABELS[row.rating],
    comment: row.comment,
    ratedAt: row.ratedAt,
  };
}

export function toEventView(row: EventRow): IssueEventView {
  return {
    id: row.id,
    stepKey: row.stepKey,
    type: row.type,
    label: eventLabel(row.type),
    occurredAt: row.occurredAt,
    actor: row.actorUserId || row.actorLabel ? { userId: row.actorUserId, label: row.actorLabel } : null,
    data: row.data,
  };
}

function ref(id: string | null, name: string | null): NamedRef | null {
  return id === null ? null : { id, name: name ?? '' };
}
