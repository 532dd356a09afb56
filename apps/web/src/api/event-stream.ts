// Server-sent events over fetch, so the stream carries the access token in the Authorization header (EventSource
// cannot send headers, and a token in the URL would end up in logs). Reconnects with Last-Event-ID after a drop;
// a 401 goes through the client's single-flight refresh like any other request.
import { api } from './client';

export interface StreamEvent {
  id: string | null;
  type: string;
  data: string;
}

export type StreamStatus = 'connecting' | 'open' | 'retrying' | 'unavailable';

export function openEventStream(
  path: string,
  onEvent: (event: StreamEvent) => void,
  onStatus: (status: StreamStatus) => void,
): () => void {
  const controller = new AbortController();
  let lastId: string | null = null;
  let delay = 1000;

  async function connectOnce(): Promise<'again' | 'stop'> {
    onStatus('connecting');
    const response = await api.fetch(path, {
      headers: { Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': lastId } : {}) },
      signal: controller.signal,
      cache: 'no-store',
    });
    if (response.status === 404 || response.status === 403) {
      onStatus('unavailable');
      return 'stop';
    }
    if (!response.ok || !response.body) return 'again';
    onStatus('open');
    delay = 1000;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'again';
      buffer += value.replace(/\r\n?/g, '\n');
      let boundary = buffer.indexOf('\n\n');
      while (boundary >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const event = parseBlock(block);
        if (event) {
          if (event.id) lastId = event.id;
          onEvent(event);
        }
        boundary = buffer.indexOf('\n\n');
      }
    }
  }

  void (async () => {
    while (!controller.signal.aborted) {
      let outcome: 'again' | 'stop' = 'again';
      try {
        outcome = await connectOnce();
      } catch {
        if (controller.signal.aborted) return;
      }
      if (outcome === 'stop' || controller.signal.aborted) return;
      onStatus('retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  })();

  return () => controller.abort();
}

function parseBlock(block: string): StreamEvent | null {
  let type = 'message';
  let id: string | null = null;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
  if (!data.length && type === 'message') return null;
  return { id, type, data: data.join('\n') };
}
