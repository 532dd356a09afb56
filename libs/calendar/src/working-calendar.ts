// Owns working-day arithmetic on the official calendar: pure functions over 'YYYY-MM-DD' strings, no I/O.
import { chinaDateOf, endOfChinaDateIso } from '@app/contracts';

/** Days that break the weekday rule: holidays are off even on weekdays, workdays (调休) are on even at weekends. */
export interface WorkingCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarDayEntry {
  readonly day: string;
  readonly kind: CalendarDayKind;
  readonly name: string;
}

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
// Long enough for any deadline, short enough to stop a calendar with no working days from looping forever.
const MAX_SCAN_DAYS = 3_660;

export const EMPTY_CALENDAR: WorkingCalendar = { holidays: new Set(), workdays: new Set() };

export function calendarFromDays(days: Iterable<Pick<CalendarDayEntry, 'day' | 'kind'>>): WorkingCalendar {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const { day, kind } of days) {
    toEpochDay(day); // reject malformed rows early rather than silently never matching them
    (kind === 'holiday' ? holidays : workdays).add(day);
  }
  return { holidays, workdays };
}

export function isWorkingDay(day: string, cal: WorkingCalendar): boolean {
  const epochDay = toEpochDay(day);
  if (cal.holidays.has(day)) return false;
  if (cal.workdays.has(day)) return true;
  const weekday = new Date(epochDay * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The n-th working day strictly after fromDay; n = 0 gives fromDay itself. */
export function addWorkingDays(fromDay: string, n: number, cal: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number >= 0, got ${n}`);
  let epochDay = toEpochDay(fromDay);
  let remaining = n;
  for (let scanned = 0; remaining > 0; scanned++) {
    if (scanned > MAX_SCAN_DAYS + n) throw new RangeError(`no ${n} working days found after ${fromDay}`);
    epochDay++;
    if (isWorkingDay(fromEpochDay(epochDay), cal)) remaining--;
  }
  return fromEpochDay(epochDay);
}

/** `day` itself if it is a working day, else the next working day (where a day off moves what falls on it). */
export function workingDayOnOrAfter(day: string, cal: WorkingCalendar): string {
  return isWorkingDay(day, cal) ? day : addWorkingDays(day, 1, cal);
}

/** The n-th working day strictly before fromDay (n ≥ 1): "k working days before the deadline". */
export function subtractWorkingDays(fromDay: string, n: number, cal: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a whole number >= 1, got ${n}`);
  let epochDay = toEpochDay(fromDay);
  let remaining = n;
  for (let scanned = 0; remaining > 0; scanned++) {
    if (scanned > MAX_SCAN_DAYS + n) throw new RangeError(`no ${n} working days found before ${fromDay}`);
    epochDay--;
    if (isWorkingDay(fromEpochDay(epochDay), cal)) remaining--;
  }
  return fromEpochDay(epochDay);
}

/**
 * Working days in (fromDay, toDay], so that workingDaysBetween(d, addWorkingDays(d, n)) === n.
 * Negative when toDay is before fromDay (e.g. "overdue by 2 working days").
 */
export function workingDaysBetween(fromDay: string, toDay: string, cal: WorkingCalendar): number {
  const from = toEpochDay(fromDay);
  const to = toEpochDay(toDay);
  if (to < from) return -workingDaysBetween(toDay, fromDay, cal);
  let count = 0;
  for (let epochDay = from + 1; epochDay <= to; epochDay++) {
    if (isWorkingDay(fromEpochDay(epochDay), cal)) count++;
  }
  return count;
}

/** The calendar date in China (Asia/Shanghai) at the given instant (China time itself lives in @app/contracts). */
export function chinaDay(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('chinaDay needs a valid Date');
  return chinaDateOf(instant);
}

/** The last millisecond of the given day in China: 23:59:59.999 +08:00. */
export function endOfChinaDay(day: string): Date {
  toEpochDay(day); // the same message for a malformed day as every other function here
  return new Date(endOfChinaDateIso(day));
}

/** A deadline n working days after the China day of `from`, at the end of that day. */
export function workingDeadline(from: Date, n: number, cal: WorkingCalendar): Date {
  return endOfChinaDay(addWorkingDays(chinaDay(from), n, cal));
}

function toEpochDay(day: string): number {
  const ms = DAY_PATTERN.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  // Date.parse rolls '2026-02-30' over to March; the round trip catches it.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`not a calendar day in YYYY-MM-DD form: '${day}'`);
  }
  return ms / DAY_MS;
}

function fromEpochDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}
