// The staff's phone-call list (电话通知, the second of the three notices): open calls, the most urgent first; each
// call's outcome is recorded on the invitation, and a reached deputy leaves the list. The deputy's phone is shown
// masked until asked for; what the deputy answers on the phone is recorded on their behalf.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App as AntApp, Button, Input, Space, Table, Tag } from 'antd';
import { listPhoneTasks, recordCall, type Invitation } from '../../api/attendance';
import { toApiError, useApi } from '../../api/use-api';
import { dateTime, newKey } from '../../components/format';
import { PageHeader } from '../../components/page';
import { Async, EmptyState } from '../../components/states';
import { useAutoRefresh } from '../../components/use-auto-refresh';
import { useI18n } from '../../i18n/i18n';
import { DeputyPhone, OnBehalfReply } from './call-parts';

export function PhoneTasksPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [page, setPage] = useState(1);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const state = useApi((signal) => listPhoneTasks({ page, limit: 50 }, signal), [page]);
  useAutoRefresh(state.reload, 30_000);

  const record = async (invitation: Invitation, outcome: 'reached' | 'not_reached') => {
    try {
      await recordCall(invitation.id, outcome, notes[invitation.id]?.trim() || undefined, newKey());
      message.success(t('att.saved'));
      state.reload();
    } catch (reason) {
      message.error(toApiError(reason).message);
    }
  };

  return (
    <>
      <PageHeader title={t('att.phoneTasksTitle')} />
      <Async
        state={state}
        isEmpty={(data) => data.total === 0}
        empty={<EmptyState description={t('att.noPhoneTasks')} />}
      >
        {(data) => (
          <Table<Invitation>
            rowKey="id"
            scroll={{ x: true }}
            dataSource={data.items}
            pagination={{ current: data.page, pageSize: data.limit, total: data.total, onChange: setPage }}
            columns={[
              {
                title: t('att.phone'),
                render: (_, i) => (
                  <Tag color={i.phoneDueAt && Date.parse(i.phoneDueAt) < Date.now() ? 'red' : 'blue'}>
                    {t('att.callDue', { due: dateTime(i.phoneDueAt) })}
                  </Tag>
                ),
              },
              // Names and statuses are short: kept on one line rather than a character a line beside the wide columns.
              {
                title: t('att.deputy'),
                render: (_, i) => i.deputy.name,
                onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
              },
              { title: t('att.deputyPhone'), render: (_, i) => <DeputyPhone key={i.id} invitation={i} /> },
              {
                title: t('att.title'),
                render: (_, i) => (
                  <Link to={`/attendance/meetings/${i.meetingId}`}>
                    {i.meetingDate} {i.meetingTitle}
                  </Link>
                ),
              },
              { title: t('att.kind'), dataIndex: 'kindLabel' },
              {
                title: t('att.status'),
                onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
                render: (_, i) => (i.phoneStatus === 'not_reached' ? t('att.notReached') : i.statusLabel),
              },
              {
                title: t('att.callNote'),
                render: (_, i) => (
                  <Space wrap>
                    <Input
                      size="small"
                      aria-label={`${t('att.callNote')} ${i.deputy.name}`}
                      style={{ width: 180 }}
                      value={notes[i.id] ?? ''}
                      onChange={(e) => setNotes({ ...notes, [i.id]: e.target.value })}
                      maxLength={1000}
                    />
                    <Button size="small" type="primary" onClick={() => void record(i, 'reached')}>
                      {t('att.reached')}
                    </Button>
                    <Button size="small" onClick={() => void record(i, 'not_reached')}>
                      {t('att.notReached')}
                    </Button>
                  </Space>
                ),
              },
              {
                title: t('att.onBehalf'),
                // The answer itself shows in the status column; a leave request's reason here.
                render: (_, i) =>
                  i.reply ? (i.leaveReason ?? '—') : <OnBehalfReply invitation={i} onDone={state.reload} />,
              },
            ]}
          />
        )}
      </Async>
    </>
  );
}
