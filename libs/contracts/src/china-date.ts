// Owns China time (UTC+8 all year, no daylight saving since 1991): the calendar date of an instant, the start and end
// of a date, the wall-clock reading shown in mails and reports. Pure arithmetic the workflow bundle can use; every
// other module (the calendar library, the mails, the API's filters and pages) calls these instead of adding 8 hours.
// Working-day counting on the official calendar is not here: it belongs to the calendar library, behind an activity.

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (so `2026-02-30` is false). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The China calendar date (`YYYY-MM-DD`) on which an instant falls. */
export function chinaDateOf(instant: string | number | Date): string {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 China time on a calendar date, as an ISO instant (UTC). */
export function startOfChinaDateIso(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - CHINA_OFFSET_MS).toISOString();
}

/** The China wall-clock reading of an instant to the minute, `YYYY-MM-DD HH:mm`, as mails and reports print it. */
export function chinaTimeOf(instant: string | number | Date): string {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  const shifted = new Date(ms + CHINA_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/** The last millisecond of a China calendar date, as an ISO instant (UTC): deadlines run to the end of their day. */
export function endOfChinaDateIso(date: string): string {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date: ${String(date)}`);
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - CHINA_OFFSET_MS + DAY_MS - 1).toISOString();
}
