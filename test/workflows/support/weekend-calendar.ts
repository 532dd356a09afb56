// A stand-in working calendar for workflow tests: Monday to Friday are working days, nothing else is special.
// The workflow only sleeps until the instants the calendar activity answers, so its logic is tested on this one;
// the official calendar (holidays and make-up days) is used where a test is about it.
import { chinaDateOf, endOfChinaDateIso } from '@app/contracts';

const DAY_MS = 24 * 60 * 60 * 1000;

export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** The end of the n-th working day after (n > 0) or before (n < 0) the China day of `fromInstant`. */
export function weekendDeadline(fromInstant: string, workingDays: number): string {
  let date = chinaDateOf(fromInstant);
  const step = workingDays > 0 ? 1 : -1;
  for (let left = Math.abs(workingDays); left > 0;) {
    date = addCalendarDays(date, step);
    if (!isWeekend(date)) left -= 1;
  }
  return endOfChinaDateIso(date);
}
