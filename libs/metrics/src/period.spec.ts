import { isMonth, lastDayOf, monthPeriod, monthsOf, periodProblem } from './period';

describe('period', () => {
  it('is [from, to) in calendar dates', () => {
    expect(periodProblem('2025-03-01', '2025-04-01')).toBeNull();
    expect(periodProblem('2025-03-01', '2025-03-01')).toMatch(/after from/);
    expect(periodProblem('2025-02-30', '2025-04-01')).toMatch(/^from/);
    expect(periodProblem('2025-03-01', 'soon')).toMatch(/^to/);
    expect(periodProblem('2000-01-01', '2030-01-01')).toMatch(/at most/);
    expect(lastDayOf({ from: '2024-02-01', to: '2024-03-01' })).toBe('2024-02-29');
  });

  it('makes a month a period', () => {
    expect(monthPeriod('2025-01')).toEqual({ from: '2025-01-01', to: '2025-02-01' });
    expect(monthPeriod('2025-12')).toEqual({ from: '2025-12-01', to: '2026-01-01' });
    expect(isMonth('2025-13')).toBe(false);
    expect(isMonth('2025-1')).toBe(false);
    expect(() => monthPeriod('2025-00')).toThrow(RangeError);
  });

  it('splits a period into its months, clipped to it', () => {
    expect(monthsOf({ from: '2025-11-01', to: '2026-02-01' }).map((m) => m.month)).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
    ]);
    expect(monthsOf({ from: '2025-01-15', to: '2025-03-02' })).toEqual([
      { month: '2025-01', period: { from: '2025-01-15', to: '2025-02-01' } },
      { month: '2025-02', period: { from: '2025-02-01', to: '2025-03-01' } },
      { month: '2025-03', period: { from: '2025-03-01', to: '2025-03-02' } },
    ]);
    expect(monthsOf({ from: '2025-03-10', to: '2025-03-11' })).toEqual([
      { month: '2025-03', period: { from: '2025-03-10', to: '2025-03-11' } },
    ]);
  });
});
