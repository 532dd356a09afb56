// The department's inbox (待办): what was referred to it, soonest deadline first, with the working days left on the
// official calendar. Tabs for new, due soon, overdue, all open and done.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Card, Flex, List, Tabs, Tag, Typography } from 'antd';
import { inbox } from '../../api/endpoints';
import type { InboxFilter, InboxItem } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/auth';
import { dateTime } from '../../components/format';
import { PageFooter } from '../../components/issue-page-list';
import { PageHeader } from '../../components/page';
import { Async, EmptyState } from '../../components/states';
import { IssueNumber, StatusTag, UrgencyTag, WorkingDaysTag } from '../../components/tags';
import { useAutoRefresh } from '../../components/use-auto-refresh';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const TABS: { key: InboxFilter; label: MessageKey }[] = [
  { key: 'new', label: 'dept.tabNew' },
  { key: 'due_soon', label: 'dept.tabDueSoon' },
  { key: 'overdue', label: 'dept.tabOverdue' },
  { key: 'open', label: 'dept.tabOpen' },
  { key: 'answered', label: 'dept.tabAnswered' },
];

export function InboxPage() {
  const { t } = useI18n();
  const { profile } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((item) => item.key === params.get('tab'))?.key ?? 'open';
  const [page, setPage] = useState(1);
  const state = useApi((signal) => inbox(tab, page, signal), [tab, page]);
  useAutoRefresh(state.reload, 30_000);

  return (
    <>
      <PageHeader title={t('dept.inboxTitle')}>
        {profile.department ? <Typography.Text type="secondary">{profile.department.name}</Typography.Text> : null}
      </PageHeader>
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          setPage(1);
          setParams({ tab: key });
        }}
        items={TABS.map((item) => ({ key: item.key, label: t(item.label) }))}
      />
      <Async state={state} isEmpty={(data) => data.total === 0} empty={<EmptyState description={t('dept.noItems')} />}>
        {(data) => (
          <>
            <List
              loading={state.loading}
              dataSource={data.items}
              renderItem={(item) => <InboxRow key={item.assignmentId} item={item} />}
            />
            <PageFooter page={data} onPage={setPage} />
          </>
        )}
      </Async>
    </>
  );
}

function InboxRow({ item }: { item: InboxItem }) {
  const { t, label } = useI18n();
  return (
    <List.Item style={{ padding: '6px 0', borderBlockEnd: 0 }}>
      <Card size="small" className="issue-card" style={{ width: '100%' }}>
        <Link to={`/issues/${item.issue.id}`}>
          <Flex gap={4} wrap style={{ marginBottom: 6 }}>
            <WorkingDaysTag days={item.workingDaysLeft} overdue={item.overdue} />
            <Tag color={item.role === 'lead' ? 'geekblue' : 'default'}>{t(`assignmentRole.${item.role}`)}</Tag>
            <StatusTag status={item.issue.status} label={item.issue.statusLabel} />
            <UrgencyTag urgency={item.issue.urgency} />
            {item.status === 'assigned' ? <Tag color="blue">{label('assignmentStatus', 'assigned')}</Tag> : null}
          </Flex>
          <div className="clamp-2" style={{ color: 'rgba(0,0,0,.88)' }}>
            {item.issue.description}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <IssueNumber number={item.issue.number} /> · {item.issue.category.name} · {item.issue.place.name} ·{' '}
            {item.issue.station.name} · {t('issue.dueAt')} {dateTime(item.dueAt)}
          </Typography.Text>
        </Link>
      </Card>
    </List.Item>
  );
}
