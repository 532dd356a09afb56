// Owns the reporting period: [from, to) in China calendar dates, and the month a monthly report covers.
import { isIsoDate } from '@app/contracts';

export interface Period {
  /** First day, YYYY-MM-DD (China date), included. */
  from: string;
  /** Day after the last, YYYY-MM-DD (China date), excluded. */
  to: string;
}

/** The longest period a query may cover: ten years of collection days. */
export const MAX_PERIOD_DAYS = 3_660;

const MONTH = /^(\d{4})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Why these dates are not a period, or null when they are one. */
export function periodProblem(from: string, to: string): string | null {
  if (!isIsoDate(from)) return 'from must be a date, YYYY-MM-DD';
  if (!isIsoDate(to)) return 'to must be a date, YYYY-MM-DD';
  const days = daysBetween(from, to);
  if (days <= 0) return 'to must be after from (the period is [from, to))';
  if (days > MAX_PERIOD_DAYS) return `a period may cover at most ${MAX_PERIOD_DAYS} days`;
  return null;
}

export function period(from: string, to: string): Period {
  const problem = periodProblem(from, to);
  if (problem) throw new RangeError(problem);
  return { from, to };
}

/** '2025-02' → [2025-02-01, 2025-03-01). */
export function monthPeriod(month: string): Period {
  const match = MONTH.exec(month);
  const [year, m] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!match || m < 1 || m > 12) throw new RangeError(`not a month in YYYY-MM form: '${month}'`);
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}

export function isMonth(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    monthPeriod(value);
    return true;
  } catch {
    return false;
  }
}

/** A calendar month of a period, clipped to it: a period from the 15th starts with half a month. */
export interface PeriodMonth {
  /** YYYY-MM. */
  month: string;
  period: Period;
}

/** The months a period touches, in order, each clipped to the period: [2025-01-15, 2025-03-01) → 2025-01, 2025-02. */
export function monthsOf(p: Period): PeriodMonth[] {
  const months: PeriodMonth[] = [];
  let month = p.from.slice(0, 7);
  while (`${month}-01` < p.to) {
    const whole = monthPeriod(month);
    months.push({
      month,
      period: { from: whole.from < p.from ? p.from : whole.from, to: whole.to > p.to ? p.to : whole.to },
    });
    month = whole.to.slice(0, 7);
  }
  return months;
}

/** The last day of a period (the day before `to`). */
export function lastDayOf(p: Period): string {
  return new Date(Date.parse(`${p.to}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
}
