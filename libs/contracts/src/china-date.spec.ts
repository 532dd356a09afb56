import { chinaDateOf, chinaTimeOf, endOfChinaDateIso, isIsoDate, startOfChinaDateIso } from './china-date';

describe('China dates', () => {
  it('reads the China calendar date of an instant, eight hours ahead of UTC', () => {
    expect(chinaDateOf('2026-09-30T15:59:59.999Z')).toBe('2026-09-30');
    expect(chinaDateOf('2026-09-30T16:00:00.000Z')).toBe('2026-10-01');
    expect(chinaDateOf(Date.parse('2026-10-10T00:00:00+08:00'))).toBe('2026-10-10');
  });

  it('ends a date at its last China millisecond', () => {
    expect(endOfChinaDateIso('2026-10-10')).toBe('2026-10-10T15:59:59.999Z');
    expect(chinaDateOf(endOfChinaDateIso('2026-12-31'))).toBe('2026-12-31');
  });

  it('starts a date at its first China millisecond', () => {
    expect(startOfChinaDateIso('2026-10-10')).toBe('2026-10-09T16:00:00.000Z');
    expect(chinaDateOf(startOfChinaDateIso('2026-01-01'))).toBe('2026-01-01');
  });

  it('reads the China wall clock to the minute, as mails and reports print it', () => {
    expect(chinaTimeOf('2026-10-22T15:59:59.999Z')).toBe('2026-10-22 23:59');
    expect(chinaTimeOf(new Date('2026-10-22T16:00:00.000Z'))).toBe('2026-10-23 00:00');
  });

  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-3')).toBe(false);
    expect(isIsoDate(20260203)).toBe(false);
    expect(() => endOfChinaDateIso('2026-13-01')).toThrow(RangeError);
  });
});
