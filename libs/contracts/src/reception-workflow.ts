// The reception-day contract (接待日): the station's recurring rule and its nominal dates, the duty rota, the
// workflow run for each occurrence and the schedule tick that starts them, their updates, query, statuses, step keys
// and activities. Pure code only: the workflow bundle, the API and the worker all compile against this file.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from './issue-workflow';
import type { RejectionStatus } from './workflow-rejection';

// ---------------------------------------------------------------------------------------------------------------
// Identity

export const RECEPTION_DAY_WORKFLOW_TYPE = 'receptionDayWorkflow';
export const RECEPTION_SCHEDULE_WORKFLOW_TYPE = 'receptionScheduleWorkflow';

/** One Temporal Schedule per station with a plan. */
export function receptionScheduleId(stationId: string): string {
  return `reception-${stationId}`;
}

/** The tick's workflow id prefix; the schedule appends the scheduled time to it. */
export function receptionTickWorkflowId(stationId: string): string {
  return `reception-tick-${stationId}`;
}

/**
 * One workflow per station and nominal date (the date the rule gives, before any move off a holiday): a second
 * trigger for the same day finds it started (or finished) and starts nothing.
 */
export function receptionDayWorkflowId(stationId: string, nominalDate: string): string {
  return `reception-${stationId}-${nominalDate}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The rule: stored as text in stations.reception_rule
//   monthly:<day>            the <day>-th of every month, 1-28 (29-31 do not exist every month: officials say
//                            "the last days of the month" differently, so the rule refuses them)
//   monthly:<n>:<weekday>    the n-th (1-4) weekday of every month, weekday mon|tue|wed|thu|fri|sat|sun

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const WEEKDAY_ZH: Record<Weekday, string> = {
  mon: '星期一',
  tue: '星期二',
  wed: '星期三',
  thu: '星期四',
  fri: '星期五',
  sat: '星期六',
  sun: '星期日',
};
const ORDINAL_ZH = ['', '第一个', '第二个', '第三个', '第四个'];

export type ReceptionRule =
  { kind: 'day_of_month'; day: number } | { kind: 'nth_weekday'; nth: number; weekday: Weekday };

export const RECEPTION_RULE_PATTERN = /^monthly:(?:([1-9]|1\d|2[0-8])|([1-4]):(mon|tue|wed|thu|fri|sat|sun))$/;

/** The rule a stored text means, or null when the text is not a rule. */
export function parseReceptionRule(text: string | null | undefined): ReceptionRule | null {
  const match = typeof text === 'string' ? RECEPTION_RULE_PATTERN.exec(text) : null;
  if (!match) return null;
  if (match[1]) return { kind: 'day_of_month', day: Number(match[1]) };
  return { kind: 'nth_weekday', nth: Number(match[2]), weekday: match[3] as Weekday };
}

export function formatReceptionRule(rule: ReceptionRule): string {
  return rule.kind === 'day_of_month' ? `monthly:${rule.day}` : `monthly:${rule.nth}:${rule.weekday}`;
}

/** 每月8日 / 每月第一个星期一 */
export function describeReceptionRule(rule: ReceptionRule): string {
  return rule.kind === 'day_of_month' ? `每月${rule.day}日` : `每月${ORDINAL_ZH[rule.nth]}${WEEKDAY_ZH[rule.weekday]}`;
}

const DAY_MS = 86_400_000;
const epochDay = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOfEpochDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** `date` plus `days` calendar days (YYYY-MM-DD). */
export function addCalendarDays(date: string, days: number): string {
  return dateOfEpochDay(epochDay(date) + days);
}

/** The rule's date in one month (month 1-12). */
export function nominalDateIn(rule: ReceptionRule, year: number, month: number): string {
  if (rule.kind === 'day_of_month') return dateOfEpochDay(Date.UTC(year, month - 1, rule.day) / DAY_MS);
  const first = new Date(Date.UTC(year, month - 1, 1));
  const isoWeekday = ((first.getUTCDay() + 6) % 7) + 1; // Monday 1 … Sunday 7
  const wanted = WEEKDAYS.indexOf(rule.weekday) + 1;
  const day = 1 + ((wanted - isoWeekday + 7) % 7) + (rule.nth - 1) * 7;
  return dateOfEpochDay(Date.UTC(year, month - 1, day) / DAY_MS);
}

/**
 * How far back a schedule tick looks for rule dates that have passed but whose reception day, moved off a weekend or
 * holiday, is still to come: longer than the longest run of days off on the official calendar (Spring Festival and
 * National Day: 8 days, with the weekends around them).
 */
export const RECEPTION_MOVE_LOOKBACK_DAYS = 15;

/** The rule's dates in [from, to] (both YYYY-MM-DD), in order. */
export function nominalDatesBetween(rule: ReceptionRule, from: string, to: string): string[] {
  const dates: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  for (;;) {
    const date = nominalDateIn(rule, year, month);
    if (date > to) return dates;
    if (date >= from) dates.push(date);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The duty rota: a rotation order of the station's deputies, N of them per reception day, taking turns month by
// month from the month the rotation starts (轮流值班); a per-date override replaces the turn for one day (调班).

export interface RotaPlan {
  /** Deputy ids in the order they take turns. */
  order: string[];
  deputiesPerDay: number;
  /** YYYY-MM-DD: the month of this date takes the first turn. */
  startsOn: string;
  /** Nominal date → the deputies on duty that day instead of the turn. */
  overrides: Record<string, string[]>;
}

/** Who is on duty on the reception day with this nominal date. */
export function dutyDeputiesFor(plan: RotaPlan, nominalDate: string): string[] {
  const override = plan.overrides[nominalDate];
  if (override) return [...new Set(override)];
  const size = plan.order.length;
  if (size === 0) return [];
  const months = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
  const turn = months(nominalDate) - months(plan.startsOn);
  const count = Math.min(plan.deputiesPerDay, size);
  const first = (((turn * count) % size) + size) % size;
  return Array.from({ length: count }, (_, i) => plan.order[(first + i) % size]);
}

// ---------------------------------------------------------------------------------------------------------------
// Policy: fixed into the schedule's action (and so into each occurrence's input) when the plan is set

export interface ReceptionPolicy {
  /** The reminder to the deputies on duty and the liaison officer goes this many working days before the day. */
  reminderWorkingDaysBefore: number;
  /** The reception should be recorded by the end of this many working days after the day, else a reminder. */
  recordWorkingDaysAfter: number;
  /** After this many working days without a record it is noted overdue (more than recordWorkingDaysAfter). */
  overdueWorkingDaysAfter: number;
  /** How far ahead (calendar days) each schedule tick opens reception days: more than a month's gap. */
  lookaheadDays: number;
}

export const DEFAULT_RECEPTION_POLICY: Readonly<ReceptionPolicy> = {
  reminderWorkingDaysBefore: 2,
  recordWorkingDaysAfter: 3,
  overdueWorkingDaysAfter: 5,
  lookaheadDays: 35,
};

export function validateReceptionPolicy(policy: ReceptionPolicy): string[] {
  const problems: string[] = [];
  const whole = (value: unknown, min: number): boolean => Number.isInteger(value) && (value as number) >= min;
  if (!whole(policy.reminderWorkingDaysBefore, 1)) problems.push('reminderWorkingDaysBefore must be ≥ 1');
  if (!whole(policy.recordWorkingDaysAfter, 1)) problems.push('recordWorkingDaysAfter must be ≥ 1');
  if (!whole(policy.overdueWorkingDaysAfter, 1) || policy.overdueWorkingDaysAfter <= policy.recordWorkingDaysAfter) {
    problems.push('overdueWorkingDaysAfter must be more than recordWorkingDaysAfter');
  }
  if (!whole(policy.lookaheadDays, 31)) problems.push('lookaheadDays must be ≥ 31');
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs, statuses and state

export interface ReceptionScheduleInput {
  stationId: string;
  rule: string;
  policy: ReceptionPolicy;
}

export interface ReceptionDayInput {
  stationId: string;
  /** The rule's date; the reception is held on it, or on the next working day when it is not one. */
  nominalDate: string;
  policy: ReceptionPolicy;
}

/**
 * scheduled → reminded → awaiting_record (the day is over) → overdue; ending held, not_held, or cancelled (the
 * plan changed or was cleared before the day).
 */
export const RECEPTION_STATUSES = [
  'scheduled',
  'reminded',
  'awaiting_record',
  'overdue',
  'held',
  'not_held',
  'cancelled',
] as const;
export type ReceptionStatus = (typeof RECEPTION_STATUSES)[number];
export const RECEPTION_STATUS_LABELS: Readonly<Record<ReceptionStatus, string>> = {
  scheduled: '已排期',
  reminded: '已提醒',
  awaiting_record: '待登记',
  overdue: '逾期未登记',
  held: '已接待',
  not_held: '未举行',
  cancelled: '已取消',
};
/**
 * How a reception came about: a day the station's rule gives (its workflow opens, reminds and chases it), or one the
 * liaison officer records after it was held outside the rule: 临时 (voters came, deputies received them) or 预约 (by
 * appointment). These two run no workflow: recorded after the fact, nothing is left to remind or chase.
 */
export const RECEPTION_KINDS = ['scheduled', 'ad_hoc', 'appointment'] as const;
export type ReceptionKind = (typeof RECEPTION_KINDS)[number];
export const AD_HOC_RECEPTION_KINDS = ['ad_hoc', 'appointment'] as const satisfies readonly ReceptionKind[];
export type AdHocReceptionKind = (typeof AD_HOC_RECEPTION_KINDS)[number];
export const RECEPTION_KIND_LABELS: Readonly<Record<ReceptionKind, string>> = {
  scheduled: '接待日',
  ad_hoc: '临时接待',
  appointment: '预约接待',
};

export const OPEN_RECEPTION_STATUSES: readonly ReceptionStatus[] = [
  'scheduled',
  'reminded',
  'awaiting_record',
  'overdue',
];

export interface ReceptionRecord {
  votersReceived: number;
  notes: string;
  presentDeputyIds: string[];
  issueIds: string[];
  at: string;
  actor: Actor;
}

export interface ReceptionHistoryEntry {
  at: string;
  stepKey: string;
  type: ReceptionTransitionType;
  status: ReceptionStatus;
  actor?: Actor;
}

export interface ReceptionDayState {
  stationId: string;
  nominalDate: string;
  /** Null until the workflow has opened the reception row. */
  receptionId: string | null;
  heldOn: string | null;
  /** True when the nominal date is not a working day and the reception moved to the next one. */
  moved: boolean;
  status: ReceptionStatus;
  remindAt: string | null;
  dayEndsAt: string | null;
  recordDueAt: string | null;
  overdueAt: string | null;
  record: ReceptionRecord | null;
  notHeld: { reason: string; at: string; actor: Actor } | null;
  cancelled: { reason: string; at: string; actor: Actor } | null;
  history: ReceptionHistoryEntry[];
}

// ---------------------------------------------------------------------------------------------------------------
// Updates and the query

export interface RecordReceptionInput {
  votersReceived: number;
  notes: string;
  /** The deputies who received voters (usually those on duty). */
  presentDeputyIds: string[];
  /** The issues raised, already created through intake (channel reception_day). */
  issueIds: string[];
  actor: Actor;
}

export interface MarkNotHeldInput {
  reason: string;
  actor: Actor;
}

export interface CancelReceptionInput {
  reason: string;
  actor: Actor;
}

/** The liaison officer records the reception: from the day it is held on. */
export const recordReceptionUpdate = defineUpdate<ReceptionDayState, [RecordReceptionInput]>('recordReception');
/** The liaison officer says the reception did not take place, with the reason. */
export const markNotHeldUpdate = defineUpdate<ReceptionDayState, [MarkNotHeldInput]>('markNotHeld');
/** The plan changed or was cleared: a reception day not yet held is called off. */
export const cancelReceptionUpdate = defineUpdate<ReceptionDayState, [CancelReceptionInput]>('cancelReception');
export const getReceptionStateQuery = defineQuery<ReceptionDayState>('getReceptionState');

/** The `type` of the ApplicationFailure a rejected reception update carries. */
export const RECEPTION_UPDATE_REJECTIONS = [
  'ReceptionClosed',
  'ReceptionNotOpen',
  'NotYetHeld',
  'InvalidInput',
] as const;
export type ReceptionUpdateRejection = (typeof RECEPTION_UPDATE_REJECTIONS)[number];
/** What each rejection answers over HTTP: a day still being opened is worth retrying (503), a closed one is not. */
export const RECEPTION_REJECTION_STATUS: Readonly<Record<ReceptionUpdateRejection, RejectionStatus>> = {
  ReceptionClosed: 409,
  ReceptionNotOpen: 503,
  NotYetHeld: 409,
  InvalidInput: 400,
};

// ---------------------------------------------------------------------------------------------------------------
// Transitions and activities. Step keys, unique per reception (UNIQUE(reception_id, step_key)):
//   scheduled          the reception row opened (written by openReception)
//   reminder           the deputies on duty and the liaison officer were reminded
//   day-passed         the day is over and nothing is recorded yet
//   record-reminder    the record is due and missing: the liaison officer is reminded
//   overdue            still missing: noted overdue
//   update:<updateId>  recorded / not held / cancelled

export const RECEPTION_TRANSITION_TYPES = [
  'scheduled',
  'reminded',
  'day_passed',
  'record_reminder',
  'overdue',
  'recorded',
  'not_held',
  'cancelled',
] as const;
export type ReceptionTransitionType = (typeof RECEPTION_TRANSITION_TYPES)[number];
export const RECEPTION_TRANSITION_LABELS: Readonly<Record<ReceptionTransitionType, string>> = {
  scheduled: '排期',
  reminded: '接待提醒',
  day_passed: '接待日已过',
  record_reminder: '催登记',
  overdue: '逾期未登记',
  recorded: '登记接待',
  not_held: '未举行',
  cancelled: '取消',
};

export const RECEPTION_NOTICE_KINDS = ['reminder', 'record_reminder', 'overdue'] as const;
export type ReceptionNoticeKind = (typeof RECEPTION_NOTICE_KINDS)[number];

export interface OpenReceptionInput {
  stationId: string;
  nominalDate: string;
  workflowId: string;
  policy: ReceptionPolicy;
}

/** The reception row (created, or found from an earlier attempt) and its instants on the official calendar. */
export interface OpenedReception {
  receptionId: string;
  heldOn: string;
  moved: boolean;
  /** 09:00 China time on the working day reminderWorkingDaysBefore before heldOn. */
  remindAt: string;
  /** The end of heldOn. */
  dayEndsAt: string;
  recordDueAt: string;
  overdueAt: string;
  /** The status the row has now (a retried or replayed open finds the row as it is). */
  status: ReceptionStatus;
}

/** Mails one notice of a reception; for `reminder` it first takes the duty deputies from the current rota. */
export interface ReceptionNoticeInput {
  receptionId: string;
  stepKey: string;
  kind: ReceptionNoticeKind;
}

export interface RecordReceptionTransitionInput {
  receptionId: string;
  stepKey: string;
  type: ReceptionTransitionType;
  at: string;
  status: ReceptionStatus;
  actor?: Actor;
  data: Record<string, unknown>;
}

export interface HeldOnDatesInput {
  nominalDates: string[];
}

export interface ReceptionActivities {
  /** Nominal date → the day it is held on the official calendar (itself, or the next working day). */
  heldOnDates(input: HeldOnDatesInput): Promise<Record<string, string>>;
  openReception(input: OpenReceptionInput): Promise<OpenedReception>;
  sendReceptionNotice(input: ReceptionNoticeInput): Promise<void>;
  recordReceptionTransition(input: RecordReceptionTransitionInput): Promise<void>;
}
