// The issue workflow's contract: its input and policy, the updates and query the API sends, the state it reports,
// and the activities the worker must provide. The workflow, the API and the worker all compile against this file.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import {
  REPLY_CLASSES,
  type IssueStatus,
  type IssueUrgency,
  type Rating,
  type IssueOutcome,
  type RecordedRating,
  type ReplyClass,
  type TransitionType,
} from './issue-vocabulary';

// ---------------------------------------------------------------------------------------------------------------
// Identity

/** The workflow function's name, as registered in the worker's workflow bundle (workflows/index.ts). */
export const ISSUE_WORKFLOW_TYPE = 'issueWorkflow';

/** One workflow per issue: starting a second one for the same issue fails, which makes intake idempotent. */
export function issueWorkflowId(issueId: string): string {
  return `issue-${issueId}`;
}

/**
 * The step key (issue_events.step_key) a command's transition is recorded under: its update id. So the API can tell
 * from the read model whether a given request (Idempotency-Key) was carried out, after the workflow ended too.
 */
export function updateStepKey(updateId: string): string {
  return `update:${updateId}`;
}

/**
 * The intake reconciler (in every worker) starts the workflow of any issue still `received` this long after it was
 * saved: far longer than the API takes between saving an issue and starting its workflow, so it does not race it.
 */
export const INTAKE_RECONCILE_MIN_AGE_MS = 10_000;
/** How often the intake reconciler looks. */
export const INTAKE_RECONCILE_INTERVAL_MS = 10_000;
/**
 * The bound, while a worker runs: an issue saved without its workflow (the API killed or stopped between the two)
 * has it within this many seconds without any client action: MIN_AGE + INTERVAL, plus 10 s for the pass itself.
 */
export const INTAKE_RECONCILE_BOUND_S = 30;

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary, with the labels users see: in ./issue-vocabulary (no Temporal import, so the web app can bundle it),
// re-exported here so that the workflow bundle's relative imports of this file keep finding it.

export * from './issue-vocabulary';

/** Who did something: a signed-in user, or a label alone for the system and for people without an account. */
export interface Actor {
  userId?: string;
  label: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Policy: fixed into the workflow input at intake, so a later change of rules never moves a running issue's clock

export interface EscalationLevelPolicy {
  /** 1, 2, 3… in order. */
  level: number;
  key: string;
  name: string;
  /** Working days after the previous level (level 1: after the reply deadline); 0 escalates at once. */
  afterWorkingDays: number;
}

export interface IssuePolicy {
  /** Working days the lead department has to reply, counted from assignment. */
  replyWorkingDays: number;
  /** Working days the co-handlers have to give their input: earlier than the lead's deadline. */
  coHandlerWorkingDays: number;
  /** Reminders to the lead when this many working days are left before its deadline, e.g. [3, 1]. */
  reminderWorkingDaysBefore: number[];
  /** Supervising bodies, level by level, each on its own timer. */
  escalation: EscalationLevelPolicy[];
  /** Working days the deputy has to rate a final reply; after that it is recorded as not rated. */
  feedbackWorkingDays: number;
  /** How many second handlings an unsatisfied rating may start (default 1); past that the issue closes unsatisfied. */
  maxRehandlings: number;
  /** Reply classes the lead department may give (default A, B, C). */
  allowedReplyClasses: ReplyClass[];
  /** Working days after the date promised in a class B reply before the missing follow-up escalates (0: at once). */
  followUpGraceWorkingDays: number;
}

export const REPLY_WORKING_DAYS: Readonly<Record<IssueUrgency, number>> = { normal: 15, urgent: 3 };
export const CO_HANDLER_WORKING_DAYS: Readonly<Record<IssueUrgency, number>> = { normal: 10, urgent: 2 };

export const DEFAULT_ESCALATION_LEVELS: readonly EscalationLevelPolicy[] = [
  { level: 1, key: 'township_presidium', name: '乡镇人大主席团', afterWorkingDays: 3 },
  { level: 2, key: 'county_liaison_office', name: '县人大常委会联络工委', afterWorkingDays: 3 },
  { level: 3, key: 'city_liaison_office', name: '市人大常委会', afterWorkingDays: 3 },
];

/** The level of region whose officers each escalation level reaches: 1 township presidium, 2 county, 3 city. */
export const ESCALATION_REGION_LEVELS: Readonly<Record<number, 'township' | 'county' | 'city'>> = {
  1: 'township',
  2: 'county',
  3: 'city',
};

/**
 * The escalation level of the supervising body an officer scoped to a region of `regionLevel` belongs to (a village
 * office is no supervising body: 0). Referring upward raises an issue to the level above the referrer's own.
 */
export function escalationLevelOfRegion(regionLevel: string): number {
  const entry = Object.entries(ESCALATION_REGION_LEVELS).find(([, level]) => level === regionLevel);
  return entry ? Number(entry[0]) : 0;
}

export function defaultIssuePolicy(urgency: IssueUrgency): IssuePolicy {
  return {
    replyWorkingDays: REPLY_WORKING_DAYS[urgency],
    coHandlerWorkingDays: CO_HANDLER_WORKING_DAYS[urgency],
    reminderWorkingDaysBefore: urgency === 'urgent' ? [1] : [3, 1],
    escalation: DEFAULT_ESCALATION_LEVELS.map((level) => ({ ...level })),
    feedbackWorkingDays: 5,
    maxRehandlings: 1,
    allowedReplyClasses: [...REPLY_CLASSES],
    followUpGraceWorkingDays: 0,
  };
}

/** What is wrong with a policy, in words; empty when it is usable. The workflow refuses to start on a bad one. */
export function validateIssuePolicy(policy: IssuePolicy): string[] {
  const problems: string[] = [];
  const whole = (value: unknown, min: number): boolean => Number.isInteger(value) && (value as number) >= min;
  if (!whole(policy.replyWorkingDays, 1)) problems.push('replyWorkingDays must be a whole number ≥ 1');
  if (!whole(policy.coHandlerWorkingDays, 1) || policy.coHandlerWorkingDays >= policy.replyWorkingDays) {
    problems.push('coHandlerWorkingDays must be a whole number ≥ 1 and less than replyWorkingDays');
  }
  // A reminder point as long as the whole deadline would fall on the assignment day itself: it is simply skipped.
  if (!Array.isArray(policy.reminderWorkingDaysBefore) || !policy.reminderWorkingDaysBefore.every((d) => whole(d, 1))) {
    problems.push('reminderWorkingDaysBefore must hold whole numbers ≥ 1');
  }
  if (!Array.isArray(policy.escalation)) {
    problems.push('escalation must be a list');
  } else {
    policy.escalation.forEach((level, index) => {
      if (level.level !== index + 1) problems.push(`escalation[${index}].level must be ${index + 1}`);
      if (!level.key || !level.name) problems.push(`escalation[${index}] needs a key and a name`);
      if (!whole(level.afterWorkingDays, 0)) problems.push(`escalation[${index}].afterWorkingDays must be ≥ 0`);
    });
  }
  if (!whole(policy.feedbackWorkingDays, 1)) problems.push('feedbackWorkingDays must be a whole number ≥ 1');
  if (!whole(policy.maxRehandlings, 0)) problems.push('maxRehandlings must be a whole number ≥ 0');
  if (
    !Array.isArray(policy.allowedReplyClasses) ||
    policy.allowedReplyClasses.length === 0 ||
    policy.allowedReplyClasses.some((replyClass) => !REPLY_CLASSES.includes(replyClass))
  ) {
    problems.push('allowedReplyClasses must be a non-empty subset of A, B, C');
  }
  if (!whole(policy.followUpGraceWorkingDays, 0)) problems.push('followUpGraceWorkingDays must be ≥ 0');
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Workflow input and state

export interface IssueWorkflowInput {
  issueId: string;
  urgency: IssueUrgency;
  policy: IssuePolicy;
}

export interface EscalationBody {
  level: number;
  key: string;
  name: string;
}

export interface ReplyRecord {
  departmentId: string;
  replyClass: ReplyClass;
  text: string;
  /** Class B only: the date by which the department promises to report the result. */
  promisedDate?: string;
  requestId: string;
  round: number;
  at: string;
  actor: Actor;
}

export interface CoHandlerInputRecord {
  departmentId: string;
  text: string;
  at: string;
  actor: Actor;
}

export interface ReminderRecord {
  round: number;
  workingDaysBefore: number;
  dueAt: string;
  at: string;
}

export interface RatingRecord {
  rating: RecordedRating;
  comment?: string;
  round: number;
  at: string;
  actor?: Actor;
}

/** One recorded transition, as the history summary shows it. */
export interface HistoryEntry {
  at: string;
  stepKey: string;
  type: TransitionType;
  round: number;
  status: IssueStatus;
  actor?: Actor;
}

/** What the `getState` query and every update return; plain JSON. Instants are ISO strings (UTC). */
export interface IssueWorkflowState {
  issueId: string;
  urgency: IssueUrgency;
  status: IssueStatus;
  /** 1 for the first handling; each second handling after an unsatisfied rating adds one. */
  round: number;
  /** 0 when no supervising body is involved in this round. */
  escalationLevel: number;
  escalationBody: EscalationBody | null;
  leadDepartmentId: string | null;
  coHandlerDepartmentIds: string[];
  /** Departments that acknowledged the current assignment. */
  acknowledgedBy: string[];
  coHandlerInputs: CoHandlerInputRecord[];
  assignedAt: string | null;
  coHandlerDueAt: string | null;
  /** The lead department's reply deadline: the end of a China working day. */
  dueAt: string | null;
  /** When the report promised in a class B reply is due (grace included). */
  followUpDueAt: string | null;
  feedbackDueAt: string | null;
  remindersSent: ReminderRecord[];
  sendBacks: number;
  urges: number;
  extensions: number;
  /** The current round's reply; a class B reply stays here while the follow-up is awaited. */
  reply: ReplyRecord | null;
  followUpReply: ReplyRecord | null;
  /** The latest rating, of whichever round. */
  rating: RatingRecord | null;
  outcome: IssueOutcome | null;
  closedAt: string | null;
  history: HistoryEntry[];
  /** Set when the issue was merged into another one (outcome `merged`); absent otherwise (and in older runs). */
  mergedIntoIssueId?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Updates and the query. Send each update with an update ID that is unique per request (the reply's requestId is a
// good one): Temporal then answers a retried HTTP request with the first outcome instead of acting twice.

/**
 * When the API received the command (ISO instant), stamped once per HTTP request. The workflow judges the command's
 * time on it, not on when the command reached the workflow: a reply received before the deadline is on time however
 * long it waited behind a busy worker, a rating received inside the window counts. Optional so that old histories
 * (and callers without an HTTP request, like tests and tools) keep working: without it the workflow's own time is used.
 */
export interface Received {
  receivedAt?: string;
}

/**
 * The longest a command may take from its receipt by the API to its admission by the workflow: the API stops trying
 * to deliver a command this long after receiving it (and answers 503), and a deadline-driven step (overdue,
 * reminder, escalation, co-handlers due, missed follow-up, rating window closed) waits this long after its instant
 * before it acts, so that a command received before the instant but still on its way is carried out first and the
 * step then acts only if it is still due. Measured with `npm run bench:reply` (see the commit that set it).
 */
export const COMMAND_ADMISSION_MS = 5_000;

/** How far in the future a receivedAt may lie (the API's and the server's clocks may differ slightly). */
export const RECEIVED_AT_SKEW_MS = 60_000;

/**
 * The receipt reconciler (in every worker) delivers a command whose receipt is still pending this long after it was
 * received: by then the API has stopped trying (it tries for COMMAND_ADMISSION_MS), so it does not race it (and if it
 * does, the update id makes the second delivery the first one's answer).
 */
export const RECEIPT_RECONCILE_MIN_AGE_MS = COMMAND_ADMISSION_MS;
/** How often the receipt reconciler looks. */
export const RECEIPT_RECONCILE_INTERVAL_MS = 5_000;
/**
 * The bound, while a worker runs and its workflow can take commands: a saved command reaches its workflow within
 * this many seconds of its receipt without any client action (MIN_AGE + INTERVAL, plus 10 s for the pass itself).
 */
export const RECEIPT_RECONCILE_BOUND_S = 20;
/**
 * How long a deadline-driven step waits for a command received before its instant whose receipt is still pending
 * (saved by the API, not yet delivered). Six times the reconciler's bound: only a delivery that keeps failing (not a
 * slow one) reaches it. After it the step acts anyway and records the commands it did not wait for
 * (`actedDespitePendingCommands` in its event), and the command, when it comes, is judged on its receipt as usual.
 */
export const COMMAND_DEFERRAL_BOUND_MS = 120_000;
/** While a step waits for pending commands, it asks again this often (a refused command is marked, not delivered). */
export const COMMAND_DEFERRAL_RECHECK_MS = 5_000;

export interface AssignInput extends Received {
  leadDepartmentId: string;
  coHandlerDepartmentIds?: string[];
  note?: string;
  actor: Actor;
}

export interface AcknowledgeInput extends Received {
  departmentId: string;
  actor: Actor;
}

export interface SendBackInput extends Received {
  departmentId: string;
  reason: string;
  actor: Actor;
}

export interface CoHandlerInputInput extends Received {
  departmentId: string;
  text: string;
  actor: Actor;
}

export interface UrgeInput extends Received {
  note: string;
  actor: Actor;
}

/** Exactly one of `extraWorkingDays` (added to the current deadline) and `newDueDate` (`YYYY-MM-DD`, later). */
export interface ExtendInput extends Received {
  extraWorkingDays?: number;
  newDueDate?: string;
  reason: string;
  actor: Actor;
}

export interface ReassignInput extends Received {
  leadDepartmentId: string;
  coHandlerDepartmentIds?: string[];
  reason: string;
  actor: Actor;
}

export interface ReferUpwardInput extends Received {
  reason: string;
  actor: Actor;
  /**
   * The escalation level of the referrer's own body (escalationLevelOfRegion): the issue goes to the level above it,
   * or above the issue's current level if that is higher. Absent (commands sent before it existed): the current level.
   */
  referrerLevel?: number;
}

export interface ReplyInput extends Received {
  departmentId: string;
  replyClass: ReplyClass;
  text: string;
  /** Required for class B, a date after today (China time); not allowed for A and C. */
  promisedDate?: string;
  requestId: string;
  actor: Actor;
}

/** The result reported after a class B reply: final, so class A or C. */
export interface FollowUpReplyInput extends Received {
  departmentId: string;
  replyClass: Exclude<ReplyClass, 'B'>;
  text: string;
  requestId: string;
  actor: Actor;
}

export interface RateInput extends Received {
  rating: Rating;
  comment?: string;
  actor: Actor;
}

/**
 * A repeated issue is merged into another (重复件合并): this issue closes with outcome `merged` and the target's
 * handling and reply stand for both. The API checks the target (open, same place, in the caller's scope).
 */
export interface MergeIntoInput extends Received {
  targetIssueId: string;
  /** The target's number, for the record and the mails. */
  targetNumber: string;
  reason?: string;
  actor: Actor;
}

/** Liaison officer or supervisor picks the departments for an issue in triage (交办). */
export const assignUpdate = defineUpdate<IssueWorkflowState, [AssignInput]>('assign');
/** A department (lead or co-handler) confirms it has the issue (签收). */
export const acknowledgeUpdate = defineUpdate<IssueWorkflowState, [AcknowledgeInput]>('acknowledge');
/** The lead department says the issue is not its business (退回): back to triage, counted. */
export const sendBackUpdate = defineUpdate<IssueWorkflowState, [SendBackInput]>('sendBack');
/** A co-handler gives its input to the lead (协办意见). */
export const coHandlerInputUpdate = defineUpdate<IssueWorkflowState, [CoHandlerInputInput]>('coHandlerInput');
/** A supervisor urges the lead department (催办). */
export const urgeUpdate = defineUpdate<IssueWorkflowState, [UrgeInput]>('urge');
/** A supervisor extends the deadline with a reason (延期); reminders and escalation re-arm on the new deadline. */
export const extendUpdate = defineUpdate<IssueWorkflowState, [ExtendInput]>('extend');
/** A supervisor hands the issue to other departments (改办), with a fresh deadline. */
export const reassignUpdate = defineUpdate<IssueWorkflowState, [ReassignInput]>('reassign');
/** A supervisor raises the escalation level now (提级督办). */
export const referUpwardUpdate = defineUpdate<IssueWorkflowState, [ReferUpwardInput]>('referUpward');
/** The lead department's reply (答复), validated before it is accepted. */
export const replyUpdate = defineUpdate<IssueWorkflowState, [ReplyInput]>('reply');
/** The lead department reports the result promised in its class B reply (续报). */
export const followUpReplyUpdate = defineUpdate<IssueWorkflowState, [FollowUpReplyInput]>('followUpReply');
/** The deputy rates the final reply (评价). */
export const rateUpdate = defineUpdate<IssueWorkflowState, [RateInput]>('rate');

/** A liaison officer or supervisor merges this issue into another one (合并到此事项). */
export const mergeIntoUpdate = defineUpdate<IssueWorkflowState, [MergeIntoInput]>('mergeInto');

export const getStateQuery = defineQuery<IssueWorkflowState>('getState');

/**
 * Why an update was rejected: the `type` of the ApplicationFailure a validator (or, when another update changed the
 * issue first, the handler) throws. The API can map these to HTTP answers; a rejected update changes nothing.
 */
export const UPDATE_REJECTIONS = [
  'IssueClosed',
  'NotAllowedNow',
  'WrongDepartment',
  'InvalidReplyClass',
  'EmptyText',
  'PromisedDateRequired',
  'PromisedDateNotInFuture',
  'InvalidInput',
  'AlreadyAcknowledged',
  'TopLevelReached',
  'AlreadyMerged',
] as const;
export type UpdateRejection = (typeof UPDATE_REJECTIONS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Notifications (the event types are in ./issue-vocabulary)

export const NOTIFICATION_KINDS = [
  'triage_needed',
  'reminder',
  'co_handler_due',
  'overdue',
  'escalation',
  'urge',
  'extension',
  'interim_reply',
  'feedback_requested',
  'follow_up_missed',
  'closed',
  'rehandling',
  'merged',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  triage_needed: '待分办',
  reminder: '办理到期提醒',
  co_handler_due: '协办到期提醒',
  overdue: '逾期通知',
  escalation: '督办通知',
  urge: '催办通知',
  extension: '延期通知',
  interim_reply: '阶段性答复',
  feedback_requested: '请评价办理结果',
  follow_up_missed: '承诺事项逾期',
  closed: '办结通知',
  rehandling: '再次办理通知',
  merged: '事项合并通知',
};

/** The issue row's columns the workflow keeps current; a transition's `patch` holds those that step changed. */
export interface IssueRowPatch {
  status?: IssueStatus;
  round?: number;
  escalationLevel?: number;
  leadDepartmentId?: string | null;
  coHandlerDepartmentIds?: string[];
  dueAt?: string | null;
  replyClass?: ReplyClass | null;
  repliedAt?: string | null;
  promisedDate?: string | null;
  rating?: RecordedRating | null;
  closedAt?: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Activities. Every one that changes something is keyed by (issueId, stepKey) and must be idempotent: Temporal
// retries an activity whose result it did not see, and that must never send a second email or write a second row.

export interface RouteIssueInput {
  issueId: string;
}

export interface RouteDecision {
  leadDepartmentId: string;
  coHandlerDepartmentIds: string[];
  /** The routing rule that matched, for the record. */
  ruleKey?: string;
}

/**
 * For each n in `workingDays`, with D the China calendar day of `fromInstant`: n > 0 is the n-th working day after D
 * (D itself never counts), n < 0 the |n|-th working day before D. The workflow never asks for 0. Working days are
 * those of the official calendar (weekends off, national holidays off, make-up weekend days on). The answer is the
 * end of that day (23:59:59.999 China time) as an ISO instant, in the order asked.
 */
export interface ComputeDeadlinesInput {
  fromInstant: string;
  workingDays: number[];
}

export type AssignmentReason = 'routed' | 'triage' | 'reassigned' | 'rehandling';

/** Creates the round's assignments (lead and co-handlers) and emails them; for `reassigned`, closes the old ones. */
export interface AssignDepartmentsInput {
  issueId: string;
  stepKey: string;
  round: number;
  reason: AssignmentReason;
  leadDepartmentId: string;
  coHandlerDepartmentIds: string[];
  dueAt: string;
  coHandlerDueAt: string | null;
  note?: string;
  actor?: Actor;
}

/**
 * One notification step. `departmentIds` are the departments addressed; the activity adds the people each kind
 * goes to (liaison officers for triage_needed, the escalation body for escalation, the deputy for
 * interim_reply, feedback_requested, rehandling and closed, the supervisors for overdue and follow_up_missed).
 */
export interface NotifyInput {
  issueId: string;
  stepKey: string;
  kind: NotificationKind;
  round: number;
  departmentIds: string[];
  dueAt?: string | null;
  escalation?: EscalationBody;
  data: Record<string, unknown>;
}

/**
 * Appends the event (issue_id, step_key) to the log and applies `patch` to the issue row, in one transaction; a
 * retry with the same step key does nothing. `at` is when the step happened, the same on every retry: a command's
 * receipt by the API (`receivedAt`), a deadline-driven step's own instant (or, in runs started before the
 * judge-at-receipt patch, the workflow's time when the step ran).
 * `status` is the issue's status after the step. For `sent_back` the open assignments end; for `closed` all do.
 */
export interface RecordTransitionInput {
  issueId: string;
  stepKey: string;
  type: TransitionType;
  at: string;
  /**
   * For `replied` and `follow_up_replied`: whether the reply was received by its deadline (the reply deadline, or
   * the follow-up's), judged by the workflow on the instant the API received it. The activity records it as it is
   * and never reads the clock to judge it. Absent in histories recorded before it existed.
   */
  onTime?: boolean;
  status?: IssueStatus;
  patch?: IssueRowPatch;
  actor?: Actor;
  data: Record<string, unknown>;
}

/** Asks which commands received before an instant are saved but not yet decided (operations.command_receipts). */
export interface PendingCommandsInput {
  issueId: string;
  /** ISO instant: commands received strictly before it. */
  receivedBefore: string;
}

export interface IssueActivities {
  /** The lead department and co-handlers by the routing rules, or null when no rule matches (→ triage). */
  routeIssue(input: RouteIssueInput): Promise<RouteDecision | null>;
  /** Deadline instants on the official working calendar; see ComputeDeadlinesInput. Reads only. */
  computeDeadlines(input: ComputeDeadlinesInput): Promise<string[]>;
  assignDepartments(input: AssignDepartmentsInput): Promise<void>;
  notify(input: NotifyInput): Promise<void>;
  recordTransition(input: RecordTransitionInput): Promise<void>;
  /** The update ids of the issue's pending command receipts received before the instant, oldest first. Reads only. */
  pendingCommands(input: PendingCommandsInput): Promise<string[]>;
}
