// Hot spots (热点) for supervisors: which places keep raising which kinds of problem, month by month, and the problems
// raised again and again; every count opens onto the issues behind it, each one click from its page.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Flex, Segmented, Table, Tag, Typography } from 'antd';
import { hotspots, type IssueRef } from '../../api/duplicates';
import { useApi } from '../../api/use-api';
import { dateOnly } from '../../components/format';
import { PageHeader } from '../../components/page';
import { Async, EmptyState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';
import { lastDayOf, PERIOD_CHOICES, periodOf, type PeriodChoice } from './period';

function IssueLinks({ issues }: { issues: IssueRef[] }) {
  return (
    <Flex gap={6} wrap>
      {issues.map((issue) => (
        <Link key={issue.id} to={`/issues/${issue.id}`}>
          {issue.number}
        </Link>
      ))}
    </Flex>
  );
}

export function HotspotsPage() {
  const { t } = useI18n();
  const [choice, setChoice] = useState<PeriodChoice>('twelve');
  const period = periodOf(choice);
  const state = useApi((signal) => hotspots(period, signal), [period.from, period.to]);

  return (
    <>
      <PageHeader title={t('hotspots.title')}>
        <Segmented<PeriodChoice>
          aria-label={t('hotspots.period')}
          value={choice}
          onChange={setChoice}
          options={PERIOD_CHOICES.map((c) => ({ value: c, label: t(`hotspots.period.${c}`) }))}
        />
      </PageHeader>
      <Async state={state} isEmpty={(data) => data.cells.length === 0} empty={<EmptyState />}>
        {(data) => (
          <Flex vertical gap={16}>
            <Typography.Text type="secondary">
              {data.scope.name} · {data.period.from} — {lastDayOf(data.period)}
            </Typography.Text>
            <Card title={t('hotspots.repeated')} size="small">
              {data.repeated.length === 0 ? (
                <Typography.Text type="secondary">{t('hotspots.noRepeats')}</Typography.Text>
              ) : (
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={data.repeated}
                  columns={[
                    { title: t('hotspots.problem'), dataIndex: 'title' },
                    { title: t('hotspots.place'), dataIndex: 'placeName' },
                    { title: t('hotspots.category'), dataIndex: 'categoryName' },
                    { title: t('hotspots.firstRaised'), render: (_, row) => dateOnly(row.submittedAt) },
                    { title: t('hotspots.times'), render: (_, row) => <Tag color="red">{row.issues.length}</Tag> },
                    { title: t('hotspots.issues'), render: (_, row) => <IssueLinks issues={row.issues} /> },
                  ]}
                />
              )}
            </Card>
            <Card title={t('hotspots.cells')} size="small">
              <Table
                rowKey={(row) => `${row.placeId}:${row.categoryId}:${row.month}`}
                size="small"
                dataSource={data.cells}
                expandable={{ expandedRowRender: (row) => <IssueLinks issues={row.issues} /> }}
                columns={[
                  { title: t('hotspots.place'), dataIndex: 'placeName' },
                  { title: t('hotspots.category'), dataIndex: 'categoryName' },
                  { title: t('hotspots.month'), dataIndex: 'month' },
                  { title: t('hotspots.count'), dataIndex: 'count' },
                ]}
              />
            </Card>
          </Flex>
        )}
      </Async>
    </>
  );
}
