// The issue workflow's vocabulary: its statuses, urgencies, reply classes, ratings and event types, with the Chinese
// labels users see. Plain values only (no Temporal, Nest or TypeORM import), so that the web app bundles this very
// file instead of keeping a copy; the workflow contract (./issue-workflow) re-exports it for the server side.

export const ISSUE_URGENCIES = ['normal', 'urgent'] as const;
export type IssueUrgency = (typeof ISSUE_URGENCIES)[number];
export const ISSUE_URGENCY_LABELS: Readonly<Record<IssueUrgency, string>> = { normal: '一般', urgent: '紧急' };

/**
 * Where an issue stands. `received` is the row the API writes before the workflow routes it; while a department
 * handles it the status is `assigned`, `acknowledged`, `overdue` (deadline passed) or `escalated` (a supervising
 * body is involved: see `escalationLevel`); `follow_up` waits for the report promised in a class B reply.
 */
export const ISSUE_STATUSES = [
  'received',
  'triage',
  'assigned',
  'acknowledged',
  'overdue',
  'escalated',
  'follow_up',
  'awaiting_feedback',
  'closed',
] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
export const ISSUE_STATUS_LABELS: Readonly<Record<IssueStatus, string>> = {
  received: '已登记',
  triage: '待分办',
  assigned: '已交办',
  acknowledged: '已签收',
  overdue: '已逾期',
  escalated: '督办中',
  follow_up: '跟踪落实',
  awaiting_feedback: '待评价',
  closed: '已办结',
};

/** Statuses in which the lead department holds the issue and its deadline runs. */
export const HANDLING_STATUSES: readonly IssueStatus[] = ['assigned', 'acknowledged', 'overdue', 'escalated'];

export const REPLY_CLASSES = ['A', 'B', 'C'] as const;
export type ReplyClass = (typeof REPLY_CLASSES)[number];
export const REPLY_CLASS_LABELS: Readonly<Record<ReplyClass, string>> = {
  A: '已解决或基本解决',
  B: '正在解决或列入计划解决',
  C: '因条件限制暂不能解决，已作说明或留作参考',
};

/** What a deputy can answer when asked to rate a reply. */
export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
/** What the record says: a rating, or `not_rated` when the feedback window closed without one (never "satisfied"). */
export type RecordedRating = Rating | 'not_rated';
/** How an issue ended: its rating, or `merged` when it was merged into another issue that carries its handling. */
export type IssueOutcome = RecordedRating | 'merged';

export const RATING_LABELS: Readonly<Record<RecordedRating, string>> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
  not_rated: '未评价',
};

// ---------------------------------------------------------------------------------------------------------------
// Transitions

/**
 * The kinds of event the workflow records. Each is recorded once under a `stepKey` that is deterministic and unique
 * per issue, so recordTransition can be idempotent (UNIQUE(issue_id, step_key)):
 *   intake:triage                   no routing rule matched
 *   r<round>:assigned               routed at intake (round 1) or second handling (round ≥ 2)
 *   r<round>:t<term>:reminder:<k>   k working days left; the term counts (re)armed deadlines in the round
 *   r<round>:t<term>:co-handler-due co-handlers' deadline passed without their input
 *   r<round>:t<term>:overdue        the reply deadline passed
 *   r<round>:escalation:<level>     a level reached by its timer (a level is reached once per round)
 *   r<round>:follow-up-missed       the report promised in a class B reply did not come
 *   r<round>:feedback-expired       the deputy did not rate in time (type not_rated)
 *   closed                          the issue closed
 *   update:<updateId>               whatever an update did (assign, reply, extend…); its follow-on steps have their
 *                                   own keys (e.g. a rating that starts round 2 also records r2:assigned)
 *   r<round>:co-handlers-released   the lead replied; co-handlers that gave no input are released (co_handlers_released)
 */
export const TRANSITION_TYPES = [
  'triage',
  'assigned',
  'acknowledged',
  'sent_back',
  'co_handler_input',
  'co_handler_overdue',
  'co_handlers_released',
  'reminder',
  'overdue',
  'escalated',
  'urged',
  'extended',
  'reassigned',
  'replied',
  'follow_up_replied',
  'follow_up_missed',
  'rated',
  'not_rated',
  'closed',
  'merged',
  'merge_received',
] as const;
export type TransitionType = (typeof TRANSITION_TYPES)[number];
export const TRANSITION_TYPE_LABELS: Readonly<Record<TransitionType, string>> = {
  triage: '待人工分办',
  assigned: '交办',
  acknowledged: '签收',
  sent_back: '退回',
  co_handler_input: '协办意见',
  co_handler_overdue: '协办逾期',
  co_handlers_released: '协办结束（主办已答复，未提意见）',
  reminder: '到期提醒',
  overdue: '逾期',
  escalated: '督办升级',
  urged: '催办',
  extended: '延期',
  reassigned: '改办',
  replied: '答复',
  follow_up_replied: '续报',
  follow_up_missed: '承诺逾期未续报',
  rated: '评价',
  not_rated: '逾期未评价',
  closed: '办结',
  merged: '并入其他事项办理',
  merge_received: '重复事项并入本事项',
};
