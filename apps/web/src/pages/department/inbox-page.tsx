// The department's inbox (待办): what was referred to it as a work table — number, category, station, deputy, place,
// deadline (working days left on the official calendar) and status — with tabs counted under the current search and
// filters, server-side sort and pages, 批量签收 (one acknowledge command per issue, each under its own idempotency
// key, kept for a retry after no answer) and 导出Excel of exactly the list shown. On a phone the table keeps the
// number (in the text's cell), the text and the deadline; the other columns are on the issue page.
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App as AntApp, Button, Flex, Grid, Input, Select, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { issueCommands, inbox, inboxCounts, inboxExportPath } from '../../api/endpoints';
import { fetchFile } from '../../api/supervision';
import type { InboxFilter, InboxItem, InboxQuery, InboxSortField } from '../../api/types';
import { toApiError, useApi } from '../../api/use-api';
import { sendToEach } from '../shared/batch-command';
import { useSession } from '../../auth/auth';
import { dateTime } from '../../components/format';
import { PageHeader } from '../../components/page';
import { ErrorState } from '../../components/states';
import { IssueNumber, StatusTag, UrgencyTag, WorkingDaysTag } from '../../components/tags';
import { useLiveRefresh } from '../../components/use-live-refresh';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const TABS: { key: InboxFilter; label: MessageKey }[] = [
  { key: 'new', label: 'dept.tabNew' },
  { key: 'due_soon', label: 'dept.tabDueSoon' },
  { key: 'overdue', label: 'dept.tabOverdue' },
  { key: 'open', label: 'dept.tabOpen' },
  { key: 'answered', label: 'dept.tabAnswered' },
];

const PAGE_SIZE = 20;

export function InboxPage() {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const { profile } = useSession();
  // Below 576px the number moves into the text's cell, so the text keeps the width a phone has.
  const narrow = !Grid.useBreakpoint().sm;
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((item) => item.key === params.get('tab'))?.key ?? 'open';
  const [filters, setFilters] = useState<Omit<InboxQuery, 'status'>>({});
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<InboxItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [fileError, setFileError] = useState<unknown>();
  /** Each issue's acknowledge key, kept while a retry may still find the first attempt (no answer, or a 503). */
  const keys = useRef(new Map<string, string>());
  const query: InboxQuery = { status: tab, ...filters };
  const queryDeps = [tab, filters.q, filters.urgency, filters.role, filters.sort];
  const state = useApi((signal) => inbox(query, page, signal), [...queryDeps, page]);
  const counts = useApi((signal) => inboxCounts(query, signal), queryDeps);
  const reload = () => {
    state.reload();
    counts.reload();
  };
  useLiveRefresh(reload);

  const change = (next: Omit<InboxQuery, 'status'>) => {
    setFilters(next);
    setPage(1);
    setSelected([]);
  };

  async function acknowledgeSelected() {
    setBusy(true);
    const { done, failed } = await sendToEach(
      selected.map((item) => item.issue),
      keys.current,
      (issueId, key) => issueCommands.acknowledge(issueId, key),
    );
    setBusy(false);
    setSelected([]);
    if (done > 0) void message.success(t('dept.batchAcknowledged', { done }));
    if (failed.length > 0) {
      void message.error(t('dept.batchFailed', { failed: failed.length, numbers: failed.join('、') }));
    }
    reload();
  }

  const sortOrder = (field: InboxSortField) =>
    filters.sort === field ? ('ascend' as const) : filters.sort === `-${field}` ? ('descend' as const) : null;
  const columns: TableColumnsType<InboxItem> = [
    {
      title: t('issue.number'),
      key: 'number',
      responsive: ['sm'],
      sorter: true,
      sortOrder: sortOrder('number'),
      render: (_, item) => (
        <Link to={`/issues/${item.issue.id}`}>
          <IssueNumber number={item.issue.number} />
        </Link>
      ),
    },
    {
      title: t('issue.category'),
      key: 'category',
      responsive: ['md'],
      render: (_, item) => item.issue.category.name,
    },
    {
      title: t('issue.description'),
      key: 'description',
      render: (_, item) => (
        <Flex vertical gap={2}>
          {narrow ? (
            <Link to={`/issues/${item.issue.id}`}>
              <IssueNumber number={item.issue.number} />
            </Link>
          ) : null}
          <Flex gap={4} wrap>
            <Tag color={item.role === 'lead' ? 'geekblue' : 'default'}>{t(`assignmentRole.${item.role}`)}</Tag>
            <UrgencyTag urgency={item.issue.urgency} />
          </Flex>
          <span className="clamp-2">{item.issue.description}</span>
        </Flex>
      ),
    },
    { title: t('issue.station'), key: 'station', responsive: ['lg'], render: (_, item) => item.issue.station.name },
    { title: t('issue.deputy'), key: 'deputy', responsive: ['lg'], render: (_, item) => item.issue.deputy.name },
    { title: t('issue.place'), key: 'place', responsive: ['md'], render: (_, item) => item.issue.place.name },
    {
      title: t('issue.dueAt'),
      key: 'dueAt',
      sorter: true,
      sortOrder: filters.sort === undefined ? 'ascend' : sortOrder('dueAt'),
      render: (_, item) => (
        <Flex vertical gap={2} align="start">
          <span>{dateTime(item.dueAt)}</span>
          <WorkingDaysTag days={item.workingDaysLeft} overdue={item.overdue} />
        </Flex>
      ),
    },
    {
      title: t('issue.status'),
      key: 'status',
      responsive: ['md'],
      render: (_, item) => (
        <Flex gap={4} wrap>
          <StatusTag status={item.issue.status} label={item.issue.statusLabel} />
          {item.status === 'assigned' ? <Tag color="blue">{label('assignmentStatus', 'assigned')}</Tag> : null}
        </Flex>
      ),
    },
  ];

  const onTableChange = (
    pagination: TablePaginationConfig,
    _filters: unknown,
    sorter: SorterResult<InboxItem> | SorterResult<InboxItem>[],
  ) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = one?.columnKey as InboxSortField | undefined;
    const sort = one?.order && field ? (one.order === 'descend' ? (`-${field}` as const) : field) : undefined;
    if (sort !== filters.sort) change({ ...filters, sort });
    else setPage(pagination.current ?? 1);
  };

  return (
    <>
      <PageHeader title={t('dept.inboxTitle')}>
        {profile.department ? <Typography.Text type="secondary">{profile.department.name}</Typography.Text> : null}
      </PageHeader>
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          setPage(1);
          setSelected([]);
          setParams({ tab: key });
        }}
        items={TABS.map((item) => ({
          key: item.key,
          label: (
            <span>
              {t(item.label)}{' '}
              <Typography.Text
                type={item.key === 'overdue' && (counts.data?.overdue ?? 0) > 0 ? 'danger' : 'secondary'}
                data-testid={`count-${item.key}`}
              >
                {counts.data?.[item.key] ?? ''}
              </Typography.Text>
            </span>
          ),
        }))}
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('dept.search')}
          aria-label={t('dept.search')}
          style={{ width: 260, maxWidth: '100%' }}
          maxLength={40}
          onSearch={(value) => change({ ...filters, q: value.trim() || undefined })}
        />
        <Select
          aria-label={t('issue.urgency')}
          style={{ width: 140 }}
          value={filters.urgency ?? ''}
          onChange={(value: string) =>
            change({ ...filters, urgency: value === 'urgent' || value === 'normal' ? value : undefined })
          }
          options={[
            { value: '', label: t('dept.allUrgencies') },
            { value: 'urgent', label: label('urgency', 'urgent') },
            { value: 'normal', label: label('urgency', 'normal') },
          ]}
        />
        <Select
          aria-label={t('dept.roleFilter')}
          style={{ width: 140 }}
          value={filters.role ?? ''}
          onChange={(value: string) =>
            change({ ...filters, role: value === 'lead' || value === 'co' ? value : undefined })
          }
          options={[
            { value: '', label: t('dept.allRoles') },
            { value: 'lead', label: t('assignmentRole.lead') },
            { value: 'co', label: t('assignmentRole.co') },
          ]}
        />
        <Button onClick={() => void fetchFile(inboxExportPath(query)).catch(setFileError)}>
          {t('file.exportExcel')}
        </Button>
        {selected.length > 0 ? (
          <Button type="primary" loading={busy} onClick={() => void acknowledgeSelected()}>
            {t('dept.batchAcknowledge', { count: selected.length })}
          </Button>
        ) : null}
      </Flex>
      {fileError ? <ErrorState error={toApiError(fileError)} /> : null}
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <Table<InboxItem>
          size="small"
          rowKey="assignmentId"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: t('dept.noItems') }}
          rowSelection={{
            selectedRowKeys: selected.map((item) => item.assignmentId),
            onChange: (_keys, rows) => setSelected(rows),
            getCheckboxProps: (item) => ({ disabled: item.status !== 'assigned' }),
          }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: state.data?.total ?? 0,
            showSizeChanger: false,
            size: 'small',
            showTotal: (total) => t('app.total', { total }),
          }}
          onChange={onTableChange}
        />
      )}
    </>
  );
}
