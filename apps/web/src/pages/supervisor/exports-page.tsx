// Ledgers and the monthly report as files: a station's problems-reported ledger (反映问题登记簿) and a deputy's
// performance file (履职档案) in CSV or Excel for a month, and a county's monthly report (月报): the printable page,
// printed from here, or the official document in Word or PDF. Files need
// the access token, so they are fetched and handed to the browser rather than linked directly.
import { useMemo, useState } from 'react';
import { App as AntApp, AutoComplete, Button, Card, Col, Flex, Form, Row, Select, Space, Typography } from 'antd';
import {
  DownloadOutlined,
  FilePdfOutlined,
  FileTextOutlined,
  FileWordOutlined,
  PrinterOutlined,
} from '@ant-design/icons';
import {
  deputyFilePath,
  drill,
  fetchFile,
  monthlyReportPath,
  printFile,
  stationLedgerPath,
  type SupervisedIssue,
} from '../../api/supervision';
import type { NamedRef } from '../../api/types';
import { toApiError, useApi } from '../../api/use-api';
import { useSession } from '../../auth/auth';
import { PageHeader } from '../../components/page';
import { errorText } from '../../components/states';
import { useI18n } from '../../i18n/i18n';
import { lastDayOf, monthsOf, periodOf } from './period';

const h2 = { fontSize: 16, margin: 0 } as const;

/** Stations and deputies of the last twelve months' issues: no list endpoint for them yet. */
async function knownRefs(signal: AbortSignal): Promise<{ stations: NamedRef[]; deputies: NamedRef[] }> {
  const issues: SupervisedIssue[] = [];
  const period = periodOf('twelve');
  for (let page = 1; page <= 3; page++) {
    const answer = await drill({ metric: 'collected', ...period, page, limit: 100 }, signal);
    issues.push(...answer.items);
    if (page * answer.limit >= answer.total) break;
  }
  const unique = (refs: NamedRef[]) => [...new Map(refs.map((r) => [r.id, r])).values()];
  return { stations: unique(issues.map((i) => i.station)), deputies: unique(issues.map((i) => i.deputy)) };
}

export function ExportsPage() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const { profile } = useSession();
  const months = useMemo(() => monthsOf(periodOf('twelve')).reverse(), []);
  const [month, setMonth] = useState(months[0].label);
  const period = months.find((m) => m.label === month)!.period;
  const refs = useApi((signal) => knownRefs(signal), []);
  const [station, setStation] = useState('');
  const [deputy, setDeputy] = useState<string>();
  const counties = profile.roles
    .filter((grant) => grant.regionId && (grant.role === 'supervisor' || grant.role === 'liaison'))
    .map((grant) => ({
      value: grant.regionPath?.split('/').pop() ?? grant.regionId!,
      label: grant.regionName ?? grant.regionPath!,
    }));
  const [county, setCounty] = useState(counties[0]?.value ?? '');
  const [busy, setBusy] = useState<string>();

  async function get(key: string, path: string, open: boolean, fallbackName?: string) {
    // A window opened now, on the click, is not blocked; it shows the file once it has arrived.
    const target = open ? window.open('', '_blank') : undefined;
    setBusy(key);
    try {
      await fetchFile(path, target, fallbackName);
    } catch (error) {
      message.error(errorText(t, toApiError(error), lang));
    } finally {
      setBusy(undefined);
    }
  }

  async function print(key: string, path: string) {
    setBusy(key);
    try {
      await printFile(path);
    } catch (error) {
      message.error(errorText(t, toApiError(error), lang));
    } finally {
      setBusy(undefined);
    }
  }

  const stationOptions = (refs.data?.stations ?? []).map((s) => ({ value: s.id, label: s.name }));

  return (
    <>
      <PageHeader title={t('sup.exportsTitle')}>
        <Flex gap={8} align="center">
          <label htmlFor="export-month">{t('sup.month')}</label>
          <Select
            id="export-month"
            value={month}
            onChange={setMonth}
            options={months.map((m) => ({ value: m.label, label: m.label }))}
            style={{ width: 140 }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {period.from} — {lastDayOf(period)}
          </Typography.Text>
        </Flex>
      </PageHeader>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 style={h2}>{t('sup.ledger')}</h2>}>
            <Form layout="vertical">
              <Form.Item label={t('sup.station')} extra={t('sup.refHint')} htmlFor="ledger-station">
                <AutoComplete
                  id="ledger-station"
                  value={stationOptions.find((o) => o.value === station)?.label ?? station}
                  options={stationOptions}
                  onChange={(value: string) => setStation(value)}
                  onSelect={(value: string) => setStation(value)}
                  filterOption={(input, option) => String(option?.label ?? '').includes(input)}
                />
              </Form.Item>
              <Space wrap>
                {(['csv', 'xlsx'] as const).map((format) => (
                  <Button
                    key={format}
                    icon={<DownloadOutlined aria-hidden />}
                    disabled={!station.trim()}
                    loading={busy === `station-${format}`}
                    onClick={() =>
                      void get(`station-${format}`, stationLedgerPath(station.trim(), period, format), false)
                    }
                  >
                    {format === 'csv' ? t('sup.ledgerCsv') : t('sup.ledgerXlsx')}
                  </Button>
                ))}
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 style={h2}>{t('sup.deputyFile')}</h2>}>
            <Form layout="vertical">
              <Form.Item label={t('sup.deputy')}>
                <Select
                  aria-label={t('sup.deputy')}
                  value={deputy}
                  onChange={setDeputy}
                  loading={refs.loading}
                  options={(refs.data?.deputies ?? []).map((d) => ({ value: d.id, label: d.name }))}
                  showSearch={{ optionFilterProp: 'label' }}
                />
              </Form.Item>
              <Space wrap>
                {(['csv', 'xlsx'] as const).map((format) => (
                  <Button
                    key={format}
                    icon={<DownloadOutlined aria-hidden />}
                    disabled={!deputy}
                    loading={busy === `deputy-${format}`}
                    onClick={() =>
                      deputy && void get(`deputy-${format}`, deputyFilePath(deputy, period, format), false)
                    }
                  >
                    {format === 'csv' ? t('sup.ledgerCsv') : t('sup.ledgerXlsx')}
                  </Button>
                ))}
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 style={h2}>{t('sup.monthlyReport')}</h2>}>
            <Form layout="vertical">
              <Form.Item label={t('sup.county')} extra={t('sup.refHint')} htmlFor="report-county">
                <AutoComplete
                  id="report-county"
                  value={county}
                  options={counties}
                  onChange={(value: string) => setCounty(value)}
                />
              </Form.Item>
              <Flex gap={8} wrap>
                <Button
                  type="primary"
                  icon={<FileTextOutlined aria-hidden />}
                  disabled={!county.trim()}
                  loading={busy === 'report-open'}
                  onClick={() => void get('report-open', monthlyReportPath(county.trim(), month), true)}
                >
                  {t('sup.open')}
                </Button>
                <Button
                  icon={<DownloadOutlined aria-hidden />}
                  disabled={!county.trim()}
                  loading={busy === 'report-download'}
                  onClick={() =>
                    void get(
                      'report-download',
                      monthlyReportPath(county.trim(), month),
                      false,
                      `月报-${county.trim()}-${month}.html`,
                    )
                  }
                >
                  {t('sup.download')}
                </Button>
                {(['docx', 'pdf'] as const).map((format) => (
                  <Button
                    key={format}
                    icon={format === 'docx' ? <FileWordOutlined aria-hidden /> : <FilePdfOutlined aria-hidden />}
                    disabled={!county.trim()}
                    loading={busy === `report-${format}`}
                    onClick={() =>
                      void get(
                        `report-${format}`,
                        monthlyReportPath(county.trim(), month, format),
                        false,
                        `月报-${county.trim()}-${month}.${format}`,
                      )
                    }
                  >
                    {t(format === 'docx' ? 'file.exportWord' : 'file.exportPdf')}
                  </Button>
                ))}
                <Button
                  icon={<PrinterOutlined aria-hidden />}
                  disabled={!county.trim()}
                  loading={busy === 'report-print'}
                  onClick={() => void print('report-print', monthlyReportPath(county.trim(), month))}
                >
                  {t('file.print')}
                </Button>
              </Flex>
            </Form>
          </Card>
        </Col>
      </Row>
    </>
  );
}
