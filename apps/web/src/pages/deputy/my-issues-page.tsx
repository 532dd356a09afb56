// The deputy's issues, newest first, filtered by where they stand; "to rate" is the one that needs the deputy.
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Segmented } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { listIssues } from '../../api/endpoints';
import type { IssueStatus } from '../../api/types';
import { useApi } from '../../api/use-api';
import { IssueList } from '../../components/issue-list';
import { PageHeader } from '../../components/page';
import { Async, EmptyState } from '../../components/states';
import { useAutoRefresh } from '../../components/use-auto-refresh';
import { useI18n } from '../../i18n/i18n';

const FILTERS: Record<string, IssueStatus | undefined> = {
  all: undefined,
  toRate: 'awaiting_feedback',
  followUp: 'follow_up',
  closed: 'closed',
};

export function MyIssuesPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = params.get('filter') ?? 'all';
  const [page, setPage] = useState(1);
  const state = useApi((signal) => listIssues({ status: FILTERS[filter], page, limit: 20 }, signal), [filter, page]);
  useAutoRefresh(state.reload, 30_000);

  return (
    <>
      <PageHeader
        title={t('deputy.myIssuesTitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => void navigate('/deputy/new')}>
            {t('nav.newIssue')}
          </Button>
        }
      >
        <Segmented
          aria-label={t('issue.status')}
          value={filter}
          onChange={(value) => {
            setPage(1);
            setParams(value === 'all' ? {} : { filter: String(value) });
          }}
          options={[
            { value: 'all', label: t('deputy.filterAll') },
            { value: 'toRate', label: t('deputy.filterToRate') },
            { value: 'followUp', label: label('status', 'follow_up') },
            { value: 'closed', label: t('deputy.filterClosed') },
          ]}
        />
      </PageHeader>
      <Async
        state={state}
        isEmpty={(data) => data.total === 0}
        empty={
          <EmptyState description={t('deputy.noIssues')}>
            <Link to="/deputy/new">{t('nav.newIssue')}</Link>
          </EmptyState>
        }
      >
        {(data) => <IssueList page={data} onPage={setPage} loading={state.loading} />}
      </Async>
    </>
  );
}
