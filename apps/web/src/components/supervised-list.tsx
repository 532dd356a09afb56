// Issues as a supervisor reads them (queues, drill-down lists): how late or how soon, how high it has climbed, who
// holds it and what happened last. Cards on a phone, a table on a desktop; each opens the issue.
import { Link } from 'react-router-dom';
import { Flex, Tag, Typography } from 'antd';
import type { SupervisedIssue } from '../api/supervision';
import type { Page } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { dateTime } from './format';
import { CardOrTableList } from './issue-page-list';
import { IssueNumber, ReplyClassTag, StatusTag, UrgencyTag } from './tags';

function Deadline({ issue }: { issue: SupervisedIssue }) {
  const { t } = useI18n();
  if (issue.workingDaysOverdue !== null) {
    if (issue.workingDaysOverdue > 0)
      return <Tag color="red">{t('dept.daysOverdue', { days: issue.workingDaysOverdue })}</Tag>;
    // Overdue today: the status tag already says so, unless the status is another one (a missed follow-up).
    return issue.status === 'overdue' ? null : <Tag color="red">{t('dept.overdue')}</Tag>;
  }
  if (issue.workingDaysLeft !== null) {
    return (
      <Tag color={issue.workingDaysLeft <= 1 ? 'orange' : 'default'}>
        {issue.workingDaysLeft === 0 ? t('dept.dueToday') : t('dept.daysLeft', { days: issue.workingDaysLeft })}
      </Tag>
    );
  }
  return null;
}

export function SupervisedTags({ issue }: { issue: SupervisedIssue }) {
  const { t } = useI18n();
  return (
    <Flex gap={4} wrap>
      <Deadline issue={issue} />
      {issue.escalationLevel > 0 ? (
        <Tag color="magenta">{t('issue.escalated', { level: issue.escalationLevel })}</Tag>
      ) : null}
      <StatusTag status={issue.status} label={issue.statusLabel} />
      <UrgencyTag urgency={issue.urgency} />
      {issue.replyClass ? <ReplyClassTag replyClass={issue.replyClass} /> : null}
    </Flex>
  );
}

export function LastAction({ issue }: { issue: SupervisedIssue }) {
  const { label } = useI18n();
  if (!issue.lastAction) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {label('event', issue.lastAction.type, issue.lastAction.label)} · {dateTime(issue.lastAction.at)}
      {issue.lastAction.actor ? ` · ${issue.lastAction.actor}` : ''}
    </Typography.Text>
  );
}

export function SupervisedList({
  page,
  onPage,
  loading,
}: {
  page: Page<SupervisedIssue>;
  onPage: (page: number) => void;
  loading?: boolean;
}) {
  const { t } = useI18n();
  return (
    <CardOrTableList<SupervisedIssue>
      page={page}
      onPage={onPage}
      loading={loading}
      rowKey={(issue) => issue.id}
      href={(issue) => `/issues/${issue.id}`}
      card={(issue) => (
        <>
          <SupervisedTags issue={issue} />
          <div className="clamp-2" style={{ color: 'rgba(0,0,0,.88)', marginTop: 6 }}>
            {issue.description}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            <IssueNumber number={issue.number} /> · {issue.township.name} · {issue.place.name} ·{' '}
            {issue.leadDepartment?.name ?? '—'}
          </Typography.Text>
          <LastAction issue={issue} />
        </>
      )}
      columns={[
        {
          key: 'number',
          title: t('issue.number'),
          width: 150,
          render: (_, issue) => <IssueNumber number={issue.number} />,
        },
        {
          key: 'description',
          title: t('issue.description'),
          render: (_, issue) => (
            <div>
              <Link to={`/issues/${issue.id}`} className="clamp-2">
                {issue.description}
              </Link>
              <LastAction issue={issue} />
            </div>
          ),
        },
        { key: 'tags', title: t('issue.status'), width: 220, render: (_, issue) => <SupervisedTags issue={issue} /> },
        {
          key: 'where',
          title: t('issue.place'),
          width: 150,
          render: (_, issue) => `${issue.township.name} · ${issue.place.name}`,
        },
        {
          key: 'lead',
          title: t('issue.leadDepartment'),
          width: 170,
          render: (_, issue) => issue.leadDepartment?.name ?? '—',
        },
        { key: 'deadline', title: t('issue.dueAt'), width: 140, render: (_, issue) => dateTime(issue.deadlineAt) },
      ]}
    />
  );
}
