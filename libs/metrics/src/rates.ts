// Owns the arithmetic from counts to the figures people read: ratios (null when nothing to divide, never NaN),
// their rounding and display, and percentiles of a histogram exactly as PostgreSQL's percentile_disc picks them.
import { RATE_PARTS, type CountMetric, type RateMetric } from './metric-definitions';

/** The counts a scope and period yield; the derived counts (late, rated…) come from `summarize`. */
export interface MetricCounts {
  collected: number;
  assigned: number;
  replied: number;
  repliedOnTime: number;
  /** Unreplied cohort issues whose reply deadline has passed. */
  lateUnreplied: number;
  /** Open cohort issues past their deadline, unanswered. */
  overdueNow: number;
  /** Open cohort issues escalated and still owing an answer, whatever their deadline. */
  underSupervisionNow: number;
  escalated: number;
  classA: number;
  classB: number;
  classC: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  notRated: number;
  sentBack: number;
  sendBacks: number;
  /** Working days to first reply, percentile_disc 0.5 and 0.9 over the replied cohort issues; null when none. */
  replyDaysMedian: number | null;
  replyDaysP90: number | null;
}

export interface Ratio {
  numerator: number;
  denominator: number;
  /** Rounded half up to 3 decimals; null when the denominator is 0. */
  value: number | null;
  /** '92.1%', or '—' when there is nothing to divide. */
  display: string;
}

export interface MetricSummary {
  counts: Record<CountMetric, number>;
  sendBacks: number;
  rates: Record<RateMetric, Ratio>;
  replyDays: { median: number | null; p90: number | null };
}

export const NO_VALUE = '—';

export function emptyCounts(): MetricCounts {
  return {
    collected: 0,
    assigned: 0,
    replied: 0,
    repliedOnTime: 0,
    lateUnreplied: 0,
    overdueNow: 0,
    underSupervisionNow: 0,
    escalated: 0,
    classA: 0,
    classB: 0,
    classC: 0,
    satisfied: 0,
    basicallySatisfied: 0,
    unsatisfied: 0,
    notRated: 0,
    sentBack: 0,
    sendBacks: 0,
    replyDaysMedian: null,
    replyDaysP90: null,
  };
}

/** numerator / denominator, rounded half up to 3 decimals in integer arithmetic (257/279 → 0.921, "92.1%"). */
export function ratio(numerator: number, denominator: number): Ratio {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 0 || denominator < 0) {
    throw new RangeError(`a ratio needs whole counts ≥ 0, got ${numerator}/${denominator}`);
  }
  if (denominator === 0) return { numerator, denominator, value: null, display: NO_VALUE };
  const thousandths = Math.floor((2000 * numerator + denominator) / (2 * denominator));
  return { numerator, denominator, value: thousandths / 1000, display: `${(thousandths / 10).toFixed(1)}%` };
}

export function summarize(c: MetricCounts): MetricSummary {
  const late = c.replied - c.repliedOnTime + c.lateUnreplied;
  const counts: Record<CountMetric, number> = {
    collected: c.collected,
    assigned: c.assigned,
    replied: c.replied,
    unreplied: c.collected - c.replied,
    repliedOnTime: c.repliedOnTime,
    late,
    onTimeEligible: c.repliedOnTime + late,
    overdueNow: c.overdueNow,
    underSupervisionNow: c.underSupervisionNow,
    escalated: c.escalated,
    classA: c.classA,
    classB: c.classB,
    classC: c.classC,
    classified: c.classA + c.classB + c.classC,
    rated: c.satisfied + c.basicallySatisfied + c.unsatisfied,
    satisfiedOrBasically: c.satisfied + c.basicallySatisfied,
    satisfied: c.satisfied,
    basicallySatisfied: c.basicallySatisfied,
    unsatisfied: c.unsatisfied,
    notRated: c.notRated,
    sentBack: c.sentBack,
  };
  const rate = (metric: RateMetric) =>
    ratio(counts[RATE_PARTS[metric].numerator], counts[RATE_PARTS[metric].denominator]);
  return {
    counts,
    sendBacks: c.sendBacks,
    rates: {
      replyRate: rate('replyRate'),
      onTimeRate: rate('onTimeRate'),
      resolutionRate: rate('resolutionRate'),
      satisfactionRate: rate('satisfactionRate'),
    },
    replyDays: { median: c.replyDaysMedian, p90: c.replyDaysP90 },
  };
}

/**
 * The p-quantile of a histogram (`histogram[k]` = how many took k days) as percentile_disc computes it: the value
 * at row ceil(p × n) of the sorted values (row 1 at least). Null for an empty histogram.
 */
export function percentileDisc(histogram: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a percentile is between 0 and 1, got ${p}`);
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  // The same double arithmetic as PostgreSQL's percentile_disc_final.
  const row = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let k = 0; k < histogram.length; k++) {
    seen += histogram[k];
    if (seen >= row) return k;
  }
  return histogram.length - 1;
}
