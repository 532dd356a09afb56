import { OFFICIAL_CALENDAR_DAYS } from './official-calendar';
import {
  addWorkingDays,
  calendarFromDays,
  chinaDay,
  EMPTY_CALENDAR,
  endOfChinaDay,
  isWorkingDay,
  subtractWorkingDays,
  workingDaysBetween,
  workingDeadline,
} from './working-calendar';

const official = calendarFromDays(OFFICIAL_CALENDAR_DAYS);

describe('isWorkingDay', () => {
  it('takes weekdays as working and weekends as off', () => {
    expect(isWorkingDay('2025-03-07', EMPTY_CALENDAR)).toBe(true); // Friday
    expect(isWorkingDay('2025-03-08', EMPTY_CALENDAR)).toBe(false); // Saturday
    expect(isWorkingDay('2025-03-09', EMPTY_CALENDAR)).toBe(false); // Sunday
    expect(isWorkingDay('2025-03-10', EMPTY_CALENDAR)).toBe(true); // Monday
  });

  it('takes a holiday on a weekday as off', () => {
    expect(isWorkingDay('2025-10-01', official)).toBe(false); // Wednesday, National Day
    expect(isWorkingDay('2026-05-05', official)).toBe(false); // Tuesday, Labour Day
  });

  it('takes a make-up Sunday and a make-up Saturday as working', () => {
    expect(isWorkingDay('2026-01-04', official)).toBe(true); // Sunday after New Year
    expect(isWorkingDay('2025-04-27', official)).toBe(true); // Sunday before Labour Day
    expect(isWorkingDay('2026-10-10', official)).toBe(true); // Saturday after National Day
  });

  it('rejects days that are not YYYY-MM-DD calendar dates', () => {
    expect(() => isWorkingDay('2026-02-30', official)).toThrow(RangeError);
    expect(() => isWorkingDay('2026-9-1', official)).toThrow(RangeError);
    expect(() => isWorkingDay('2026-09-01T00:00:00Z', official)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('skips the weekend', () => {
    expect(addWorkingDays('2025-03-07', 1, EMPTY_CALENDAR)).toBe('2025-03-10'); // Fri → Mon
    expect(addWorkingDays('2025-03-08', 1, EMPTY_CALENDAR)).toBe('2025-03-10'); // Sat → Mon
    expect(addWorkingDays('2025-03-03', 5, EMPTY_CALENDAR)).toBe('2025-03-10'); // Mon → next Mon
  });

  it('counts 15 working days from 2026-09-24 across Mid-Autumn and National Day, make-up Saturday included', () => {
    // Off: 09-25..27 (中秋), 10-01..07 (国庆), weekends. Working: 09-28, 29, 30 (1-3), 10-08, 09 (4-5),
    // Saturday 10-10 (6, 调休), 10-12..16 (7-11), 10-19..22 (12-15).
    expect(addWorkingDays('2026-09-24', 15, official)).toBe('2026-10-22');
    // Without the make-up Saturday the same count would land a day later.
    const withoutMakeUp = { holidays: official.holidays, workdays: new Set<string>() };
    expect(addWorkingDays('2026-09-24', 15, withoutMakeUp)).toBe('2026-10-23');
  });

  it('lands on a make-up Sunday', () => {
    // 01-01..03 are the New Year holiday; Sunday 01-04 is worked.
    expect(addWorkingDays('2025-12-31', 1, official)).toBe('2026-01-04');
    expect(addWorkingDays('2025-01-24', 1, official)).toBe('2025-01-26'); // Sunday before Spring Festival
  });

  it('jumps the whole Spring Festival break', () => {
    // 2026-02-13 Fri; Sat 02-14 is worked; 02-15..23 off; Tue 02-24 next.
    expect(addWorkingDays('2026-02-13', 1, official)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2, official)).toBe('2026-02-24');
  });

  it('counts from a day off as from any other day', () => {
    expect(addWorkingDays('2026-10-03', 1, official)).toBe('2026-10-08');
  });

  it('gives the day itself for zero and refuses negative or fractional counts', () => {
    expect(addWorkingDays('2026-10-03', 0, official)).toBe('2026-10-03');
    expect(() => addWorkingDays('2026-10-03', -1, official)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-10-03', 1.5, official)).toThrow(RangeError);
  });

  it('stops on a calendar without any working day instead of looping forever', () => {
    const allOff = {
      holidays: new Set(Array.from({ length: 4000 }, (_, i) => day(i + 1))),
      workdays: new Set<string>(),
    };
    expect(() => addWorkingDays('2030-01-01', 1, allOff)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after the first day up to and including the second', () => {
    expect(workingDaysBetween('2026-09-24', '2026-10-22', official)).toBe(15);
    expect(workingDaysBetween('2025-03-07', '2025-03-10', official)).toBe(1);
    expect(workingDaysBetween('2025-03-07', '2025-03-07', official)).toBe(0);
  });

  it('is negative when the second day is earlier', () => {
    expect(workingDaysBetween('2026-10-22', '2026-09-24', official)).toBe(-15);
  });

  it('inverts addWorkingDays over the published years', () => {
    for (const from of ['2025-01-20', '2025-09-26', '2026-02-10', '2026-04-30', '2026-12-28']) {
      for (const n of [1, 3, 15, 40]) {
        expect(workingDaysBetween(from, addWorkingDays(from, n, official), official)).toBe(n);
      }
    }
  });
});

describe('China days', () => {
  it('takes the date in UTC+8', () => {
    expect(chinaDay(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30');
    expect(chinaDay(new Date('2026-09-30T16:00:00.000Z'))).toBe('2026-10-01');
    expect(chinaDay(new Date('2026-01-01T00:00:00+08:00'))).toBe('2026-01-01');
  });

  it('ends a day at 23:59:59.999 +08:00', () => {
    expect(endOfChinaDay('2026-10-22').toISOString()).toBe('2026-10-22T15:59:59.999Z');
    expect(chinaDay(endOfChinaDay('2026-12-31'))).toBe('2026-12-31');
    expect(chinaDay(new Date(endOfChinaDay('2026-12-31').getTime() + 1))).toBe('2027-01-01');
  });

  it('refuses an invalid Date', () => {
    expect(() => chinaDay(new Date('nonsense'))).toThrow(RangeError);
  });

  it('sets a deadline at the end of the n-th working China day', () => {
    // 2026-09-23 17:00 UTC is already 09-24 01:00 in China: counting starts from 09-24, not 09-23.
    expect(workingDeadline(new Date('2026-09-23T17:00:00Z'), 15, official).toISOString()).toBe(
      '2026-10-22T15:59:59.999Z',
    );
    expect(workingDeadline(new Date('2026-09-24T10:00:00+08:00'), 15, official)).toEqual(endOfChinaDay('2026-10-22'));
  });
});

function day(offset: number): string {
  return new Date(Date.parse('2030-01-01T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);
}

describe('subtractWorkingDays', () => {
  it('counts back over a weekend', () => {
    expect(subtractWorkingDays('2025-03-10', 1, EMPTY_CALENDAR)).toBe('2025-03-07'); // Monday → Friday
  });

  it('skips the National Day holiday and counts the make-up Sunday before it', () => {
    // From Friday 2026-10-09: Thursday 10-08 works, 10-01..07 are off, then Wednesday 09-30, Monday 09-28.
    expect(subtractWorkingDays('2026-10-09', 1, official)).toBe('2026-10-08');
    expect(subtractWorkingDays('2026-10-09', 2, official)).toBe('2026-09-30');
    expect(subtractWorkingDays('2026-10-09', 4, official)).toBe('2026-09-28');
    // The make-up Sunday 2026-09-20 counts as the working day before Monday 09-21.
    expect(subtractWorkingDays('2026-09-21', 1, official)).toBe('2026-09-20');
    expect(subtractWorkingDays('2026-09-21', 2, official)).toBe('2026-09-18');
  });

  it('undoes addWorkingDays from a working day', () => {
    for (const n of [1, 3, 15]) {
      expect(subtractWorkingDays(addWorkingDays('2026-09-24', n, official), n, official)).toBe('2026-09-24');
    }
  });

  it('refuses zero, negative and fractional counts', () => {
    expect(() => subtractWorkingDays('2026-09-24', 0, official)).toThrow(RangeError);
    expect(() => subtractWorkingDays('2026-09-24', -1, official)).toThrow(RangeError);
    expect(() => subtractWorkingDays('2026-09-24', 1.5, official)).toThrow(RangeError);
  });
});
