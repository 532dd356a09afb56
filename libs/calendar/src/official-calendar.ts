// The State Council's public-holiday schedules (国务院办公厅关于部分节假日安排的通知), as published.
// A published year never changes: add a new year as a new constant and a new data migration.
import type { CalendarDayEntry } from './working-calendar';

export const CALENDAR_DAYS_2025: readonly CalendarDayEntry[] = [
  ...holiday('元旦', '2025-01-01'),
  ...holiday('春节', '2025-01-28', '2025-02-04'),
  ...makeUp('春节', '2025-01-26', '2025-02-08'),
  ...holiday('清明节', '2025-04-04', '2025-04-06'),
  ...holiday('劳动节', '2025-05-01', '2025-05-05'),
  ...makeUp('劳动节', '2025-04-27'),
  ...holiday('端午节', '2025-05-31', '2025-06-02'),
  ...holiday('国庆节、中秋节', '2025-10-01', '2025-10-08'),
  ...makeUp('国庆节、中秋节', '2025-09-28', '2025-10-11'),
];

export const CALENDAR_DAYS_2026: readonly CalendarDayEntry[] = [
  ...holiday('元旦', '2026-01-01', '2026-01-03'),
  ...makeUp('元旦', '2026-01-04'),
  ...holiday('春节', '2026-02-15', '2026-02-23'),
  ...makeUp('春节', '2026-02-14', '2026-02-28'),
  ...holiday('清明节', '2026-04-04', '2026-04-06'),
  ...holiday('劳动节', '2026-05-01', '2026-05-05'),
  ...makeUp('劳动节', '2026-05-09'),
  ...holiday('端午节', '2026-06-19', '2026-06-21'),
  ...holiday('中秋节', '2026-09-25', '2026-09-27'),
  ...holiday('国庆节', '2026-10-01', '2026-10-07'),
  ...makeUp('国庆节', '2026-09-20', '2026-10-10'),
];

/** Every day of the published schedules, holidays (weekend ones included) and make-up working days. */
export const OFFICIAL_CALENDAR_DAYS: readonly CalendarDayEntry[] = [...CALENDAR_DAYS_2025, ...CALENDAR_DAYS_2026];

function holiday(name: string, first: string, last = first): CalendarDayEntry[] {
  const days: CalendarDayEntry[] = [];
  for (let ms = Date.parse(`${first}T00:00:00Z`); ms <= Date.parse(`${last}T00:00:00Z`); ms += 86_400_000) {
    days.push({ day: new Date(ms).toISOString().slice(0, 10), kind: 'holiday', name });
  }
  return days;
}

function makeUp(name: string, ...days: string[]): CalendarDayEntry[] {
  return days.map((day) => ({ day, kind: 'workday', name: `${name}调休上班` }));
}
