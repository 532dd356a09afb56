import { queueQuery, referenceQueueQuery } from './queues.sql';
import { drillPredicate, fastCountsQuery } from './rates.sql';
import { pathWithin, SqlParams } from './sql-params';
import { COUNT_METRICS } from './metric-definitions';

describe('the SQL builders', () => {
  it('write a subtree as one index range plus the exact test, wildcards escaped', () => {
    const p = new SqlParams();
    expect(pathWithin('f.region_path', 'a/b_c', p)).toBe(
      '(f.region_path ~>=~ $1 AND f.region_path ~<~ $2 AND (f.region_path = $1 OR f.region_path LIKE $3))',
    );
    expect(p.values).toEqual(['a/b_c', 'a/b_c0', 'a/b\\_c/%']);
  });

  it('bind only the parameters they use', () => {
    for (const metric of COUNT_METRICS) {
      let used = false;
      drillPredicate(metric, () => {
        used = true;
        return '$1';
      });
      expect({ metric, used }).toEqual({
        metric,
        used: ['late', 'onTimeEligible', 'overdueNow', 'underSupervisionNow'].includes(metric),
      });
    }
    const triage = queueQuery({ kind: 'triage', filter: { roots: null }, now: new Date(), limit: 20, offset: 0 });
    expect(triage.params).toEqual([20, 0]);
    expect(triage.sql).not.toMatch(/\$3/);
  });

  it('read a region above village level from the rollup, a village and a deputy from the facts', () => {
    const period = { from: '2025-01-01', to: '2025-02-01' };
    const now = new Date();
    const county = fastCountsQuery({ kind: 'region', id: 'x', path: 'a/b', level: 'county' }, period, now);
    expect(county.sql).toContain('metrics.daily_rollup');
    const village = fastCountsQuery({ kind: 'region', id: 'x', path: 'a/b/c/d', level: 'village' }, period, now);
    expect(village.sql).not.toContain('metrics.daily_rollup');
    const deputy = fastCountsQuery({ kind: 'deputy', id: 'x', regionRoots: [] }, period, now);
    expect(deputy.sql).toContain('FALSE');
  });

  it('write the reference queue over the issues table alone', () => {
    const input = { kind: 'escalated' as const, filter: { roots: ['a'] }, now: new Date(), limit: 20, offset: 0 };
    expect(referenceQueueQuery(input).sql).not.toContain('metrics.');
    expect(queueQuery(input).sql).toContain('metrics.issue_facts');
  });
});
