// Owns the SQL of the rates: the fast path over the trigger-kept rollups (and their deltas not yet folded) and facts
// (metrics schema), the reference path straight over the records (issues, replies, issue_events), and the drill-down
// predicate of every count.
// The two paths must always agree: the tests and the benchmark check that they do.
import type { CountMetric } from './metric-definitions';
import type { Period } from './period';
import { rollupDimOf, type MetricScope, type RollupDim } from './scope';
import { chinaDayStart, pathWithin, pathWithinAny, SqlParams, type BuiltQuery } from './sql-params';

/** The statuses in which the lead department holds the issue and its reply deadline runs. */
export const HANDLING_STATUSES_SQL = `('assigned', 'acknowledged', 'overdue', 'escalated')`;
/** Neither closed nor waiting for the deputy's rating: the issue is with a department, a liaison officer or triage. */
export const SETTLED_STATUSES_SQL = `('closed', 'awaiting_feedback')`;

/** The columns every counts query answers with (snake_case, as PostgreSQL names them). */
export interface CountsRow {
  collected: number;
  assigned: number;
  replied: number;
  replied_on_time: number;
  late_unreplied: number;
  overdue_now: number;
  under_supervision_now: number;
  escalated: number;
  class_a: number;
  class_b: number;
  class_c: number;
  satisfied: number;
  basically_satisfied: number;
  unsatisfied: number;
  not_rated: number;
  sent_back: number;
  send_backs: number;
}

/** Fast-path rows carry the histogram of working days to first reply (index = days); the reference path, quantiles. */
export interface FastCountsRow extends CountsRow {
  key: string;
  reply_days: number[];
}

export interface ReferenceCountsRow extends CountsRow {
  reply_days_median: number | null;
  reply_days_p90: number | null;
}

/** An issue's share of each rollup counter, over metrics.issue_facts `f` (the migration's SHARE, column by column). */
const FACT_SHARES: ReadonlyArray<[keyof CountsRow, string]> = [
  ['collected', '1'],
  ['assigned', 'f.assigned'],
  ['replied', 'f.replied'],
  ['replied_on_time', 'f.replied_on_time'],
  ['class_a', `(f.reply_class = 'A' IS TRUE)::int`],
  ['class_b', `(f.reply_class = 'B' IS TRUE)::int`],
  ['class_c', `(f.reply_class = 'C' IS TRUE)::int`],
  ['satisfied', `(f.satisfaction = 'satisfied' IS TRUE)::int`],
  ['basically_satisfied', `(f.satisfaction = 'basically_satisfied' IS TRUE)::int`],
  ['unsatisfied', `(f.satisfaction = 'unsatisfied' IS TRUE)::int`],
  ['not_rated', `(f.satisfaction = 'not_rated' IS TRUE)::int`],
  ['escalated', 'f.escalated'],
  ['sent_back', '(f.send_backs > 0)::int'],
  ['send_backs', 'f.send_backs'],
];
const ROLLUP_COLUMNS = FACT_SHARES.map(([column]) => column);

/** Unreplied, and the reply deadline passed before `now` (over metrics.issue_facts `f`). */
export function lateUnrepliedOnFacts(now: string): string {
  return `(f.replied = 0 AND f.deadline_at < ${now})`;
}

/**
 * Overdue at `now` (over metrics.issue_facts `f`): open, and past the deadline the issue is held to, so the answer is
 * owed and late — the reply deadline while a department holds it, or the end of the date promised in a class B reply.
 * An escalation alone never makes an issue overdue (issue #11 defect 6).
 */
export function overdueOnFacts(now: string): string {
  return `(f.is_open AND f.deadline_at < ${now})`;
}

/**
 * Escalated and still owing an answer, before the deadline (over metrics.issue_facts `f`, open rows): a class B
 * reply answers the issue, so one waiting for its promised date is no longer under supervision (defect 7d).
 */
export const SUPERVISED_BEFORE_DEADLINE_ON_FACTS = `(f.escalation_level > 0 AND f.status <> 'follow_up')`;

/**
 * Under supervision at `now` (over metrics.issue_facts `f`): open, escalated to a supervising body (level above 0),
 * and an answer is still owed — a department holds it or it waits for triage, or the result promised in a class B
 * reply is overdue. Whether its deadline has passed does not matter: an issue can be both overdue and supervised.
 */
export function underSupervisionOnFacts(now: string): string {
  return `(f.is_open AND f.escalation_level > 0 AND (f.status <> 'follow_up' OR f.deadline_at < ${now}))`;
}

/** In the escalation queue at `now`: overdue, or under supervision (over metrics.issue_facts `f`). */
export function inEscalationQueueOnFacts(now: string): string {
  return `(f.is_open AND (f.deadline_at < ${now} OR ${SUPERVISED_BEFORE_DEADLINE_ON_FACTS}))`;
}

/** The issues of a scope, over metrics.issue_facts `f`. */
export function scopeOnFacts(scope: MetricScope, p: SqlParams): string {
  switch (scope.kind) {
    case 'region':
      return pathWithin('f.region_path', scope.path, p);
    case 'station':
      return `f.station_id = ${p.add(scope.id, 'uuid')}`;
    case 'department':
      return `f.lead_department_id = ${p.add(scope.id, 'uuid')}`;
    case 'deputy':
      return `(f.deputy_id = ${p.add(scope.id, 'uuid')} AND ${pathWithinAny('f.region_path', scope.regionRoots, p)})`;
  }
}

/** The issues of a scope, over the issues table `i`. */
export function scopeOnIssues(scope: MetricScope, p: SqlParams): string {
  switch (scope.kind) {
    case 'region':
      return pathWithin('i.region_path', scope.path, p);
    case 'station':
      return `i.station_id = ${p.add(scope.id, 'uuid')}`;
    case 'department':
      return `i.lead_department_id = ${p.add(scope.id, 'uuid')}`;
    case 'deputy':
      return `(i.deputy_id = ${p.add(scope.id, 'uuid')} AND ${pathWithinAny('i.region_path', scope.regionRoots, p)})`;
  }
}

function daysOnFacts(period: Period, p: SqlParams): string {
  return `f.submitted_day >= ${p.add(period.from, 'date')} AND f.submitted_day < ${p.add(period.to, 'date')}`;
}

/**
 * Fast path for one scope. Scopes with a rollup (regions above village level, stations, departments) sum a row per
 * day; the others (villages, deputies: a few hundred issues) sum their facts. The "now" figures always come from the
 * facts of the scope's open issues, which a partial index keeps few.
 */
export function fastCountsQuery(scope: MetricScope, period: Period, now: Date): BuiltQuery {
  const dim = rollupDimOf(scope);
  if (dim === null) return factsCountsQuery(scope, period, now);
  return rollupCountsQuery(dim, [scope.id], period, now, scope.kind === 'region' ? scope.path : null);
}

/**
 * Fast path for several keys of one rollup dimension at once (the rows of a report's table), one row per key.
 * `within`: a region path all the keys' issues lie under, so the "now" figures read only that part of the index.
 */
export function rollupCountsQuery(
  dim: RollupDim,
  ids: readonly string[],
  period: Period,
  now: Date,
  within: string | null,
): BuiltQuery {
  const p = new SqlParams();
  const keys = p.add(ids, 'uuid[]');
  const from = p.add(period.from, 'date');
  const to = p.add(period.to, 'date');
  const at = p.add(now.toISOString(), 'timestamptz');
  // One region, named with its path: the open facts under the path are its own, read from the covering index alone.
  const single = dim === 'region' && ids.length === 1 && within !== null;
  const liveKey = single
    ? ''
    : dim === 'region'
      ? `JOIN unnest(${keys}) AS k(id) ON k.id = ANY (f.region_ids)`
      : `JOIN unnest(${keys}) AS k(id) ON k.id = f.${dim === 'station' ? 'station_id' : 'lead_department_id'}`;
  const key = single ? `(${keys})[1]` : 'k.id';
  const group = single ? '' : 'GROUP BY k.id';
  // The "now" figures split the open issues in two, each read from a small partial index: those past their
  // deadline (all overdue; the unreplied among them late; the escalated among them supervised), and those not past
  // one but escalated and still owing an answer (supervised).
  const live = `f.submitted_day >= ${from} AND f.submitted_day < ${to}${
    within === null ? '' : ` AND ${pathWithin('f.region_path', within, p)}`
  }`;
  // The rollup rows, and the deltas the worker has not yet folded into them (read in the same snapshot: a fold moves
  // a delta from one to the other in one transaction, so each counts exactly once).
  const dimParam = p.add(dim);
  const rollupRow = ['dim_id', ...ROLLUP_COLUMNS, 'reply_days'].join(', ');
  const sql = `
    WITH keys AS (SELECT DISTINCT unnest(${keys}) AS id),
    r AS (
      SELECT ${rollupRow} FROM metrics.daily_rollup
       WHERE dim = ${dimParam} AND dim_id = ANY (${keys}) AND day >= ${from} AND day < ${to}
      UNION ALL
      SELECT ${rollupRow} FROM metrics.rollup_deltas
       WHERE dim = ${dimParam} AND dim_id = ANY (${keys}) AND day >= ${from} AND day < ${to}
    ),
    sums AS (
      SELECT r.dim_id, ${ROLLUP_COLUMNS.map((c) => `sum(r.${c})::int AS ${c}`).join(', ')} FROM r GROUP BY r.dim_id
    ),
    hist AS (
      SELECT h.dim_id, array_agg(h.n ORDER BY h.k) AS reply_days
        FROM (SELECT r.dim_id, u.k, sum(u.n)::int AS n
                FROM r CROSS JOIN LATERAL unnest(r.reply_days) WITH ORDINALITY AS u(n, k)
               GROUP BY r.dim_id, u.k) h
       GROUP BY h.dim_id
    ),
    late AS (
      SELECT ${key} AS dim_id, count(*)::int AS past_deadline,
             count(*) FILTER (WHERE f.replied = 0)::int AS late_unreplied,
             count(*) FILTER (WHERE f.escalation_level > 0)::int AS supervised
        FROM metrics.issue_facts f ${liveKey}
       WHERE f.is_open AND f.deadline_at < ${at} AND ${live}
       ${group}
    ),
    flagged AS (
      SELECT ${key} AS dim_id, count(*)::int AS supervised
        FROM metrics.issue_facts f ${liveKey}
       WHERE f.is_open AND ${SUPERVISED_BEFORE_DEADLINE_ON_FACTS} AND (f.deadline_at IS NULL OR f.deadline_at >= ${at})
         AND ${live}
       ${group}
    )
    SELECT keys.id::text AS key,
           ${ROLLUP_COLUMNS.map((c) => `coalesce(sums.${c}, 0) AS ${c}`).join(', ')},
           coalesce(hist.reply_days, '{}') AS reply_days,
           coalesce(late.late_unreplied, 0) AS late_unreplied,
           coalesce(late.past_deadline, 0) AS overdue_now,
           coalesce(late.supervised, 0) + coalesce(flagged.supervised, 0) AS under_supervision_now
      FROM keys
      LEFT JOIN sums ON sums.dim_id = keys.id
      LEFT JOIN hist ON hist.dim_id = keys.id
      LEFT JOIN late ON late.dim_id = keys.id
      LEFT JOIN flagged ON flagged.dim_id = keys.id`;
  return { sql, params: p.values };
}

/** Fast path for small scopes: the same sums over the scope's facts. */
export function factsCountsQuery(scope: MetricScope, period: Period, now: Date): BuiltQuery {
  return factsSums(scope, period, now, null);
}

/**
 * The same sums over the scope's facts, one row per month of collection (key YYYY-MM; months without an issue have
 * no row). Each row is what `fastCountsQuery` answers for the scope and that month: same facts, same shares.
 */
export function factsCountsByMonthQuery(scope: MetricScope, period: Period, now: Date): BuiltQuery {
  return factsSums(scope, period, now, `to_char(f.submitted_day, 'YYYY-MM')`);
}

function factsSums(scope: MetricScope, period: Period, now: Date, key: string | null): BuiltQuery {
  const p = new SqlParams();
  const at = p.add(now.toISOString(), 'timestamptz');
  const sql = `
    SELECT ${key ?? `'scope'`} AS key,
           ${FACT_SHARES.map(([column, share]) => `coalesce(sum(${share}), 0)::int AS ${column}`).join(', ')},
           metrics.hist_agg(f.reply_working_days) AS reply_days,
           count(*) FILTER (WHERE ${lateUnrepliedOnFacts(at)})::int AS late_unreplied,
           count(*) FILTER (WHERE ${overdueOnFacts(at)})::int AS overdue_now,
           count(*) FILTER (WHERE ${underSupervisionOnFacts(at)})::int AS under_supervision_now
      FROM metrics.issue_facts f
     WHERE ${scopeOnFacts(scope, p)} AND ${daysOnFacts(period, p)}${
       key === null
         ? ''
         : `
     GROUP BY 1`
     }`;
  return { sql, params: p.values };
}

/**
 * The reference path: the same figures by the plain reading of the records, with no rollup, no facts table and no
 * index of this feature (the benchmark's baseline and the tests' oracle). Only the calendar's working-day ordinals
 * (metrics.working_days, the SQL twin of libs/calendar) are borrowed, joined as a table.
 */
export function referenceCountsQuery(scope: MetricScope, period: Period, now: Date): BuiltQuery {
  const p = new SqlParams();
  const at = p.add(now.toISOString(), 'timestamptz');
  // Past the deadline the issue is held to: the reply deadline while a department holds it, the promised date's end.
  const pastDeadline = `((status IN ${HANDLING_STATUSES_SQL} AND due_at < ${at})
                              OR (status = 'follow_up'
                                  AND ((promised_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
                                      - interval '1 millisecond' < ${at}))`;
  const sql = `
    WITH first_reply AS (
      SELECT DISTINCT ON (issue_id) issue_id, on_time FROM replies WHERE kind = 'reply' ORDER BY issue_id, replied_at, id
    ),
    escalated AS (SELECT DISTINCT issue_id FROM issue_events WHERE type = 'escalated'),
    cohort AS (
      SELECT i.*, coalesce(fr.on_time, false) AS first_on_time, esc.issue_id IS NOT NULL AS was_escalated,
             CASE WHEN i.first_replied_at IS NOT NULL THEN greatest(0, wr.ordinal - ws.ordinal) END AS reply_days
        FROM issues i
        LEFT JOIN first_reply fr ON fr.issue_id = i.id
        LEFT JOIN escalated esc ON esc.issue_id = i.id
        LEFT JOIN metrics.working_days ws ON ws.day = (i.submitted_at AT TIME ZONE 'Asia/Shanghai')::date
        LEFT JOIN metrics.working_days wr ON wr.day = (i.first_replied_at AT TIME ZONE 'Asia/Shanghai')::date
       WHERE ${scopeOnIssues(scope, p)} AND i.merged_into_issue_id IS NULL
         AND i.submitted_at >= ${chinaDayStart(period.from, p)} AND i.submitted_at < ${chinaDayStart(period.to, p)}
    )
    SELECT count(*)::int AS collected,
           count(*) FILTER (WHERE assigned_at IS NOT NULL)::int AS assigned,
           count(*) FILTER (WHERE first_replied_at IS NOT NULL)::int AS replied,
           count(*) FILTER (WHERE first_replied_at IS NOT NULL AND first_on_time)::int AS replied_on_time,
           count(*) FILTER (WHERE first_replied_at IS NULL AND status IN ${HANDLING_STATUSES_SQL}
                              AND due_at < ${at})::int AS late_unreplied,
           count(*) FILTER (WHERE status NOT IN ${SETTLED_STATUSES_SQL} AND ${pastDeadline})::int AS overdue_now,
           count(*) FILTER (WHERE status NOT IN ${SETTLED_STATUSES_SQL} AND escalation_level > 0
                              AND (status <> 'follow_up' OR ${pastDeadline}))::int AS under_supervision_now,
           count(*) FILTER (WHERE was_escalated)::int AS escalated,
           count(*) FILTER (WHERE reply_class = 'A')::int AS class_a,
           count(*) FILTER (WHERE reply_class = 'B')::int AS class_b,
           count(*) FILTER (WHERE reply_class = 'C')::int AS class_c,
           count(*) FILTER (WHERE satisfaction = 'satisfied')::int AS satisfied,
           count(*) FILTER (WHERE satisfaction = 'basically_satisfied')::int AS basically_satisfied,
           count(*) FILTER (WHERE satisfaction = 'unsatisfied')::int AS unsatisfied,
           count(*) FILTER (WHERE satisfaction = 'not_rated')::int AS not_rated,
           count(*) FILTER (WHERE send_back_count > 0)::int AS sent_back,
           coalesce(sum(send_back_count), 0)::int AS send_backs,
           percentile_disc(0.5) WITHIN GROUP (ORDER BY reply_days) AS reply_days_median,
           percentile_disc(0.9) WITHIN GROUP (ORDER BY reply_days) AS reply_days_p90
      FROM cohort`;
  return { sql, params: p.values };
}

/**
 * Which cohort issues a count is made of, over metrics.issue_facts `f`: the drill-down behind every number. `now`
 * gives the placeholder of the instant, for the counts that depend on it.
 */
export function drillPredicate(metric: CountMetric, now: () => string): string {
  switch (metric) {
    case 'collected':
      return 'TRUE';
    case 'assigned':
      return 'f.assigned = 1';
    case 'replied':
      return 'f.replied = 1';
    case 'unreplied':
      return 'f.replied = 0';
    case 'repliedOnTime':
      return 'f.replied_on_time = 1';
    case 'late':
      return `((f.replied = 1 AND f.replied_on_time = 0) OR ${lateUnrepliedOnFacts(now())})`;
    case 'onTimeEligible':
      return `(f.replied = 1 OR ${lateUnrepliedOnFacts(now())})`;
    case 'overdueNow':
      return overdueOnFacts(now());
    case 'underSupervisionNow':
      return underSupervisionOnFacts(now());
    case 'escalated':
      return 'f.escalated = 1';
    case 'classA':
      return `f.reply_class = 'A'`;
    case 'classB':
      return `f.reply_class = 'B'`;
    case 'classC':
      return `f.reply_class = 'C'`;
    case 'classified':
      return `f.reply_class IN ('A', 'B', 'C')`;
    case 'rated':
      return `f.satisfaction IN ('satisfied', 'basically_satisfied', 'unsatisfied')`;
    case 'satisfiedOrBasically':
      return `f.satisfaction IN ('satisfied', 'basically_satisfied')`;
    case 'satisfied':
      return `f.satisfaction = 'satisfied'`;
    case 'basicallySatisfied':
      return `f.satisfaction = 'basically_satisfied'`;
    case 'unsatisfied':
      return `f.satisfaction = 'unsatisfied'`;
    case 'notRated':
      return `f.satisfaction = 'not_rated'`;
    case 'sentBack':
      return 'f.send_backs > 0';
  }
}

/** One page of the issues behind a count (newest first), and how many there are. */
export function drillQuery(
  metric: CountMetric,
  scope: MetricScope,
  period: Period,
  now: Date,
  page: { limit: number; offset: number },
): { page: BuiltQuery; total: BuiltQuery } {
  const where = (p: SqlParams) =>
    `${scopeOnFacts(scope, p)} AND ${daysOnFacts(period, p)} AND ${drillPredicate(metric, () =>
      p.add(now.toISOString(), 'timestamptz'),
    )}`;
  const pageParams = new SqlParams();
  const pageSql = `
    SELECT f.issue_id FROM metrics.issue_facts f WHERE ${where(pageParams)}
     ORDER BY f.submitted_at DESC, f.issue_id
     LIMIT ${pageParams.add(page.limit, 'int')} OFFSET ${pageParams.add(page.offset, 'int')}`;
  const totalParams = new SqlParams();
  const totalSql = `SELECT count(*)::int AS total FROM metrics.issue_facts f WHERE ${where(totalParams)}`;
  return { page: { sql: pageSql, params: pageParams.values }, total: { sql: totalSql, params: totalParams.values } };
}
