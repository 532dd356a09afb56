import { CALENDAR_DAYS_2025, CALENDAR_DAYS_2026, OFFICIAL_CALENDAR_DAYS } from './official-calendar';
import { EMPTY_CALENDAR, isWorkingDay } from './working-calendar';

describe('official calendar data', () => {
  it('lists each day once', () => {
    const days = OFFICIAL_CALENDAR_DAYS.map((d) => d.day);
    expect(new Set(days).size).toBe(days.length);
  });

  it('has the published number of holidays and make-up days per year', () => {
    const count = (rows: typeof OFFICIAL_CALENDAR_DAYS, kind: string) => rows.filter((d) => d.kind === kind).length;
    // 2025: 1 + 8 + 3 + 5 + 3 + 8 days off; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7.
    expect(count(CALENDAR_DAYS_2025, 'holiday')).toBe(28);
    expect(count(CALENDAR_DAYS_2025, 'workday')).toBe(5);
    expect(count(CALENDAR_DAYS_2026, 'holiday')).toBe(33);
    expect(count(CALENDAR_DAYS_2026, 'workday')).toBe(6);
  });

  it('puts every make-up working day on a weekend', () => {
    for (const { day } of OFFICIAL_CALENDAR_DAYS.filter((d) => d.kind === 'workday')) {
      expect([day, isWorkingDay(day, EMPTY_CALENDAR)]).toEqual([day, false]);
    }
  });

  it('keeps each year in its own list', () => {
    expect(CALENDAR_DAYS_2025.every((d) => d.day.startsWith('2025-'))).toBe(true);
    expect(CALENDAR_DAYS_2026.every((d) => d.day.startsWith('2026-'))).toBe(true);
  });

  it('spells out the National Day break of 2026', () => {
    expect(CALENDAR_DAYS_2026.filter((d) => d.name === '国庆节' && d.kind === 'holiday').map((d) => d.day)).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
  });
});
