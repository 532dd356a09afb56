import { emptyCounts, percentileDisc, ratio, summarize } from './rates';

describe('ratio', () => {
  it('rounds half up to 3 decimals and shows one decimal of a percentage', () => {
    expect(ratio(257, 279)).toEqual({ numerator: 257, denominator: 279, value: 0.921, display: '92.1%' });
    expect(ratio(1, 8)).toMatchObject({ value: 0.125, display: '12.5%' });
    expect(ratio(1, 16)).toMatchObject({ value: 0.063, display: '6.3%' }); // 0.0625 rounds up
    expect(ratio(2, 3)).toMatchObject({ value: 0.667, display: '66.7%' });
    expect(ratio(0, 5)).toMatchObject({ value: 0, display: '0.0%' });
    expect(ratio(5, 5)).toMatchObject({ value: 1, display: '100.0%' });
  });

  it('is null and "—" with nothing to divide, never NaN', () => {
    expect(ratio(0, 0)).toEqual({ numerator: 0, denominator: 0, value: null, display: '—' });
  });

  it('refuses what is not a count', () => {
    expect(() => ratio(1.5, 3)).toThrow(RangeError);
    expect(() => ratio(-1, 3)).toThrow(RangeError);
  });
});

describe('percentileDisc', () => {
  // histogram[k] = how many took k days
  it('picks the value at row ceil(p × n), as PostgreSQL does', () => {
    const days = [1, 3, 3, 4, 8, 17];
    const histogram = Array.from({ length: 18 }, (_, k) => days.filter((d) => d === k).length);
    expect(percentileDisc(histogram, 0.5)).toBe(3);
    expect(percentileDisc(histogram, 0.9)).toBe(17);
    expect(percentileDisc(histogram, 0)).toBe(1);
    expect(percentileDisc(histogram, 1)).toBe(17);
    expect(percentileDisc([0, 10], 0.9)).toBe(1);
    expect(percentileDisc([5, 5], 0.5)).toBe(0);
    expect(percentileDisc([5, 5], 0.51)).toBe(1);
  });

  it('is null for no values', () => {
    expect(percentileDisc([], 0.5)).toBeNull();
    expect(percentileDisc([0, 0, 0], 0.5)).toBeNull();
  });
});

describe('summarize', () => {
  it('derives late, eligible, rated and the rates from the counts', () => {
    const summary = summarize({
      ...emptyCounts(),
      collected: 11,
      assigned: 10,
      replied: 6,
      repliedOnTime: 5,
      lateUnreplied: 1,
      classA: 3,
      classB: 1,
      classC: 2,
      satisfied: 2,
      basicallySatisfied: 1,
      notRated: 1,
      replyDaysMedian: 3,
      replyDaysP90: 17,
    });
    expect(summary.counts).toMatchObject({ unreplied: 5, late: 2, onTimeEligible: 7, classified: 6, rated: 3 });
    expect(summary.rates.replyRate.display).toBe('54.5%');
    expect(summary.rates.onTimeRate.display).toBe('71.4%');
    expect(summary.rates.resolutionRate.display).toBe('50.0%');
    expect(summary.rates.satisfactionRate.display).toBe('100.0%');
    expect(summary.replyDays).toEqual({ median: 3, p90: 17 });
  });

  it('leaves every rate empty when nothing was collected', () => {
    const summary = summarize(emptyCounts());
    for (const rate of Object.values(summary.rates)) expect(rate).toMatchObject({ value: null, display: '—' });
  });
});
