// The county-year plan is the same for the same seed, holds every kind of event the figures rest on, and never puts
// a command on the edge of a deadline or an escalation instant.
import {
  countyYearPlan,
  expectedFigures,
  percent,
  planLength,
  REPLY_WORKING_DAYS,
} from '../../scripts/county-year/plan';

describe('the county-year plan', () => {
  const plan = countyYearPlan();

  it('is the same for the same seed, and 279 issues by default', () => {
    expect(countyYearPlan()).toEqual(plan);
    expect(countyYearPlan({ seed: 22 })).not.toEqual(plan);
    expect(plan.issues).toHaveLength(279);
  });

  it('holds every kind of event: late and unanswered, A/B/C, follow-ups, urges, ratings, second handlings', () => {
    const issues = plan.issues;
    const some = (p: (i: (typeof issues)[number]) => boolean) => issues.filter(p).length;
    expect(some((i) => i.first === null)).toBeGreaterThan(5);
    expect(some((i) => (i.first?.replyDays ?? 0) > 3)).toBeGreaterThan(3); // late after an escalation
    expect(some((i) => (i.first?.replyDays ?? 0) > 0 && (i.first?.replyDays ?? 0) < 3)).toBeGreaterThan(3);
    expect(some((i) => i.first?.replyClass === 'B' && i.first.followUp !== null)).toBeGreaterThan(3);
    expect(some((i) => i.first?.replyClass === 'B' && i.first.followUp === null)).toBeGreaterThan(3);
    expect(some((i) => i.second !== null)).toBeGreaterThan(3);
    expect(some((i) => i.second?.rating?.rating === 'unsatisfied')).toBeGreaterThan(0);
    expect(some((i) => i.first !== null && i.first.rating === null && i.first.replyClass !== 'B')).toBeGreaterThan(3);
    expect(some((i) => i.urge)).toBeGreaterThan(10);
    expect(some((i) => i.urgency === 'urgent')).toBeGreaterThan(5);
    expect(new Set(issues.map((i) => i.origin.township)).size).toBe(4);
  });

  it('keeps every reply a whole working day or more off the deadline and the escalation instants', () => {
    for (const issue of plan.issues) {
      for (const h of [issue.first, issue.second]) {
        if (!h) continue;
        expect(h.replyDays).not.toBe(0);
        if (h.replyDays > 0) expect(h.replyDays % 3).not.toBe(0);
        expect(h.replyDays).toBeGreaterThan(-REPLY_WORKING_DAYS[issue.urgency]);
        if (h.rating) expect(h.rating.afterDays).toBeLessThan(5);
      }
    }
  });

  it('implies figures that add up, rounded as the published rates are', () => {
    const f = expectedFigures(plan.issues);
    expect((f.replied as number) + (f.unreplied as number)).toBe(f.collected);
    expect(f.classified).toBe((f.classA as number) + (f.classB as number) + (f.classC as number));
    expect(percent(257, 279)).toBe('92.1%');
    expect(percent(1, 8)).toBe('12.5%');
    expect(percent(0, 0)).toBe('—');
    process.stdout.write(`${JSON.stringify(f)} over ${planLength(plan)} working days\n`);
  });
});
