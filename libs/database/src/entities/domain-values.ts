// The closed value sets the schema enforces with CHECK constraints (text columns, not pg enum types,
// so that adding a value is a plain constraint swap in a migration).
import type { CalendarDayKind } from '@app/calendar';

export const REGION_LEVELS = ['city', 'county', 'township', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const STATION_LEVELS = ['township', 'village'] as const;
export type StationLevel = (typeof STATION_LEVELS)[number];

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export const DEPUTY_LEVELS = ['national', 'provincial', 'city', 'county', 'township'] as const;
export type DeputyLevel = (typeof DEPUTY_LEVELS)[number];

export const USER_ROLES = ['deputy', 'department', 'liaison', 'supervisor', 'admin'] as const;
export type Role = (typeof USER_ROLES)[number];

export const ISSUE_CHANNELS = ['reception_day', 'visit', 'walk_in', 'phone', 'voter_code'] as const;
export type IssueChannel = (typeof ISSUE_CHANNELS)[number];
/** What a deputy may record by hand; `voter_code` is set only by accepting a voter's own submission (代表码). */
export const DEPUTY_CHANNELS = [
  'reception_day',
  'visit',
  'walk_in',
  'phone',
] as const satisfies readonly IssueChannel[];

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

// The issue workflow owns the lifecycle; the read model stores its statuses as they are.
export { ISSUE_STATUSES, type IssueStatus } from '@app/contracts';

/** A = solved or essentially solved; B = being solved or scheduled; C = cannot be solved now, explained. */
export const REPLY_CLASSES = ['A', 'B', 'C'] as const;
export type ReplyClass = (typeof REPLY_CLASSES)[number];

export const SATISFACTION_RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied', 'not_rated'] as const;
export type SatisfactionRating = (typeof SATISFACTION_RATINGS)[number];

export const ASSIGNMENT_ROLES = ['lead', 'co'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

export const ASSIGNMENT_STATUSES = ['assigned', 'acknowledged', 'sent_back', 'answered', 'withdrawn'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const REPLY_KINDS = ['reply', 'follow_up'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const satisfies readonly CalendarDayKind[];

/** SQL for a CHECK constraint limiting a column to a value set. */
export function oneOf(column: string, values: readonly string[]): string {
  return `"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})`;
}

/** What a jsonb column holds: plain JSON, so rows can be written with TypeORM's typed insert and update. */
export type JsonValue = string | number | boolean | null | JsonObject | JsonArray;
// Interfaces, not aliases: TypeORM's deep-partial types then recurse through them without blowing up.
export interface JsonObject {
  [key: string]: JsonValue;
}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- named so that the recursion stays lazy
export interface JsonArray extends Array<JsonValue> {}
