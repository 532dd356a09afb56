// The web app's one home for showing dates: as officials write them, 2025-11-03 14:05, in China time whatever the
// browser's time zone (the arithmetic is libs/contracts' china-date, shared with the mails and the voter pages).
// Calendar dates (YYYY-MM-DD) stay as they are. Pages import these instead of toLocaleString or adding 8 hours.
import { chinaDateOf, chinaTimeOf } from '../../../../libs/contracts/src/china-date';

export function dateTime(iso: string | null | undefined): string {
  return iso ? chinaTimeOf(iso) : '—';
}

export function dateOnly(iso: string | null | undefined): string {
  return iso ? chinaDateOf(iso) : '—';
}

/** The China wall-clock time of an instant, HH:mm:ss (live pages stamp what just arrived). */
export function timeOfDay(instant: Date | string = new Date()): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + 8 * 3_600_000).toISOString().slice(11, 19);
}

/** Today's calendar date in China (UTC+8), which is what the API compares promised dates with. */
export function chinaToday(): string {
  return chinaDateOf(Date.now());
}

/** The calendar day after (or, with -1, before) a YYYY-MM-DD day: for exclusive period ends. */
export function dayAfter(day: string, days = 1): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return `${(value * 100).toFixed(1)}%`;
}

/** A fresh idempotency key: one per draft or per attempt at one action, re-sent on every retry of it. */
export function newKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
