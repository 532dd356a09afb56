// The issues in the supervisor's scope, filtered by the URL (?status=&departmentId=&stationId=&categoryId=&from=&to=),
// so any number elsewhere can link to the issues behind it.
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Flex, Select, Tag } from 'antd';
import { listIssues } from '../../api/endpoints';
import { ISSUE_STATUSES, type IssueQuery, type IssueStatus } from '../../api/types';
import { useApi } from '../../api/use-api';
import { IssueList } from '../../components/issue-list';
import { PageHeader } from '../../components/page';
import { Async, EmptyState } from '../../components/states';
import { useI18n } from '../../i18n/i18n';

const FILTER_KEYS = ['categoryId', 'stationId', 'departmentId', 'from', 'to'] as const;

export function ScopeIssuesPage() {
  const { t, label } = useI18n();
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const status = (ISSUE_STATUSES as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as IssueStatus)
    : undefined;
  const query: IssueQuery = { status, page, limit: 20 };
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  const title = params.get('title');
  const state = useApi((signal) => listIssues(query, signal), [params.toString(), page]);

  return (
    <>
      <PageHeader title={t('sup.drillTitle')}>
        <Flex gap={8} wrap align="center">
          <Select<IssueStatus>
            aria-label={t('issue.status')}
            placeholder={t('issue.status')}
            allowClear
            value={status}
            style={{ minWidth: 140 }}
            onChange={(value) => {
              const next = new URLSearchParams(params);
              if (value) next.set('status', value);
              else next.delete('status');
              setPage(1);
              setParams(next);
            }}
            options={ISSUE_STATUSES.map((s) => ({ value: s, label: label('status', s) }))}
          />
          {title ? <Tag color="red">{title}</Tag> : null}
          {FILTER_KEYS.filter((key) => params.get(key)).map((key) => (
            <Tag
              key={key}
              closable
              onClose={() => {
                const next = new URLSearchParams(params);
                next.delete(key);
                setParams(next);
              }}
            >
              {params.get(`${key}Label`) ?? `${key}: ${params.get(key)}`}
            </Tag>
          ))}
        </Flex>
      </PageHeader>
      <Async state={state} isEmpty={(data) => data.total === 0} empty={<EmptyState />}>
        {(data) => <IssueList page={data} onPage={setPage} loading={state.loading} />}
      </Async>
    </>
  );
}
