// A server-sent-events client for the suites: reads the stream with fetch and hands out parsed events in order.
export interface SseEvent {
  type: string;
  id?: string;
  data: unknown;
}

export class SseClient {
  private readonly controller = new AbortController();
  private readonly queue: SseEvent[] = [];
  private waiters: Array<() => void> = [];
  private done: Promise<void> = Promise.resolve();
  status = 0;

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const response = await fetch(url, {
      headers: { Accept: 'text/event-stream', ...headers },
      signal: client.controller.signal,
    });
    client.status = response.status;
    if (response.ok && response.body) client.done = client.pump(response.body);
    else await response.text();
    return client;
  }

  /** The next event that matches, waiting up to `timeoutMs`; events before it are dropped. */
  async next(match: (event: SseEvent) => boolean = () => true, timeoutMs = 10_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.queue.findIndex(match);
      if (index >= 0) {
        const [event] = this.queue.splice(0, index + 1).slice(-1);
        return event;
      }
      this.queue.length = 0;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no matching server-sent event in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Everything received so far and not yet taken. */
  pending(): SseEvent[] {
    return [...this.queue];
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done.catch(() => undefined);
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let split: number;
      while ((split = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        const event: SseEvent = { type: 'message', data: null };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event.type = line.slice(6).trim();
          else if (line.startsWith('id:')) event.id = line.slice(3).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length) {
          try {
            event.data = JSON.parse(data.join('\n'));
          } catch {
            event.data = data.join('\n');
          }
        }
        this.queue.push(event);
        for (const wake of this.waiters.splice(0)) wake();
      }
    }
  }
}
