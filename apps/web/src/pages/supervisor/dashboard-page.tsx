// The rates of the supervisor's scope for a period — reply, on-time, resolution and satisfaction — with simple
// charts: the trend by month, by township, by lead department, and the A/B/C mix. Every number links to the issues
// behind it (the API's drill-down), so no figure has to be taken on trust.
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Col, Flex, Row, Segmented, Select, Statistic, Typography } from 'antd';
import {
  drill,
  drillRoute,
  rates,
  RATE_METRICS,
  type Period,
  type RateMetric,
  type RatesView,
  type ScopeParams,
  type SupervisedIssue,
} from '../../api/supervision';
import type { NamedRef } from '../../api/types';
import { useApi, type ApiState } from '../../api/use-api';
import { useSession } from '../../auth/auth';
import { BarChart, ColumnChart, StackedBar } from '../../components/charts';
import { dateTime } from '../../components/format';
import { PageHeader } from '../../components/page';
import { Async, EmptyState, ErrorState, Loading } from '../../components/states';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { lastDayOf, mapLimit, monthsOf, PERIOD_CHOICES, periodOf, type PeriodChoice } from './period';

const RATE_LABELS: Record<RateMetric, MessageKey> = {
  replyRate: 'sup.replyRate',
  onTimeRate: 'sup.onTimeRate',
  resolutionRate: 'sup.resolutionRate',
  satisfactionRate: 'sup.satisfactionRate',
};

const PERIOD_LABELS: Record<PeriodChoice, MessageKey> = {
  month: 'sup.periodMonth',
  quarter: 'sup.periodQuarter',
  year: 'sup.periodYear',
  twelve: 'sup.periodTwelve',
};

/** Townships and lead departments of the period's issues (no list endpoint: taken from the cohort itself). */
async function cohortParts(scope: ScopeParams, period: Period, signal: AbortSignal) {
  const issues: SupervisedIssue[] = [];
  for (let page = 1; page <= 5; page++) {
    const answer = await drill({ metric: 'collected', ...scope, ...period, page, limit: 100 }, signal);
    issues.push(...answer.items);
    if (page * answer.limit >= answer.total) break;
  }
  const unique = (refs: (NamedRef | null)[]) => [
    ...new Map(refs.filter((r): r is NamedRef => r !== null).map((r) => [r.id, r])).values(),
  ];
  return { townships: unique(issues.map((i) => i.township)), departments: unique(issues.map((i) => i.leadDepartment)) };
}

export function DashboardPage() {
  const { t } = useI18n();
  const { profile } = useSession();
  const regions = useMemo(
    () =>
      profile.roles
        .filter((grant) => (grant.role === 'supervisor' || grant.role === 'liaison') && grant.regionId)
        .map((grant) => ({ value: grant.regionId!, label: grant.regionName ?? grant.regionPath ?? grant.regionId! }))
        .filter((option, index, all) => all.findIndex((o) => o.value === option.value) === index),
    [profile],
  );
  const [region, setRegion] = useState<string | undefined>(regions[0]?.value);
  const [choice, setChoice] = useState<PeriodChoice>('twelve');
  const period = periodOf(choice);
  const scope: ScopeParams = region ? { region } : {};
  const key = `${region}|${period.from}|${period.to}`;

  const overall = useApi((signal) => rates(scope, period, signal), [key]);
  const trend = useApi(
    (signal) =>
      mapLimit(monthsOf(period), 4, async (month) => ({ month, view: await rates(scope, month.period, signal) })),
    [key],
  );
  const breakdown = useApi<BreakdownData>(
    async (signal) => {
      const parts = await cohortParts(scope, period, signal);
      const [townships, departments] = await Promise.all([
        mapLimit(parts.townships, 4, async (township) => ({
          ref: township,
          view: await rates({ region: township.id }, period, signal),
        })),
        mapLimit(parts.departments, 4, async (department) => ({
          ref: department,
          view: await rates({ department: department.id }, period, signal),
        })),
      ]);
      return { townships, departments };
    },
    [key],
  );

  return (
    <>
      <PageHeader title={t('sup.dashboardTitle')}>
        <Flex gap={8} wrap align="center">
          {regions.length > 1 ? (
            <Select
              aria-label={t('sup.scope')}
              value={region}
              onChange={setRegion}
              options={regions}
              style={{ minWidth: 140 }}
            />
          ) : null}
          <Segmented<PeriodChoice>
            aria-label={t('sup.period')}
            value={choice}
            onChange={setChoice}
            options={PERIOD_CHOICES.map((c) => ({ value: c, label: t(PERIOD_LABELS[c]) }))}
          />
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('sup.drillHint')}
        </Typography.Text>
      </PageHeader>
      <Async state={overall}>{(view) => <Overview view={view} />}</Async>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('sup.trend')}</h2>}>
            <Async state={trend}>
              {(months) => (
                <ColumnChart
                  label={t('sup.trend')}
                  columns={months.map(({ month, view }) => ({
                    key: month.label,
                    label: month.label.slice(2),
                    value: view.counts.collected.value,
                    display: String(view.counts.collected.value),
                    note: view.rates.replyRate.display,
                    to: drillRoute(view.counts.collected.drill, `${month.label} ${t('sup.collected')}`),
                  }))}
                />
              )}
            </Async>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('sup.trendNote')}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('sup.classMix')}</h2>}>
            <Async state={overall}>{(view) => <ClassMix view={view} />}</Async>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('sup.byTownship')}</h2>}>
            <Breakdown state={breakdown} pick={(data) => data.townships} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('sup.byDepartment')}</h2>}>
            <Breakdown state={breakdown} pick={(data) => data.departments} />
          </Card>
        </Col>
      </Row>
    </>
  );
}

function Overview({ view }: { view: RatesView }) {
  const { t } = useI18n();
  const count = (metric: keyof RatesView['counts'], label: string) => (
    <Link to={drillRoute(view.counts[metric].drill, label)} aria-label={`${label}: ${view.counts[metric].value}`}>
      {view.counts[metric].value}
    </Link>
  );
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {view.scope.name} · {view.period.from} — {lastDayOf(view.period)} · {t('sup.asOf')} {dateTime(view.asOf)}
      </Typography.Paragraph>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title={t('sup.collected')} valueRender={() => count('collected', t('sup.collected'))} />
          </Card>
        </Col>
        {RATE_METRICS.map((metric) => {
          const ratio = view.rates[metric];
          const label = t(RATE_LABELS[metric]);
          return (
            <Col key={metric} xs={12} md={8} xl={4}>
              <Card size="small">
                <Statistic
                  title={label}
                  valueRender={() => (
                    <Link to={drillRoute(ratio.numeratorDrill, label)} aria-label={`${label}: ${ratio.display}`}>
                      {ratio.display}
                    </Link>
                  )}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <Link
                    to={drillRoute(ratio.numeratorDrill, `${label} · ${t('sup.numerator')}`)}
                    aria-label={`${label} ${t('sup.numerator')}: ${ratio.numerator}`}
                  >
                    {ratio.numerator}
                  </Link>
                  {' / '}
                  <Link
                    to={drillRoute(ratio.denominatorDrill, `${label} · ${t('sup.denominator')}`)}
                    aria-label={`${label} ${t('sup.denominator')}: ${ratio.denominator}`}
                  >
                    {ratio.denominator}
                  </Link>
                </Typography.Text>
              </Card>
            </Col>
          );
        })}
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title={t('sup.overdueNow')} valueRender={() => count('overdueNow', t('sup.overdueNow'))} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('sup.escalatedCount')} {count('escalated', t('sup.escalatedCount'))}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
    </>
  );
}

function ClassMix({ view }: { view: RatesView }) {
  const { t } = useI18n();
  const part = (key: 'classA' | 'classB' | 'classC', label: string, color: string) => ({
    key,
    label,
    color,
    value: view.counts[key].value,
    display: String(view.counts[key].value),
    to: drillRoute(view.counts[key].drill, label),
  });
  if (view.counts.classified.value === 0) return <EmptyState description={t('issue.noReply')} />;
  return (
    <StackedBar
      label={t('sup.classMix')}
      parts={[
        part('classA', t('replyClass.short.A'), '#2e7d32'),
        part('classB', t('replyClass.short.B'), '#1565c0'),
        part('classC', t('replyClass.short.C'), '#9e9e9e'),
      ]}
    />
  );
}

interface PartRates {
  ref: NamedRef;
  view: RatesView;
}

interface BreakdownData {
  townships: PartRates[];
  departments: PartRates[];
}

function Breakdown({ state, pick }: { state: ApiState<BreakdownData>; pick: (data: BreakdownData) => PartRates[] }) {
  const { t } = useI18n();
  if (state.error && !state.data) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading />;
  const rows = pick(state.data).sort((a, b) => b.view.counts.collected.value - a.view.counts.collected.value);
  if (!rows.length) return <EmptyState />;
  return (
    <BarChart
      label={t('sup.replyRate')}
      max={1}
      bars={rows.map(({ ref, view }) => ({
        key: ref.id,
        label: ref.name,
        value: view.rates.replyRate.value ?? 0,
        display: `${view.rates.replyRate.display} (${view.rates.replyRate.numerator}/${view.rates.replyRate.denominator})`,
        hint: `${t('sup.replyRate')} · ${t('sup.satisfactionRate')} ${view.rates.satisfactionRate.display}`,
        to: drillRoute(view.counts.collected.drill, `${ref.name} · ${t('sup.collected')}`),
      }))}
    />
  );
}
