// Owns running the supervision SQL: counts for a scope and period (fast, and by the reference reading of the
// records), drill-down pages, queue pages, ledger rows. It reads only; the triggers of the supervision-metrics
// migration keep the rollups current.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { addWorkingDays, chinaDay, endOfChinaDay, type WorkingCalendar } from '@app/calendar';
import { queryRows, WorkingCalendarCache, type SortSpec } from '@app/database';
import { openVoterContacts, PersonalDataCipher } from '@app/personal-data';
import { issueRowsByIdQuery, deputyLedgerQuery, stationLedgerQuery, type IssueRow } from './issue-rows.sql';
import type { CountMetric } from './metric-definitions';
import { monthsOf, type Period } from './period';
import { queueQuery, referenceQueueQuery, type QueueFilter, type QueueKind, type QueueSortField } from './queues.sql';
import { emptyCounts, percentileDisc, type MetricCounts } from './rates';
import {
  drillQuery,
  factsCountsByMonthQuery,
  fastCountsQuery,
  referenceCountsQuery,
  rollupCountsQuery,
  type CountsRow,
  type FastCountsRow,
  type ReferenceCountsRow,
} from './rates.sql';
import type { MetricScope, RollupDim } from './scope';
import type { BuiltQuery } from './sql-params';

export interface PageRequest {
  limit: number;
  offset: number;
}

export interface IdPage {
  ids: string[];
  total: number;
}

/** Queue options beyond the filter: `dueWithinWorkingDays` for the due-soon queue. */
export interface QueueRequest extends PageRequest {
  kind: QueueKind;
  filter: QueueFilter;
  now: Date;
  dueWithinWorkingDays?: number;
  sort?: SortSpec<QueueSortField>;
}

@Injectable()
export class MetricsRepository {
  private readonly calendar = new WorkingCalendarCache();

  constructor(
    @InjectDataSource() private readonly db: DataSource | EntityManager,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  /** The counts of a scope and period, from the rollups (the fast path). */
  async counts(scope: MetricScope, period: Period, now: Date): Promise<MetricCounts> {
    const [row] = await this.run<FastCountsRow>(fastCountsQuery(scope, period, now));
    return fromFastRow(row);
  }

  /** Counts for several keys of one rollup dimension (a report's table rows), by key. */
  async countsByKey(
    dim: RollupDim,
    ids: readonly string[],
    period: Period,
    now: Date,
    within: string | null,
  ): Promise<Map<string, MetricCounts>> {
    if (ids.length === 0) return new Map();
    const rows = await this.run<FastCountsRow>(rollupCountsQuery(dim, ids, period, now, within));
    return new Map(rows.map((row) => [row.key, fromFastRow(row)]));
  }

  /**
   * The counts of a scope for each month of a period (clipped to it), by month YYYY-MM; a month without an issue is
   * all zeros. Each equals `counts(scope, that month)`, in one pass over the scope's facts.
   */
  async countsByMonth(scope: MetricScope, period: Period, now: Date): Promise<Map<string, MetricCounts>> {
    const rows = await this.run<FastCountsRow>(factsCountsByMonthQuery(scope, period, now));
    const found = new Map(rows.map((row) => [row.key, fromFastRow(row)]));
    return new Map(monthsOf(period).map(({ month }) => [month, found.get(month) ?? emptyCounts()]));
  }

  /** The same counts by the plain reading of issues, replies and issue_events (no rollup, no facts). */
  async referenceCounts(scope: MetricScope, period: Period, now: Date): Promise<MetricCounts> {
    const [row] = await this.run<ReferenceCountsRow>(referenceCountsQuery(scope, period, now));
    return {
      ...fromCountsRow(row),
      replyDaysMedian: row.reply_days_median === null ? null : Number(row.reply_days_median),
      replyDaysP90: row.reply_days_p90 === null ? null : Number(row.reply_days_p90),
    };
  }

  /** One page of the issues behind a count, newest first. */
  async drill(metric: CountMetric, scope: MetricScope, period: Period, now: Date, page: PageRequest): Promise<IdPage> {
    const query = drillQuery(metric, scope, period, now, page);
    const [rows, [count]] = await Promise.all([
      this.run<{ issue_id: string }>(query.page),
      this.run<{ total: number }>(query.total),
    ]);
    return { ids: rows.map((r) => r.issue_id), total: count.total };
  }

  /** One page of a queue, in queue order. */
  async queue(request: QueueRequest): Promise<IdPage> {
    return this.queuePage(request, false);
  }

  /** The same page from the issues table itself. */
  async referenceQueue(request: QueueRequest): Promise<IdPage> {
    return this.queuePage(request, true);
  }

  /** The rows of these issues (names, deadline, first reply, last action), in the order given. */
  async issueRows(ids: readonly string[]): Promise<IssueRow[]> {
    if (ids.length === 0) return [];
    return openVoterContacts(this.cipher, await this.run<IssueRow>(issueRowsByIdQuery(ids)));
  }

  async stationLedger(stationId: string, period: Period): Promise<IssueRow[]> {
    return openVoterContacts(this.cipher, await this.run<IssueRow>(stationLedgerQuery(stationId, period)));
  }

  async deputyLedger(deputyId: string, period: Period, roots: readonly string[] | null): Promise<IssueRow[]> {
    return openVoterContacts(this.cipher, await this.run<IssueRow>(deputyLedgerQuery(deputyId, period, roots)));
  }

  /** The official calendar as it is now: an admin's edit counts from the next call (see WorkingCalendarCache). */
  workingCalendar(): Promise<WorkingCalendar> {
    return this.calendar.get(this.db);
  }

  /** The end of the n-th working day after the China day of `now`: the due-soon queue's horizon. */
  async dueBy(now: Date, workingDays: number): Promise<Date> {
    return endOfChinaDay(addWorkingDays(chinaDay(now), workingDays, await this.workingCalendar()));
  }

  private async queuePage(request: QueueRequest, reference: boolean): Promise<IdPage> {
    const dueBy =
      request.kind === 'due-soon' ? await this.dueBy(request.now, request.dueWithinWorkingDays ?? 3) : undefined;
    const build = reference ? referenceQueueQuery : queueQuery;
    const input = { kind: request.kind, filter: request.filter, now: request.now, dueBy, sort: request.sort };
    const rows = await this.run<{ issue_id: string; total: number }>(
      build({ ...input, limit: request.limit, offset: request.offset }),
    );
    if (rows.length > 0 || request.offset === 0)
      return { ids: rows.map((r) => r.issue_id), total: rows[0]?.total ?? 0 };
    // Past the last page: the window count came back with no row to carry it.
    const [first] = await this.run<{ total: number }>(build({ ...input, limit: 1, offset: 0 }));
    return { ids: [], total: first?.total ?? 0 };
  }

  private run<T>(query: BuiltQuery): Promise<T[]> {
    return queryRows<T>(this.db, query.sql, query.params);
  }
}

function fromCountsRow(row: CountsRow): Omit<MetricCounts, 'replyDaysMedian' | 'replyDaysP90'> {
  return {
    collected: row.collected,
    assigned: row.assigned,
    replied: row.replied,
    repliedOnTime: row.replied_on_time,
    lateUnreplied: row.late_unreplied,
    overdueNow: row.overdue_now,
    underSupervisionNow: row.under_supervision_now,
    escalated: row.escalated,
    classA: row.class_a,
    classB: row.class_b,
    classC: row.class_c,
    satisfied: row.satisfied,
    basicallySatisfied: row.basically_satisfied,
    unsatisfied: row.unsatisfied,
    notRated: row.not_rated,
    sentBack: row.sent_back,
    sendBacks: row.send_backs,
  };
}

function fromFastRow(row: FastCountsRow): MetricCounts {
  return {
    ...fromCountsRow(row),
    replyDaysMedian: percentileDisc(row.reply_days, 0.5),
    replyDaysP90: percentileDisc(row.reply_days, 0.9),
  };
}
