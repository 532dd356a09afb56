// Pieces the reception screens share: the status tag and one reception day as a card line (phone first).
import { Link } from 'react-router-dom';
import { Flex, List, Tag, Typography } from 'antd';
import type { Reception, ReceptionStatus } from '../../api/reception';
import { useI18n } from '../../i18n/i18n';

const STATUS_COLOURS: Record<ReceptionStatus, string> = {
  scheduled: 'default',
  reminded: 'blue',
  awaiting_record: 'gold',
  overdue: 'red',
  held: 'green',
  not_held: 'purple',
  cancelled: 'default',
};

export function ReceptionStatusTag({ status, fallback }: { status: ReceptionStatus; fallback?: string }) {
  const { label } = useI18n();
  return <Tag color={STATUS_COLOURS[status]}>{label('reception.status', status, fallback)}</Tag>;
}

export function ReceptionList({ items, showStation = true }: { items: Reception[]; showStation?: boolean }) {
  const { t, label } = useI18n();
  return (
    <List
      dataSource={items}
      rowKey="id"
      renderItem={(day) => (
        <List.Item>
          <Flex vertical gap={4} style={{ width: '100%' }}>
            <Flex justify="space-between" align="center" wrap gap={8}>
              <Link to={`/reception/days/${day.id}`} style={{ fontWeight: 600 }}>
                {day.heldOn}
                {showStation ? ` · ${day.station.name}` : ''}
              </Link>
              <ReceptionStatusTag status={day.status} fallback={day.statusLabel} />
            </Flex>
            {day.kind !== 'scheduled' ? (
              <Typography.Text type="secondary">
                {label('reception.kind', day.kind)}
                {day.heldFrom ? ` · ${day.heldFrom}${day.heldUntil ? `–${day.heldUntil}` : ''}` : ''}
              </Typography.Text>
            ) : null}
            {day.moved && day.nominalDate ? (
              <Typography.Text type="secondary">{t('reception.movedFrom', { date: day.nominalDate })}</Typography.Text>
            ) : null}
            <Typography.Text>
              {t('reception.onDuty')}：
              {day.deputies.length ? day.deputies.map((d) => d.name).join('、') : t('reception.nobodyOnDuty')}
            </Typography.Text>
            {day.status === 'held' ? (
              <Typography.Text type="secondary">
                {t('reception.votersCount', { count: day.votersReceived ?? 0 })} ·{' '}
                {t('reception.issuesCount', { count: day.issuesRaised })}
              </Typography.Text>
            ) : null}
          </Flex>
        </List.Item>
      )}
    />
  );
}
