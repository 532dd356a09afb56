// The supervisor's queues: overdue and escalated issues, issues due soon, issues waiting for triage. Kept live by
// the API's server-sent events: when an issue in the user's regions moves, the open queue reloads by itself and
// screen readers hear that it changed. Without the stream (unavailable or reconnecting) it refreshes every 30 s.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Badge, Flex, Tabs, Typography } from 'antd';
import { openEventStream, type StreamStatus } from '../../api/event-stream';
import { LIVE_EVENTS_PATH, queue, QUEUE_KINDS, type QueueKind } from '../../api/supervision';
import { useApi } from '../../api/use-api';
import { PageHeader } from '../../components/page';
import { Async, EmptyState } from '../../components/states';
import { SupervisedList } from '../../components/supervised-list';
import { useAutoRefresh } from '../../components/use-auto-refresh';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const TAB_LABELS: Record<QueueKind, MessageKey> = {
  escalated: 'sup.tabEscalated',
  'due-soon': 'sup.tabDueSoon',
  triage: 'sup.tabTriage',
};

export function QueuePage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const kind = QUEUE_KINDS.find((k) => k === params.get('queue')) ?? 'escalated';
  const [page, setPage] = useState(1);
  const state = useApi((signal) => queue(kind, { page, limit: 20 }, signal), [kind, page]);
  const [live, setLive] = useState<StreamStatus>('connecting');
  const [announcement, setAnnouncement] = useState('');
  const { reload } = state;

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
          setParams({ queue: key });
        }}
        items={QUEUE_KINDS.map((k) => ({ key: k, label: t(TAB_LABELS[k]) }))}
      />
      <Async
        state={state}
        isEmpty={(data) => data.total === 0}
        empty={
          <Flex justify="center">
            <EmptyState />
          </Flex>
        }
      >
        {(data) => <SupervisedList page={data} onPage={setPage} loading={state.loading} />}
      </Async>
    </>
  );
}
