// The read model's upkeep under the load of issue #21: many issues of one township, collected on one day, recorded
// by the worker's real recordTransition at once, each on its own pooled connection. No transaction may deadlock,
// and the rollups must come out exactly equal to a plain count of the records.
import type { DataSource } from 'typeorm';
import { createDataSource, queryRows, transientRetries } from '@app/database';
import {
  referenceCountsQuery,
  rollupCountsQuery,
  type CountsRow,
  type MetricScope,
  type Period,
  type RollupDim,
} from '@app/metrics';
import {
  prepareAssignments,
  prepareWorkload,
  runWorkload,
  transitionRecorder,
  type WorkloadIssue,
} from '../../scripts/bench/transition-workload';
import { createMigratedDatabase } from '../support/database';

const WRITERS = 60;
const PERIOD: Period = { from: '2026-09-24', to: '2026-09-25' };
const NOW = new Date('2026-09-24T12:00:00.000Z');

describe('read model upkeep under concurrent transitions', () => {
  let setup: DataSource;
  let pool: DataSource;
  let issues: WorkloadIssue[];

  beforeAll(async () => {
    const created = await createMigratedDatabase('rollup');
    setup = created.dataSource;
    // A connection per writer, so that every transaction really runs at the same time as the others.
    pool = await createDataSource(created.url, { extra: { max: WRITERS } }).initialize();
    issues = await prepareWorkload(setup, WRITERS);
    await prepareAssignments(setup, issues);
  });

  afterAll(async () => {
    await pool?.destroy();
    await setup?.destroy();
  });

  it(`records ${WRITERS} issues' transitions at once without a deadlock, and the sums stay exact`, async () => {
    const retriesBefore = transientRetries.byCode();
    // The worker's fold runs all along, as it does in production: a delta is counted once, before or after it.
    let writing = true;
    let folds = 0;
    const folding = (async () => {
      while (writing) {
        await setup.query(`SELECT metrics.fold_rollup_deltas()`);
        folds++;
      }
    })();
    const result = await runWorkload(transitionRecorder(pool), issues, WRITERS).finally(() => (writing = false));
    await folding;
    expect(result.failures).toEqual({});
    expect(result.transitions).toBe(WRITERS * 5);
    expect(folds).toBeGreaterThan(0);
    // No transaction was even retried for a deadlock: there are none to retry.
    expect(transientRetries.byCode()['40P01'] ?? 0).toBe(retriesBefore['40P01'] ?? 0);

    const [place] = await queryRows<{ path: string }>(setup, `SELECT path FROM regions WHERE code = 'rongjiawan'`);
    const regions = await queryRows<{ id: string; path: string; level: 'city' | 'county' | 'township' }>(
      setup,
      `SELECT id, path, level FROM regions WHERE $1 LIKE path || '%' AND level <> 'village'`,
      [place.path],
    );
    expect(regions).toHaveLength(3);
    const [station] = await queryRows<{ id: string }>(setup, `SELECT id FROM stations WHERE code = 'rongjiawan'`);
    const departments = [...new Set(issues.flatMap((issue) => issue.departments))];
    const scopes: Array<[RollupDim, MetricScope]> = [
      ...regions.map((r): [RollupDim, MetricScope] => ['region', { kind: 'region', ...r }]),
      ['station', { kind: 'station', id: station.id }],
      ...departments.map((id): [RollupDim, MetricScope] => ['department', { kind: 'department', id }]),
    ];
    for (const [dim, scope] of scopes) {
      const [fast] = await counts(rollupCountsQuery(dim, [scopeId(scope)], PERIOD, NOW, null));
      const [plain] = await counts(referenceCountsQuery(scope, PERIOD, NOW));
      expect({ scope, ...fast }).toEqual({ scope, ...plain });
    }
    const [total] = await counts(referenceCountsQuery(scopes[0][1], PERIOD, NOW));
    expect(total).toMatchObject({ collected: WRITERS, assigned: WRITERS, replied: WRITERS, satisfied: WRITERS });

    // Folded to the end, daily_rollup alone holds the same sums, and the deltas are gone.
    await setup.query(`SELECT metrics.fold_rollup_deltas()`);
    expect(await queryRows(setup, `SELECT 1 FROM metrics.rollup_deltas`)).toEqual([]);
    for (const [dim, scope] of scopes) {
      const [fast] = await counts(rollupCountsQuery(dim, [scopeId(scope)], PERIOD, NOW, null));
      const [plain] = await counts(referenceCountsQuery(scope, PERIOD, NOW));
      expect({ scope, ...fast }).toEqual({ scope, ...plain });
    }
    const [township] = await queryRows<{ collected: number }>(
      setup,
      `SELECT collected FROM metrics.daily_rollup WHERE dim = 'region' AND dim_id = $1 AND day = $2`,
      [regions.find((r) => r.level === 'township')!.id, PERIOD.from],
    );
    expect(township.collected).toBe(WRITERS);
  });

  function scopeId(scope: MetricScope): string {
    return scope.id;
  }

  /** The counters both paths answer with (the fast path's histogram and the plain path's quantiles left out). */
  async function counts(query: { sql: string; params: unknown[] }): Promise<CountsRow[]> {
    const rows = await queryRows<Record<string, unknown>>(setup, query.sql, query.params);
    return rows.map((row) => {
      const picked: Record<string, unknown> = {};
      for (const column of COUNT_COLUMNS) picked[column] = row[column];
      return picked as unknown as CountsRow;
    });
  }
});

const COUNT_COLUMNS: ReadonlyArray<keyof CountsRow> = [
  'collected',
  'assigned',
  'replied',
  'replied_on_time',
  'late_unreplied',
  'overdue_now',
  'under_supervision_now',
  'escalated',
  'class_a',
  'class_b',
  'class_c',
  'satisfied',
  'basically_satisfied',
  'unsatisfied',
  'not_rated',
  'sent_back',
  'send_backs',
];
