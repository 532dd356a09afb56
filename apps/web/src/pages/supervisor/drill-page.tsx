// The issues behind one number of the rates: the same query the number was computed with (metric, scope, period),
// and 导出Excel of exactly that list.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, Flex, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { COUNT_METRICS, drill, drillExportPath, fetchFile } from '../../api/supervision';
import { toApiError, useApi } from '../../api/use-api';
import { PageHeader } from '../../components/page';
import { Async, EmptyState, ErrorState } from '../../components/states';
import { SupervisedList } from '../../components/supervised-list';
import { useI18n } from '../../i18n/i18n';
import { lastDayOf } from './period';

const PASSED = ['metric', 'region', 'station', 'department', 'deputy', 'from', 'to'] as const;

export function DrillPage() {
  const { t, label } = useI18n();
  const [params] = useSearchParams();
  const [page, setPage] = useState(1);
  const [fileError, setFileError] = useState<unknown>();
  const metric = params.get('metric') ?? '';
  const query: Record<string, string | number> = { page, limit: 20 };
  for (const key of PASSED) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  const state = useApi((signal) => drill(query, signal), [params.toString(), page]);
  const { page: _page, limit: _limit, ...listQuery } = query;
  const known = (COUNT_METRICS as readonly string[]).includes(metric);

  return (
    <>
      <PageHeader title={t('sup.drillTitle')}>
        <Link to="/supervisor/dashboard">
          <ArrowLeftOutlined aria-hidden /> {t('nav.dashboard')}
        </Link>
        <Flex gap={6} wrap align="center">
          {known ? <Tag color="red">{label('metric', metric)}</Tag> : null}
          {params.get('title') ? <Typography.Text strong>{params.get('title')}</Typography.Text> : null}
          <Typography.Text type="secondary">
            {params.get('from')} —{' '}
            {params.get('to') ? lastDayOf({ from: params.get('from') ?? '', to: params.get('to')! }) : ''}
          </Typography.Text>
          {known ? (
            <Button size="small" onClick={() => void fetchFile(drillExportPath(listQuery)).catch(setFileError)}>
              {t('file.exportExcel')}
            </Button>
          ) : null}
        </Flex>
      </PageHeader>
      {fileError ? <ErrorState error={toApiError(fileError)} /> : null}
      <Async state={state} isEmpty={(data) => data.total === 0} empty={<EmptyState />}>
        {(data) => <SupervisedList page={data} onPage={setPage} loading={state.loading} />}
      </Async>
    </>
  );
}
