// A page of issues: cards on a phone, a table on a desktop; each opens the issue.
import { Link } from 'react-router-dom';
import { Flex, Typography } from 'antd';
import type { IssueSummary, Page } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { dateOnly, dateTime } from './format';
import { CardOrTableList } from './issue-page-list';
import { IssueNumber, RatingTag, ReplyClassTag, StatusTag, UrgencyTag } from './tags';

export function IssueList({
  page,
  onPage,
  loading,
}: {
  page: Page<IssueSummary>;
  onPage: (page: number) => void;
  loading?: boolean;
}) {
  const { t, label } = useI18n();
  const tags = (issue: IssueSummary) => (
    <>
      <StatusTag status={issue.status} label={issue.statusLabel} />
      <UrgencyTag urgency={issue.urgency} />
      {issue.replyClass ? <ReplyClassTag replyClass={issue.replyClass} /> : null}
      {issue.satisfaction ? <RatingTag rating={issue.satisfaction} /> : null}
    </>
  );
  return (
    <CardOrTableList<IssueSummary>
      page={page}
      onPage={onPage}
      loading={loading}
      rowKey={(issue) => issue.id}
      href={(issue) => `/issues/${issue.id}`}
      linkLabel={(issue) => `${t('issue.open')}: ${issue.description.slice(0, 40)}`}
      card={(issue) => (
        <>
          <Flex gap={4} wrap style={{ marginBottom: 6 }}>
            {tags(issue)}
          </Flex>
          <div className="clamp-2" style={{ color: 'rgba(0,0,0,.88)' }}>
            {issue.description}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <IssueNumber number={issue.number} /> · {issue.category.name} · {issue.place.name} ·{' '}
            {dateOnly(issue.submittedAt)}
          </Typography.Text>
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
            <Link to={`/issues/${issue.id}`} className="clamp-2">
              {issue.description}
            </Link>
          ),
        },
        {
          key: 'status',
          title: t('issue.status'),
          width: 170,
          render: (_, issue) => (
            <Flex gap={4} wrap>
              {tags(issue)}
            </Flex>
          ),
        },
        { key: 'category', title: t('issue.category'), width: 110, render: (_, issue) => issue.category.name },
        { key: 'place', title: t('issue.place'), width: 130, render: (_, issue) => issue.place.name },
        {
          key: 'lead',
          title: t('issue.leadDepartment'),
          width: 160,
          render: (_, issue) => issue.leadDepartment?.name ?? '—',
        },
        {
          key: 'channel',
          title: t('issue.channel'),
          width: 80,
          render: (_, issue) => label('channel', issue.channel),
        },
        {
          key: 'submitted',
          title: t('issue.submittedAt'),
          width: 140,
          render: (_, issue) => dateTime(issue.submittedAt),
        },
        { key: 'due', title: t('issue.dueAt'), width: 140, render: (_, issue) => dateTime(issue.dueAt) },
      ]}
    />
  );
}
