// Reloads a page when its data changes, from the user's own live stream (the mechanism of the supervisors' queues:
// server-sent events over the API's one LISTEN connection), with a slow poll for the time the stream is down.
import { useEffect, useRef, useState } from 'react';
import { openEventStream, type StreamStatus } from '../api/event-stream';
import { MY_EVENTS_PATH } from '../api/notifications';
import { useAutoRefresh } from './use-auto-refresh';

/** `issueId`: the issue the page shows; without it, the issues assigned to the user's department (the inbox). */
export function useLiveRefresh(reload: () => void, issueId?: string): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const reloadRef = useRef(reload);
  reloadRef.current = reload;

  useEffect(() => {
    // One step can record several events together: reload once they settle.
    let pending: number | undefined;
    const close = openEventStream(
      issueId ? `${MY_EVENTS_PATH}?issueId=${encodeURIComponent(issueId)}` : MY_EVENTS_PATH,
      (event) => {
        if (event.type !== 'issue_event' && event.type !== 'resync') return;
        window.clearTimeout(pending);
        pending = window.setTimeout(() => reloadRef.current(), 400);
      },
      setStatus,
    );
    return () => {
      close();
      window.clearTimeout(pending);
    };
  }, [issueId]);

  useAutoRefresh(reload, status === 'open' ? 120_000 : 30_000);
  return status;
}
