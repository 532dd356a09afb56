// Reception days of the stations in the user's scope, latest first, filtered by station and status; each station
// with a plan links to its plan editor.
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Flex, Pagination, Select } from 'antd';
import { CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import { RECEPTION_STATUSES, listReceptions, receptionStations, type ReceptionStatus } from '../../api/reception';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/auth';
import { PageHeader } from '../../components/page';
import { Async, EmptyState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';
import { ReceptionList } from './reception-parts';

export function ReceptionsPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const { role } = useSession();
  const [params, setParams] = useSearchParams();
  const stationId = params.get('station') ?? undefined;
  const status = (params.get('status') ?? undefined) as ReceptionStatus | undefined;
  const [page, setPage] = useState(1);
  const stations = useApi((signal) => receptionStations(signal), []);
  const state = useApi(
    (signal) => listReceptions({ stationId, status, page, limit: 20 }, signal),
    [stationId, status, page],
  );
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setPage(1);
    setParams(next);
  };

  return (
    <>
      <PageHeader
        title={t('reception.listTitle')}
        extra={
          <Flex gap={8} wrap>
            {role === 'liaison' || role === 'admin' ? (
              <Button
                type="primary"
                icon={<PlusOutlined aria-hidden />}
                onClick={() => void navigate(`/reception/ad-hoc/new${stationId ? `?station=${stationId}` : ''}`)}
              >
                {t('reception.adHocNew')}
              </Button>
            ) : null}
            {stationId ? (
              <Button
                icon={<CalendarOutlined aria-hidden />}
                onClick={() => void navigate(`/reception/stations/${stationId}/plan`)}
              >
                {t('reception.plan')}
              </Button>
            ) : null}
          </Flex>
        }
      >
        <Flex gap={8} wrap>
          <Select
            aria-label={t('reception.station')}
            style={{ minWidth: 220, flex: '1 1 220px' }}
            allowClear
            placeholder={t('reception.allStations')}
            loading={stations.loading}
            value={stationId}
            onChange={(value?: string) => set('station', value)}
            options={(stations.data ?? []).map((s) => ({
              value: s.id,
              label: s.ruleLabel ? `${s.name}（${s.ruleLabel}）` : s.name,
            }))}
          />
          <Select
            aria-label={t('reception.status')}
            style={{ minWidth: 160, flex: '1 1 160px' }}
            allowClear
            placeholder={t('reception.allStatuses')}
            value={status}
            onChange={(value?: string) => set('status', value)}
            options={RECEPTION_STATUSES.map((s) => ({ value: s, label: label('reception.status', s) }))}
          />
        </Flex>
      </PageHeader>
      <Async
        state={state}
        isEmpty={(data) => data.total === 0}
        empty={<EmptyState description={t('reception.noDays')} />}
      >
        {(data) => (
          <>
            <ReceptionList items={data.items} showStation={!stationId} />
            {data.total > data.limit ? (
              <Pagination
                style={{ marginTop: 16, textAlign: 'center' }}
                current={data.page}
                pageSize={data.limit}
                total={data.total}
                onChange={setPage}
                showSizeChanger={false}
              />
            ) : null}
          </>
        )}
      </Async>
    </>
  );
}
