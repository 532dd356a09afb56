// A deputy's reception duty days: the coming ones first, then the past ones with whether they were there.
import { Typography } from 'antd';
import { myDuties } from '../../api/reception';
import { useApi } from '../../api/use-api';
import { PageHeader } from '../../components/page';
import { Async, EmptyState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';
import { ReceptionList } from './reception-parts';

export function MyDutiesPage() {
  const { t } = useI18n();
  const state = useApi((signal) => myDuties(signal), []);
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return (
    <>
      <PageHeader title={t('reception.myDutiesTitle')} />
      <Async
        state={state}
        isEmpty={(days) => days.length === 0}
        empty={<EmptyState description={t('reception.noDuties')} />}
      >
        {(days) => {
          const coming = days.filter((d) => d.heldOn >= today && d.status !== 'cancelled');
          const past = days.filter((d) => d.heldOn < today).reverse();
          return (
            <>
              <Typography.Title level={2} style={{ fontSize: 18 }}>
                {t('reception.upcomingDuties')}
              </Typography.Title>
              {coming.length ? <ReceptionList items={coming} /> : <EmptyState description={t('reception.noDuties')} />}
              <Typography.Title level={2} style={{ fontSize: 18 }}>
                {t('reception.pastDuties')}
              </Typography.Title>
              <ReceptionList items={past} />
            </>
          );
        }}
      </Async>
    </>
  );
}
