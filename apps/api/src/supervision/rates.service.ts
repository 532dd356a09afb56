// Owns the rates a supervisor reads for a scope and period, each count linked to the issues behind it, and the
// drill-down lists themselves. The figures come from @app/metrics; nothing here is typed in or adjusted.
import { Inject, Injectable } from '@nestjs/common';
import { REPLY_CLASS_LABELS, REPLY_CLASSES } from '@app/contracts';
import {
  COUNT_METRICS,
  emptyCounts,
  lastDayOf,
  METRIC_DEFINITIONS,
  MetricsRepository,
  monthsOf,
  periodProblem,
  ratio,
  RATE_METRICS,
  RATE_PARTS,
  summarize,
  NO_VALUE,
  type CountMetric,
  type MetricCounts,
  type MetricSummary,
  type Period,
  type RateMetric,
} from '@app/metrics';
import type { AuthUser } from '../auth/auth-user';
import { PersonalDataService } from '../auth/personal-data.service';
import { invalidField } from '../common/api-error';
import { Clock } from '../common/clock';
import type { DownloadFile } from '../common/export/download';
import { pageOf, type Page } from '../common/pagination';
import { toSupervisedIssue } from './supervised-issue';
import { SUPERVISED_EXPORT_MAX_ROWS, supervisedIssuesWorkbook } from './supervised-issues-workbook';
import { SupervisionScopeService, type ResolvedScope } from './supervision-scope.service';
import { SupervisionRepository } from './supervision.repository';
import type {
  BreakdownQuery,
  ClassShareView,
  CountView,
  DrillExportQuery,
  DrillQuery,
  PeriodQuery,
  RatesBreakdownView,
  RatesQuery,
  RatesView,
  RatioView,
  SupervisedIssueView,
} from './supervision.dto';

export const DRILL_PATH = '/api/supervision/rates/drill';

@Injectable()
export class RatesService {
  constructor(
    @Inject(MetricsRepository) private readonly metrics: MetricsRepository,
    @Inject(SupervisionScopeService) private readonly scopes: SupervisionScopeService,
    @Inject(SupervisionRepository) private readonly repository: SupervisionRepository,
    @Inject(PersonalDataService) private readonly personalData: PersonalDataService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async rates(user: AuthUser, query: RatesQuery): Promise<RatesView> {
    const period = periodOf(query);
    const resolved = await this.scopes.resolve(user, query);
    const now = this.clock.now();
    const summary = summarize(await this.metrics.counts(resolved.scope, period, now));
    return ratesView(resolved, period, now, summary);
  }

  /**
   * The rates of a region broken down by month, township and department, in one answer. Every cell is exactly what
   * `rates` answers for that part (same counts, same drill links), so the web needs one request, not one per part.
   * The parts lie within the region, which the user reaches: a cell reveals nothing `rates` would refuse.
   */
  async breakdown(user: AuthUser, query: BreakdownQuery): Promise<RatesBreakdownView> {
    const period = periodOf(query);
    const resolved = await this.scopes.resolve(user, { region: query.region });
    const { scope } = resolved;
    if (scope.kind !== 'region') throw new Error('a region query resolved to another kind of scope');
    const now = this.clock.now();
    const [total, months, townships, departments] = await Promise.all([
      this.metrics.counts(scope, period, now),
      this.metrics.countsByMonth(scope, period, now),
      this.repository.regionsWithin(scope.path, 'township'),
      this.repository.departmentsWithin(scope.path),
    ]);
    const ids = (parts: { id: string }[]) => parts.map((part) => part.id);
    const [townshipCounts, departmentCounts] = await Promise.all([
      this.metrics.countsByKey('region', ids(townships), period, now, scope.path),
      this.metrics.countsByKey('department', ids(departments), period, now, null),
    ]);
    // Parts with no issue in the period are left out: a city has hundreds of townships, most of them quiet.
    const collected = (counts: MetricCounts | undefined): counts is MetricCounts => (counts?.collected ?? 0) > 0;
    const totalSummary = summarize(total);
    return {
      scope: resolved.view,
      period: { from: period.from, to: period.to },
      asOf: now,
      total: ratesView(resolved, period, now, totalSummary),
      classMix: classMix(resolved.param, period, totalSummary),
      byMonth: monthsOf(period).map(({ month, period: part }) => ({
        month,
        ...ratesView(resolved, part, now, summarize(months.get(month) ?? emptyCounts())),
      })),
      byTownship: townships.flatMap((township) => {
        const counts = townshipCounts.get(township.id);
        if (!collected(counts)) return [];
        const part = {
          view: { kind: 'region', id: township.id, code: township.code, name: township.name, level: township.level },
          param: `region=${township.id}`,
        };
        return [ratesView(part, period, now, summarize(counts))];
      }),
      byDepartment: departments.flatMap((department) => {
        const counts = departmentCounts.get(department.id);
        if (!collected(counts)) return [];
        const part = {
          view: { kind: 'department', id: department.id, code: department.code, name: department.name, level: null },
          param: `department=${department.id}`,
        };
        return [ratesView(part, period, now, summarize(counts))];
      }),
    };
  }

  async drill(user: AuthUser, query: DrillQuery): Promise<Page<SupervisedIssueView>> {
    const { items, total } = await this.drillItems(user, query, {
      limit: query.limit,
      offset: (query.page - 1) * query.limit,
    });
    return pageOf(items, total, query);
  }

  /** Exactly the issues the drill-down list shows (all its pages, in its order), as a workbook. */
  async drillExport(user: AuthUser, query: DrillExportQuery): Promise<DownloadFile> {
    const { items, total } = await this.drillItems(user, query, { limit: SUPERVISED_EXPORT_MAX_ROWS + 1, offset: 0 });
    if (total > SUPERVISED_EXPORT_MAX_ROWS) {
      throw invalidField('to', `the list holds ${total} rows, over ${SUPERVISED_EXPORT_MAX_ROWS}: narrow it to export`);
    }
    const period = periodOf(query);
    const title = `意见清单 ${METRIC_DEFINITIONS[query.metric].zh} ${period.from}至${lastDayOf(period)}`;
    return supervisedIssuesWorkbook('意见清单', title, items);
  }

  private async drillItems(
    user: AuthUser,
    query: DrillExportQuery,
    page: { limit: number; offset: number },
  ): Promise<{ items: SupervisedIssueView[]; total: number }> {
    const period = periodOf(query);
    const resolved = await this.scopes.resolve(user, query);
    const now = this.clock.now();
    const ids = await this.metrics.drill(query.metric, resolved.scope, period, now, page);
    const rows = await this.metrics.issueRows(ids.ids);
    const [voters, calendar] = await Promise.all([this.personalData.maskedMany(rows), this.metrics.workingCalendar()]);
    return {
      items: rows.map((row, index) => toSupervisedIssue(row, voters[index], now, calendar)),
      total: ids.total,
    };
  }
}

/** The period of a query, or 400 naming the bad field. */
export function periodOf(query: PeriodQuery): Period {
  const problem = periodProblem(query.from, query.to);
  if (problem) throw invalidField(problem.startsWith('from') ? 'from' : 'to', problem);
  return { from: query.from, to: query.to };
}

export function drillLink(metric: CountMetric, scopeParam: string, period: Period): string {
  return `${DRILL_PATH}?metric=${metric}&${scopeParam}&from=${period.from}&to=${period.to}`;
}

/** The A/B/C mix: each class's count and its share of the classified issues, each linked to its issues. */
function classMix(scopeParam: string, period: Period, summary: MetricSummary): ClassShareView[] {
  const link = (metric: CountMetric) => drillLink(metric, scopeParam, period);
  return REPLY_CLASSES.map((replyClass) => {
    const metric = `class${replyClass}` as const;
    const value = summary.counts[metric];
    return {
      replyClass,
      label: REPLY_CLASS_LABELS[replyClass],
      count: { value, drill: link(metric) },
      share: {
        ...ratio(value, summary.counts.classified),
        numeratorDrill: link(metric),
        denominatorDrill: link('classified'),
      },
    };
  });
}

/** The figures of a part: its view (what it is) and the query parameter that names it in drill links. */
export function ratesView(
  resolved: Pick<ResolvedScope, 'view' | 'param'>,
  period: Period,
  now: Date,
  summary: MetricSummary,
): RatesView {
  const link = (metric: CountMetric) => drillLink(metric, resolved.param, period);
  const counts = Object.fromEntries(
    COUNT_METRICS.map((metric): [CountMetric, CountView] => [
      metric,
      { value: summary.counts[metric], drill: link(metric) },
    ]),
  ) as Record<CountMetric, CountView>;
  const rates = Object.fromEntries(
    RATE_METRICS.map((metric): [RateMetric, RatioView] => [
      metric,
      {
        ...summary.rates[metric],
        numeratorDrill: link(RATE_PARTS[metric].numerator),
        denominatorDrill: link(RATE_PARTS[metric].denominator),
      },
    ]),
  ) as Record<RateMetric, RatioView>;
  const days = (value: number | null) => ({
    value,
    display: value === null ? NO_VALUE : String(value),
    drill: link('replied'),
  });
  return {
    scope: resolved.view,
    period: { from: period.from, to: period.to },
    asOf: now,
    counts,
    sendBacks: { value: summary.sendBacks },
    rates,
    replyWorkingDays: { median: days(summary.replyDays.median), p90: days(summary.replyDays.p90) },
  };
}
