// Reporting periods as the API takes them: [from, to) in China calendar dates.
import type { Period } from '../../api/supervision';
import { chinaToday } from '../../components/format';

export const PERIOD_CHOICES = ['month', 'quarter', 'year', 'twelve'] as const;
export type PeriodChoice = (typeof PERIOD_CHOICES)[number];

function monthStart(year: number, month: number): string {
  // month may run past 1..12: normalise through a date.
  const date = new Date(Date.UTC(year, month - 1, 1));
  return date.toISOString().slice(0, 10);
}

export function periodOf(choice: PeriodChoice, today = chinaToday()): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  switch (choice) {
    case 'month':
      return { from: monthStart(year, month), to: monthStart(year, month + 1) };
    case 'quarter':
      return { from: monthStart(year, month - 2), to: monthStart(year, month + 1) };
    case 'year':
      return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
    case 'twelve':
      return { from: monthStart(year, month - 11), to: monthStart(year, month + 1) };
  }
}

/** The months of a period that starts on a first of the month: [{ label: '2026-03', from, to }]. */
export function monthsOf(period: Period): { label: string; period: Period }[] {
  const months: { label: string; period: Period }[] = [];
  let year = Number(period.from.slice(0, 4));
  let month = Number(period.from.slice(5, 7));
  for (let guard = 0; guard < 24; guard++) {
    const from = monthStart(year, month);
    if (from >= period.to) break;
    months.push({ label: from.slice(0, 7), period: { from, to: monthStart(year, month + 1) } });
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** The last day of a period, for people: [2026-01-01, 2026-02-01) reads 2026-01-01 至 2026-01-31. */
export function lastDayOf(period: Period): string {
  return new Date(Date.parse(`${period.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
