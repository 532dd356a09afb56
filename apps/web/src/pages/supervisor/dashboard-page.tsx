// The rates of the supervisor's scope for a period — reply, on-time, resolution and satisfaction — with simple
// charts: the trend by month, by township, by lead department, and the A/B/C mix. Every number links to the issues
// behind it (the API's drill-down), so no figure has to be taken on trust.
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Col, Flex, Row, Segmented, Select, Statistic, Typography } from 'antd';
import {
  drillRoute,
  ratesBreakdown,
  RATE_METRICS,
  type RateMetric,
  type RatesBreakdown,
  type RatesView,
} from '../../api/supervision';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/auth';
import { BarChart, ColumnChart, StackedBar } from '../../components/charts';
import { dateTime } from '../../components/format';
import { PageHeader } from '../../components/page';
import { Async, EmptyState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { lastDayOf, PERIOD_CHOICES, periodOf, type PeriodChoice } from './period';

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

const CLASS_COLOURS = { A: '#2e7d32', B: '#1565c0', C: '#9e9e9e' } as const;

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
  // One request for the whole screen: the API breaks the region's rates down by month, township and department.
  const state = useApi((signal) => ratesBreakdown(region, period, signal), [region, period.from, period.to]);

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
      <Async state={state}>{(data) => <Overview view={data.total} />}</Async>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('sup.trend')}</h2>}>
            <Async state={state}>
              {(data) => (
                <ColumnChart
                  label={t('sup.trend')}
                  columns={data.byMonth.map((view) => ({
                    key: view.month,
                    label: view.month.slice(2),
                    value: view.counts.collected.value,
                    display: String(view.counts.collected.value),
                    note: view.rates.replyRate.display,
                    to: drillRoute(view.counts.collected.drill, `${view.month} ${t('sup.collected')}`),
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
            <Async state={state}>{(data) => <ClassMix data={data} />}</Async>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('sup.byTownship')}</h2>}>
            <Async state={state}>{(data) => <Breakdown parts={data.byTownship} />}</Async>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('sup.byDepartment')}</h2>}>
            <Async state={state}>{(data) => <Breakdown parts={data.byDepartment} />}</Async>
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
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic
              title={t('sup.underSupervisionNow')}
              valueRender={() => count('underSupervisionNow', t('sup.underSupervisionNow'))}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('sup.escalatedCount')} {count('escalated', t('sup.escalatedCount'))}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
    </>
  );
}

function ClassMix({ data }: { data: RatesBreakdown }) {
  const { t } = useI18n();
  if (data.total.counts.classified.value === 0) return <EmptyState description={t('issue.noReply')} />;
  return (
    <StackedBar
      label={t('sup.classMix')}
      parts={data.classMix.map((part) => {
        const label = t(`replyClass.short.${part.replyClass}`);
        return {
          key: part.replyClass,
          label,
          color: CLASS_COLOURS[part.replyClass],
          value: part.count.value,
          display: String(part.count.value),
          to: drillRoute(part.count.drill, label),
        };
      })}
    />
  );
}

/** Reply rate per part (township or department), busiest first; each bar opens the part's issues. */
function Breakdown({ parts }: { parts: RatesView[] }) {
  const { t } = useI18n();
  const rows = [...parts].sort((a, b) => b.counts.collected.value - a.counts.collected.value);
  if (!rows.length) return <EmptyState />;
  return (
    <BarChart
      label={t('sup.replyRate')}
      max={1}
      bars={rows.map((view) => ({
        key: view.scope.id,
        label: view.scope.name,
        value: view.rates.replyRate.value ?? 0,
        display: `${view.rates.replyRate.display} (${view.rates.replyRate.numerator}/${view.rates.replyRate.denominator})`,
        hint: `${t('sup.replyRate')} · ${t('sup.satisfactionRate')} ${view.rates.satisfactionRate.display}`,
        to: drillRoute(view.counts.collected.drill, `${view.scope.name} · ${t('sup.collected')}`),
      }))}
    />
  );
}
