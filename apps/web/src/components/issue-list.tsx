// A page of issues: cards on a phone, a table on a desktop; each opens the issue.
import { Link } from 'react-router-dom';
import { Card, Flex, Grid, List, Pagination, Table, Typography } from 'antd';
import type { IssueSummary, Page } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { dateOnly, dateTime } from './format';
import { RatingTag, ReplyClassTag, StatusTag, UrgencyTag } from './tags';

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
  const screens = Grid.useBreakpoint();
  const pager = (
    <Flex justify="space-between" align="center" wrap style={{ marginTop: 12 }} gap={8}>
      <Typography.Text type="secondary">{t('app.total', { total: page.total })}</Typography.Text>
      {page.total > page.limit ? (
        <Pagination
          current={page.page}
          pageSize={page.limit}
          total={page.total}
          onChange={onPage}
          showSizeChanger={false}
          size="small"
        />
      ) : null}
    </Flex>
  );

  if (!screens.md) {
    return (
      <>
        <List
          loading={loading}
          dataSource={page.items}
          renderItem={(issue) => (
            <List.Item key={issue.id} style={{ padding: '6px 0', borderBlockEnd: 0 }}>
              <Card size="small" className="issue-card" style={{ width: '100%' }}>
                <Link to={`/issues/${issue.id}`} aria-label={`${t('issue.open')}: ${issue.description.slice(0, 40)}`}>
                  <Flex gap={4} wrap style={{ marginBottom: 6 }}>
                    <StatusTag status={issue.status} label={issue.statusLabel} />
                    <UrgencyTag urgency={issue.urgency} />
                    {issue.replyClass ? <ReplyClassTag replyClass={issue.replyClass} /> : null}
                    {issue.satisfaction ? <RatingTag rating={issue.satisfaction} /> : null}
                  </Flex>
                  <div className="clamp-2" style={{ color: 'rgba(0,0,0,.88)' }}>
                    {issue.description}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {issue.category.name} · {issue.place.name} · {dateOnly(issue.submittedAt)}
                  </Typography.Text>
                </Link>
              </Card>
            </List.Item>
          )}
        />
        {pager}
      </>
    );
  }

  return (
    <>
      <Table<IssueSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={page.items}
        pagination={false}
        columns={[
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
                <StatusTag status={issue.status} label={issue.statusLabel} />
                <UrgencyTag urgency={issue.urgency} />
                {issue.replyClass ? <ReplyClassTag replyClass={issue.replyClass} /> : null}
                {issue.satisfaction ? <RatingTag rating={issue.satisfaction} /> : null}
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
      {pager}
    </>
  );
}
