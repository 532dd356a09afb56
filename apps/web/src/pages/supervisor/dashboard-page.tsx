// The rates of the supervisor's scope for a period — reply, on-time, resolution and satisfaction — with charts: the
// trend by month, by township, by lead department, and the A/B/C mix. Every number and every mark links to the issues
// behind it (the API's drill-down), so no figure has to be taken on trust. A preset period or any range of days; the
// page prints without the app's frame, and its figures download as a workbook.
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Row,
  Segmented,
  Select,
  Statistic,
  Typography,
} from 'antd';
import { FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import {
  breakdownWorkbookPath,
  drillRoute,
  fetchFile,
  ratesBreakdown,
  RATE_METRICS,
  type RateMetric,
  type RatesBreakdown,
  type RatesView,
  type Period,
} from '../../api/supervision';
import { toApiError, useApi } from '../../api/use-api';
import { useSession } from '../../auth/auth';
import { DonutChart, RankingChart, TrendChart } from '../../components/charts';
import { dateTime } from '../../components/format';
import { PageHeader } from '../../components/page';
import { Async, EmptyState, errorText } from '../../components/states';
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

/** The day after a picked day: periods end exclusive. */
const dayAfter = (day: Dayjs) => day.add(1, 'day').format('YYYY-MM-DD');

export function DashboardPage() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
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
  // A range of days picked by hand overrides the preset until a preset is chosen again.
  const [range, setRange] = useState<Period | null>(null);
  const period = range ?? periodOf(choice);
  const [exporting, setExporting] = useState(false);

  async function exportWorkbook() {
    setExporting(true);
    try {
      await fetchFile(breakdownWorkbookPath(region, period), undefined, `办理统计-${period.from}.xlsx`);
    } catch (error) {
      message.error(errorText(t, toApiError(error), lang));
    } finally {
      setExporting(false);
    }
  }
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
            value={range ? undefined : choice}
            onChange={(value) => {
              setChoice(value);
              setRange(null);
            }}
            options={PERIOD_CHOICES.map((c) => ({ value: c, label: t(PERIOD_LABELS[c]) }))}
          />
          <DatePicker.RangePicker
            aria-label={t('sup.customRange')}
            id={{ start: 'dashboard-from', end: 'dashboard-to' }}
            allowClear={false}
            value={[dayjs(period.from), dayjs(lastDayOf(period))]}
            onChange={(days) => {
              const [from, last] = days ?? [];
              if (from && last) setRange({ from: from.format('YYYY-MM-DD'), to: dayAfter(last) });
            }}
          />
          <Button className="no-print" icon={<PrinterOutlined aria-hidden />} onClick={() => window.print()}>
            {t('file.print')}
          </Button>
          <Button
            className="no-print"
            icon={<FileExcelOutlined aria-hidden />}
            loading={exporting}
            onClick={() => void exportWorkbook()}
          >
            {t('file.exportExcel')}
          </Button>
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
                <TrendChart
                  label={t('sup.trend')}
                  monthLabel={t('sup.month')}
                  countLabel={t('sup.collected')}
                  rateLabel={t('sup.replyRate')}
                  points={data.byMonth.map((view) => ({
                    key: view.month,
                    label: view.month,
                    count: {
                      key: `${view.month}-collected`,
                      label: `${view.month} ${t('sup.collected')}`,
                      value: view.counts.collected.value,
                      display: String(view.counts.collected.value),
                      to: drillRoute(view.counts.collected.drill, `${view.month} ${t('sup.collected')}`),
                    },
                    rate: {
                      key: `${view.month}-reply-rate`,
                      label: `${view.month} ${t('sup.replyRate')}`,
                      value: view.rates.replyRate.value,
                      display: view.rates.replyRate.display,
                      to: drillRoute(view.rates.replyRate.numeratorDrill, `${view.month} ${t('sup.replied')}`),
                    },
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
            <Async state={state}>{(data) => <Breakdown parts={data.byTownship} partLabel={t('sup.township')} />}</Async>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('sup.byDepartment')}</h2>}>
            <Async state={state}>
              {(data) => <Breakdown parts={data.byDepartment} partLabel={t('sup.leadDepartment')} />}
            </Async>
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
    <DonutChart
      label={t('sup.classMix')}
      partLabel={t('sup.replyClass')}
      countLabel={t('sup.issueCount')}
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
function Breakdown({ parts, partLabel }: { parts: RatesView[]; partLabel: string }) {
  const { t } = useI18n();
  const rows = [...parts].sort((a, b) => b.counts.collected.value - a.counts.collected.value);
  if (!rows.length) return <EmptyState />;
  return (
    <RankingChart
      label={`${partLabel} · ${t('sup.replyRate')}`}
      partLabel={partLabel}
      valueLabel={t('sup.replyRate')}
      max={1}
      bars={rows.map((view) => ({
        key: view.scope.id,
        label: view.scope.name,
        value: view.rates.replyRate.value ?? 0,
        display: `${view.rates.replyRate.display} (${view.rates.replyRate.numerator}/${view.rates.replyRate.denominator})`,
        to: drillRoute(view.counts.collected.drill, `${view.scope.name} · ${t('sup.collected')}`),
      }))}
    />
  );
}
