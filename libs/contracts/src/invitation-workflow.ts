// The invitation workflow's contract (列席邀请, Xiangtan practice): one workflow per deputy invited to a standing-
// committee meeting sends the three notices (advance notice with materials, a phone call staff make and record, a
// text-message reminder the day before), takes the deputy's reply (attend, or leave with a written reason that the
// liaison office approves), and is cancelled with its meeting. The workflow, the API and the worker compile against it.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, ComputeDeadlinesInput } from './issue-workflow';
import { startOfChinaDateIso } from './china-date';
import type { RejectionStatus } from './workflow-rejection';

export const INVITATION_WORKFLOW_TYPE = 'invitationWorkflow';

/** One workflow per invitation; starting a second one for the same invitation finds the first. */
export function invitationWorkflowId(invitationId: string): string {
  return `invitation-${invitationId}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary, with the labels users see

/** Whole meeting (全程列席, invited by the liaison office) or one agenda item (按议题列席, by the owning committee). */
export const INVITATION_KINDS = ['whole', 'item'] as const;
export type InvitationKind = (typeof INVITATION_KINDS)[number];
export const INVITATION_KIND_LABELS: Readonly<Record<InvitationKind, string>> = {
  whole: '全程列席',
  item: '按议题列席',
};

/**
 * Where the invitation stands. `invited`: the row the API writes before the workflow runs; `notified`: the advance
 * notice went out and the reply is awaited; `leave_requested` waits for the liaison office's decision, which makes it
 * `on_leave` or `leave_rejected` (the deputy is then expected to attend).
 */
export const INVITATION_STATUSES = [
  'invited',
  'notified',
  'attending',
  'leave_requested',
  'on_leave',
  'leave_rejected',
  'cancelled',
] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
export const INVITATION_STATUS_LABELS: Readonly<Record<InvitationStatus, string>> = {
  invited: '已邀请',
  notified: '已通知待回复',
  attending: '确认列席',
  leave_requested: '请假待审批',
  on_leave: '已准假',
  leave_rejected: '请假未批准',
  cancelled: '会议取消',
};

/** The phone-call task (电话通知): open while `pending` or `not_reached`. */
export const PHONE_STATUSES = ['pending', 'reached', 'not_reached'] as const;
export type PhoneStatus = (typeof PHONE_STATUSES)[number];
export const PHONE_STATUS_LABELS: Readonly<Record<PhoneStatus, string>> = {
  pending: '待电话通知',
  reached: '已电话通知',
  not_reached: '未接通',
};

export const INVITATION_ANSWERS = ['attend', 'leave'] as const;
export type InvitationAnswer = (typeof INVITATION_ANSWERS)[number];
export const INVITATION_ANSWER_LABELS: Readonly<Record<InvitationAnswer, string>> = { attend: '列席', leave: '请假' };

/** Attendance taken on the day (实时考勤). `on_leave` only with an approved written leave request. */
export const ATTENDANCE_MARKS = ['present', 'late', 'absent', 'on_leave'] as const;
export type AttendanceMark = (typeof ATTENDANCE_MARKS)[number];
export const ATTENDANCE_MARK_LABELS: Readonly<Record<AttendanceMark, string>> = {
  present: '出席',
  late: '迟到',
  absent: '缺席',
  on_leave: '请假',
};
/** The marks that count as having attended (列席人次). */
export const ATTENDED_MARKS: readonly AttendanceMark[] = ['present', 'late'];

// ---------------------------------------------------------------------------------------------------------------
// Policy, input and state

export interface InvitationPolicy {
  /** Working days staff have for the confirming phone call, counted from the advance notice. */
  phoneCallWorkingDays: number;
  /** Hour (China time, 0-23) of the text-message reminder on the calendar day before the meeting. */
  reminderHour: number;
}

export const DEFAULT_INVITATION_POLICY: Readonly<InvitationPolicy> = { phoneCallWorkingDays: 1, reminderHour: 9 };

export function validateInvitationPolicy(policy: InvitationPolicy): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(policy.phoneCallWorkingDays) || policy.phoneCallWorkingDays < 1) {
    problems.push('phoneCallWorkingDays must be a whole number ≥ 1');
  }
  if (!Number.isInteger(policy.reminderHour) || policy.reminderHour < 0 || policy.reminderHour > 23) {
    problems.push('reminderHour must be a whole number 0-23');
  }
  return problems;
}

export interface InvitationWorkflowInput {
  invitationId: string;
  meetingId: string;
  /** The meeting's China calendar date, `YYYY-MM-DD`. */
  meetingDate: string;
  policy: InvitationPolicy;
}

export interface InvitationReply {
  answer: InvitationAnswer;
  /** The written reason of a leave request (请假条); required for `leave`. */
  reason?: string;
  at: string;
  actor: Actor;
  onBehalfOf?: OnBehalfOf;
}

export interface PhoneCallRecord {
  outcome: Exclude<PhoneStatus, 'pending'>;
  note?: string;
  at: string;
  actor: Actor;
}

export interface InvitationHistoryEntry {
  at: string;
  stepKey: string;
  type: InvitationTransitionType;
  status: InvitationStatus;
  actor?: Actor;
}

export interface InvitationWorkflowState {
  invitationId: string;
  meetingId: string;
  meetingDate: string;
  status: InvitationStatus;
  phoneStatus: PhoneStatus | null;
  phoneDueAt: string | null;
  phoneCalls: PhoneCallRecord[];
  noticeSentAt: string | null;
  /** When the reminder is planned (the day before the meeting), and when it went out. */
  reminderAt: string;
  reminderSentAt: string | null;
  reply: InvitationReply | null;
  leaveDecision: { approved: boolean; note?: string; at: string; actor: Actor } | null;
  /** Set when the workflow ends: at the end of the meeting day, or when the meeting is cancelled. */
  closedAt: string | null;
  history: InvitationHistoryEntry[];
}

// ---------------------------------------------------------------------------------------------------------------
// Updates and the query. Send each with an id unique to the request, so a retried request acts once.

export interface InvitationReplyInput {
  answer: InvitationAnswer;
  reason?: string;
  actor: Actor;
  /** Set when staff record what the deputy answered them (on the phone): the actor recorded it for this deputy. */
  onBehalfOf?: OnBehalfOf;
}

/** The deputy a member of staff recorded an answer for; kept in the event beside the actor who recorded it. */
export interface OnBehalfOf {
  deputyId: string;
  deputyName: string;
}

export interface RecordCallInput {
  outcome: Exclude<PhoneStatus, 'pending'>;
  note?: string;
  actor: Actor;
}

export interface DecideLeaveInput {
  approved: boolean;
  note?: string;
  actor: Actor;
}

export interface CancelInvitationInput {
  reason: string;
  actor: Actor;
}

/** The deputy answers: attend, or leave with a written reason (列席 / 请假). May change it while the workflow runs. */
export const invitationReplyUpdate = defineUpdate<InvitationWorkflowState, [InvitationReplyInput]>('reply');
/** Staff record the outcome of the confirming phone call (电话通知). */
export const recordCallUpdate = defineUpdate<InvitationWorkflowState, [RecordCallInput]>('recordCall');
/** The liaison office approves or rejects a written leave request. */
export const decideLeaveUpdate = defineUpdate<InvitationWorkflowState, [DecideLeaveInput]>('decideLeave');
/** The meeting is cancelled: the deputy is told, and the workflow ends. */
export const cancelInvitationUpdate = defineUpdate<InvitationWorkflowState, [CancelInvitationInput]>('cancel');

export const getInvitationStateQuery = defineQuery<InvitationWorkflowState>('getInvitationState');

export const INVITATION_REJECTIONS = ['InvitationClosed', 'NotAllowedNow', 'ReasonRequired', 'InvalidInput'] as const;
export type InvitationRejection = (typeof INVITATION_REJECTIONS)[number];
/** What each rejection answers over HTTP (the field of a 400 is in the failure's details: see workflow-rejection). */
export const INVITATION_REJECTION_STATUS: Readonly<Record<InvitationRejection, RejectionStatus>> = {
  InvitationClosed: 409,
  NotAllowedNow: 409,
  ReasonRequired: 400,
  InvalidInput: 400,
};

// ---------------------------------------------------------------------------------------------------------------
// Transitions and notices

/**
 * Each recorded once under a step key unique per invitation (UNIQUE(invitation_id, step_key)):
 *   notice            the advance notice with the materials went out; the phone task opens
 *   phone-overdue     the phone call was not recorded as reached by its due time
 *   reminder          the text-message reminder the day before
 *   closed            the meeting day ended
 *   update:<id>       reply, call, leave decision, cancellation
 */
export const INVITATION_TRANSITION_TYPES = [
  'notice_sent',
  'phone_recorded',
  'phone_overdue',
  'reminder_sent',
  'replied',
  'leave_decided',
  'cancelled',
  'closed',
] as const;
export type InvitationTransitionType = (typeof INVITATION_TRANSITION_TYPES)[number];
export const INVITATION_TRANSITION_LABELS: Readonly<Record<InvitationTransitionType, string>> = {
  notice_sent: '预告通知',
  phone_recorded: '电话通知',
  phone_overdue: '电话通知逾期',
  reminder_sent: '短信提醒',
  replied: '代表回复',
  leave_decided: '请假审批',
  cancelled: '会议取消',
  closed: '会议结束',
};

/** The three notices, plus the two the deputy gets when the office decides a leave request or cancels the meeting. */
export const INVITATION_NOTICE_KINDS = ['advance', 'reminder', 'leave_decided', 'cancelled'] as const;
export type InvitationNoticeKind = (typeof INVITATION_NOTICE_KINDS)[number];

/** The invitation row's columns the workflow keeps current; a transition's `patch` holds those that step changed. */
export interface InvitationRowPatch {
  phoneStatus?: PhoneStatus;
  phoneDueAt?: string;
  phoneNote?: string | null;
  phoneCalledAt?: string;
  noticeSentAt?: string;
  reminderSentAt?: string;
  reply?: InvitationAnswer;
  leaveReason?: string | null;
  repliedAt?: string;
  leaveDecision?: 'approved' | 'rejected' | null;
  leaveDecidedAt?: string | null;
  closedAt?: string;
}

export interface RecordInvitationTransitionInput {
  invitationId: string;
  stepKey: string;
  type: InvitationTransitionType;
  at: string;
  status: InvitationStatus;
  patch: InvitationRowPatch;
  actor?: Actor;
  data: Record<string, unknown>;
}

export interface SendInvitationNoticeInput {
  invitationId: string;
  stepKey: string;
  kind: InvitationNoticeKind;
  data: Record<string, unknown>;
}

/** What sending a notice did, for the record: which channel, to whom (nobody when the deputy has no address). */
export interface NoticeOutcome {
  channel: string;
  recipients: string[];
}

export interface InvitationActivities {
  /** Working-day instants on the official calendar (the issue workflow's activity, shared). Reads only. */
  computeDeadlines(input: ComputeDeadlinesInput): Promise<string[]>;
  /** Sends one notice to the deputy, once per (invitation, step key): email for the advance notice, the
   * NoticeChannel (a text-message gateway, or email) for the reminder. */
  sendInvitationNotice(input: SendInvitationNoticeInput): Promise<NoticeOutcome>;
  /** Appends the event and applies the patch to the invitation row in one transaction; a retry does nothing. */
  recordInvitationTransition(input: RecordInvitationTransitionInput): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Pure date helpers the workflow and the API share

const HOUR_MS = 60 * 60 * 1000;

/** `hour`:00 China time on the calendar day before `meetingDate`, as an ISO instant. */
export function reminderInstant(meetingDate: string, hour: number): string {
  return new Date(Date.parse(startOfChinaDateIso(meetingDate)) - 24 * HOUR_MS + hour * HOUR_MS).toISOString();
}
