// Owns the rates a supervisor reads for a scope and period, each count linked to the issues behind it, and the
// drill-down lists themselves. The figures come from @app/metrics; nothing here is typed in or adjusted.
import { Inject, Injectable } from '@nestjs/common';
import {
  COUNT_METRICS,
  MetricsRepository,
  periodProblem,
  RATE_METRICS,
  RATE_PARTS,
  summarize,
  NO_VALUE,
  type CountMetric,
  type MetricSummary,
  type Period,
  type RateMetric,
} from '@app/metrics';
import type { AuthUser } from '../auth/auth-user';
import { PersonalDataService } from '../auth/personal-data.service';
import { invalidField } from '../common/api-error';
import { Clock } from '../common/clock';
import { pageOf, type Page } from '../common/pagination';
import { toSupervisedIssue } from './supervised-issue';
import { SupervisionScopeService, type ResolvedScope } from './supervision-scope.service';
import type {
  CountView,
  DrillQuery,
  PeriodQuery,
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

  async drill(user: AuthUser, query: DrillQuery): Promise<Page<SupervisedIssueView>> {
    const period = periodOf(query);
    const resolved = await this.scopes.resolve(user, query);
    const now = this.clock.now();
    const page = await this.metrics.drill(query.metric, resolved.scope, period, now, {
      limit: query.limit,
      offset: (query.page - 1) * query.limit,
    });
    const rows = await this.metrics.issueRows(page.ids);
    const [voters, calendar] = await Promise.all([this.personalData.maskedMany(rows), this.metrics.workingCalendar()]);
    return pageOf(
      rows.map((row, index) => toSupervisedIssue(row, voters[index], now, calendar)),
      page.total,
      query,
    );
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

export function ratesView(resolved: ResolvedScope, period: Period, now: Date, summary: MetricSummary): RatesView {
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
