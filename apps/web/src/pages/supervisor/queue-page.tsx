// The supervisor's queues: overdue and escalated issues, issues due soon, issues waiting for triage, as work tables —
// number, category, station, deputy, place, deadline, status — with tabs counted under the current search, server-side
// sort and pages, 批量催办 (one urge command per issue, each under its own idempotency key, kept for a retry after no
// answer; failures listed by number) and 导出Excel of exactly the list shown. Kept live by the API's server-sent
// events: when an issue in the user's regions moves, the open queue reloads by itself and screen readers hear that it
// changed. Without the stream (unavailable or reconnecting) it refreshes every 30 s. On a phone the table keeps the
// number (in the text's cell), the text and the deadline; the other columns are on the issue page.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App as AntApp, Badge, Button, Flex, Grid, Input, Modal, Table, Tabs, Typography } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { issueCommands } from '../../api/endpoints';
import { openEventStream, type StreamStatus } from '../../api/event-stream';
import {
  fetchFile,
  LIVE_EVENTS_PATH,
  queue,
  queueCounts,
  queueExportPath,
  QUEUE_KINDS,
  type QueueKind,
  type QueueListQuery,
  type QueueSortField,
  type SupervisedIssue,
} from '../../api/supervision';
import { HANDLING_STATUSES } from '../../api/types';
import { toApiError, useApi } from '../../api/use-api';
import { sendToEach } from '../shared/batch-command';
import { dateTime } from '../../components/format';
import { PageHeader } from '../../components/page';
import { ErrorState } from '../../components/states';
import { LastAction, SupervisedTags } from '../../components/supervised-list';
import { IssueNumber } from '../../components/tags';
import { useAutoRefresh } from '../../components/use-auto-refresh';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const TAB_LABELS: Record<QueueKind, MessageKey> = {
  escalated: 'sup.tabEscalated',
  'due-soon': 'sup.tabDueSoon',
  triage: 'sup.tabTriage',
};

const PAGE_SIZE = 20;

/** Urging asks the lead department to hurry: only while one holds the issue or owes the promised follow-up. */
const urgeable = (issue: SupervisedIssue) => HANDLING_STATUSES.includes(issue.status) || issue.status === 'follow_up';

export function QueuePage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  // Below 576px the number moves into the text's cell, so the text keeps the width a phone has.
  const narrow = !Grid.useBreakpoint().sm;
  const [params, setParams] = useSearchParams();
  const kind = QUEUE_KINDS.find((k) => k === params.get('queue')) ?? 'escalated';
  const [filters, setFilters] = useState<QueueListQuery>({});
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<SupervisedIssue[]>([]);
  const [urging, setUrging] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [fileError, setFileError] = useState<unknown>();
  /** Each issue's urge key, kept while a retry may still find the first attempt (no answer, or a 503). */
  const keys = useRef(new Map<string, string>());
  const state = useApi(
    (signal) => queue(kind, { ...filters, page, limit: PAGE_SIZE }, signal),
    [kind, filters.q, filters.sort, page],
  );
  const counts = useApi((signal) => queueCounts(filters, signal), [filters.q]);
  const [live, setLive] = useState<StreamStatus>('connecting');
  const [announcement, setAnnouncement] = useState('');
  const { reload: reloadList } = state;
  const { reload: reloadCounts } = counts;
  const reload = useCallback(() => {
    reloadList();
    reloadCounts();
  }, [reloadList, reloadCounts]);

  const change = (next: QueueListQuery) => {
    setFilters(next);
    setPage(1);
    setSelected([]);
  };

  async function urgeSelected() {
    setBusy(true);
    const { done, failed } = await sendToEach(selected, keys.current, (issueId, key) =>
      issueCommands.urge(issueId, { note: note.trim() }, key),
    );
    setBusy(false);
    setUrging(false);
    setNote('');
    setSelected([]);
    if (done > 0) void message.success(t('sup.batchUrged', { done }));
    if (failed.length > 0) {
      void message.error(t('sup.batchUrgeFailed', { failed: failed.length, numbers: failed.join('、') }));
    }
    reload();
  }

  const sortOrder = (field: QueueSortField) =>
    filters.sort === field ? ('ascend' as const) : filters.sort === `-${field}` ? ('descend' as const) : null;
  const columns: TableColumnsType<SupervisedIssue> = [
    {
      title: t('issue.number'),
      key: 'number',
      responsive: ['sm'],
      sorter: true,
      sortOrder: sortOrder('number'),
      render: (_, issue) => (
        <Link to={`/issues/${issue.id}`}>
          <IssueNumber number={issue.number} />
        </Link>
      ),
    },
    { title: t('issue.category'), key: 'category', responsive: ['md'], render: (_, issue) => issue.category.name },
    {
      title: t('issue.description'),
      key: 'description',
      render: (_, issue) => (
        <Flex vertical gap={2}>
          {narrow ? <IssueNumber number={issue.number} /> : null}
          <Link to={`/issues/${issue.id}`} className="clamp-2">
            {issue.description}
          </Link>
          <LastAction issue={issue} />
        </Flex>
      ),
    },
    { title: t('issue.station'), key: 'station', responsive: ['lg'], render: (_, issue) => issue.station.name },
    { title: t('issue.deputy'), key: 'deputy', responsive: ['lg'], render: (_, issue) => issue.deputy.name },
    { title: t('issue.place'), key: 'place', responsive: ['md'], render: (_, issue) => issue.place.name },
    {
      title: t('issue.dueAt'),
      key: 'deadline',
      sorter: kind !== 'triage',
      sortOrder: sortOrder('deadline'),
      render: (_, issue) => dateTime(issue.deadlineAt),
    },
    {
      title: t('issue.status'),
      key: 'level',
      sorter: true,
      sortOrder: sortOrder('level'),
      showSorterTooltip: { title: t('sup.level') },
      render: (_, issue) => <SupervisedTags issue={issue} />,
    },
  ];

  const onTableChange = (
    pagination: TablePaginationConfig,
    _filters: unknown,
    sorter: SorterResult<SupervisedIssue> | SorterResult<SupervisedIssue>[],
  ) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = one?.columnKey as QueueSortField | undefined;
    const sort = one?.order && field ? (one.order === 'descend' ? (`-${field}` as const) : field) : undefined;
    if (sort !== filters.sort) change({ ...filters, sort });
    else setPage(pagination.current ?? 1);
  };

  // Many events can arrive together (one issue escalating writes several): reload once they settle.
  const pending = useRef<number | undefined>(undefined);
  const onChange = useCallback(() => {
    window.clearTimeout(pending.current);
    pending.current = window.setTimeout(() => {
      reload();
      setAnnouncement(`${t('sup.newEvent')} · ${new Date().toLocaleTimeString()}`);
    }, 400);
  }, [reload, t]);

  useEffect(() => {
    const close = openEventStream(
      `${LIVE_EVENTS_PATH}?types=triage,sent_back,overdue,escalated,follow_up_missed,replied,follow_up_replied,assigned,closed`,
      (event) => {
        if (event.type === 'issue_event' || event.type === 'resync') onChange();
      },
      setLive,
    );
    return () => {
      close();
      window.clearTimeout(pending.current);
    };
  }, [onChange]);

  // The stream is the fast path; a slow poll covers the time it is down.
  useAutoRefresh(reload, live === 'open' ? 120_000 : 30_000);

  const liveBadge =
    live === 'open' ? (
      <Badge status="processing" text={t('sup.live')} />
    ) : live === 'unavailable' ? (
      <Badge status="default" text={t('sup.liveUnavailable')} />
    ) : (
      <Badge status="warning" text={t('sup.liveOff')} />
    );

  return (
    <>
      <PageHeader title={t('sup.queueTitle')} extra={<span data-live={live}>{liveBadge}</span>}>
        <Typography.Text role="status" aria-live="polite" type="secondary" style={{ fontSize: 12, minHeight: 18 }}>
          {announcement}
        </Typography.Text>
      </PageHeader>
      <Tabs
        activeKey={kind}
        onChange={(key) => {
          setPage(1);
          setSelected([]);
          setParams({ queue: key });
        }}
        items={QUEUE_KINDS.map((k) => ({
          key: k,
          label: (
            <span>
              {t(TAB_LABELS[k])}{' '}
              <Typography.Text
                type={k === 'escalated' && (counts.data?.escalated ?? 0) > 0 ? 'danger' : 'secondary'}
                data-testid={`count-${k}`}
              >
                {counts.data?.[k] ?? ''}
              </Typography.Text>
            </span>
          ),
        }))}
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('sup.search')}
          aria-label={t('sup.search')}
          style={{ width: 260, maxWidth: '100%' }}
          maxLength={40}
          onSearch={(value) => change({ ...filters, q: value.trim() || undefined })}
        />
        <Button onClick={() => void fetchFile(queueExportPath(kind, filters)).catch(setFileError)}>
          {t('file.exportExcel')}
        </Button>
        {selected.length > 0 ? (
          <Button type="primary" onClick={() => setUrging(true)}>
            {t('sup.batchUrge', { count: selected.length })}
          </Button>
        ) : null}
      </Flex>
      {fileError ? <ErrorState error={toApiError(fileError)} /> : null}
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <Table<SupervisedIssue>
          size="small"
          rowKey="id"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: t('sup.noItems') }}
          rowSelection={{
            selectedRowKeys: selected.map((issue) => issue.id),
            onChange: (_keys, rows) => setSelected(rows),
            getCheckboxProps: (issue) => ({ disabled: !urgeable(issue) }),
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
      <Modal
        open={urging}
        title={t('sup.batchUrge', { count: selected.length })}
        okText={t('sup.urge')}
        okButtonProps={{ disabled: note.trim() === '', loading: busy }}
        onOk={() => void urgeSelected()}
        onCancel={() => setUrging(false)}
      >
        <Input.TextArea
          aria-label={t('sup.urgeNote')}
          placeholder={t('sup.urgeNote')}
          value={note}
          maxLength={500}
          rows={3}
          onChange={(event) => setNote(event.target.value)}
        />
      </Modal>
    </>
  );
}
