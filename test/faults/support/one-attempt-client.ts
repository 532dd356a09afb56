// The fault suite's client: it sends ONE attempt per key and repairs nothing (issue #17): whatever the system promises
// must hold without a resend. The one exception is the cluster's: a request whose replica died under it (no HTTP
// answer at all) goes once to the other replica with the same key, as a load balancer's client would. Every answer is
// kept with the fault it was sent under, for the suite to judge; a request unanswered after CLIENT_TIMEOUT_MS is a hang.
import { randomUUID } from 'node:crypto';
import type { App } from './fault-stack';

/** Longer than any answer the API promises (a command waits at most 5 s to be taken, a check 1 s). */
export const CLIENT_TIMEOUT_MS = 20_000;

export type Kind = 'intake' | 'read' | 'login' | 'acknowledge' | 'reply';

export interface Answer {
  fault: string;
  kind: Kind;
  replica: string;
  /** The idempotency key (intake: the body's idempotencyKey; commands: the Idempotency-Key header). */
  key?: string;
  issueId?: string;
  status?: number;
  retryAfter?: string | null;
  message?: string;
  /** No HTTP answer: the connection was refused or cut, or `timeout`. */
  error?: string;
  /** Sent again on the other replica after this one gave no answer. */
  resent?: boolean;
  ms: number;
}

export interface IntakeRefs {
  stationId: string;
  categoryId: string;
  placeRegionId: string;
}

export class OneAttemptClient {
  readonly answers: Answer[] = [];
  fault = 'warm-up';
  private next = 0;

  constructor(private readonly apis: App[]) {}

  /** Round robin over the replicas. */
  private pick(): App {
    return this.apis[this.next++ % this.apis.length];
  }

  async send(
    kind: Kind,
    path: string,
    options: { method?: string; token?: string; body?: unknown; key?: string; issueId?: string; header?: boolean },
  ): Promise<Answer & { json?: unknown }> {
    const first = this.pick();
    const answer = await this.once(first, kind, path, options, false);
    if (answer.error && answer.error !== 'timeout' && this.apis.length > 1) {
      const other = this.apis.find((app) => app !== first)!;
      return this.once(other, kind, path, options, true);
    }
    return answer;
  }

  private async once(
    app: App,
    kind: Kind,
    path: string,
    options: { method?: string; token?: string; body?: unknown; key?: string; issueId?: string; header?: boolean },
    resent: boolean,
  ): Promise<Answer & { json?: unknown }> {
    const started = performance.now();
    const base: Answer = {
      fault: this.fault,
      kind,
      replica: app.name,
      key: options.key,
      issueId: options.issueId,
      ms: 0,
    };
    if (resent) base.resent = true;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.header && options.key) headers['Idempotency-Key'] = options.key;
    let answer: Answer & { json?: unknown };
    try {
      const response = await fetch(`${app.base}${path}`, {
        method: options.method ?? 'POST',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const message = (json as { message?: unknown } | undefined)?.message;
      answer = {
        ...base,
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        message: typeof message === 'string' ? message : undefined,
        json,
        ms: performance.now() - started,
      };
    } catch (error) {
      const name = (error as { name?: string }).name;
      const code = (error as { cause?: { code?: string } }).cause?.code;
      answer = {
        ...base,
        error: name === 'TimeoutError' ? 'timeout' : (code ?? String(error)),
        ms: performance.now() - started,
      };
    }
    const { json: _json, ...kept } = answer;
    this.answers.push(kept);
    return answer;
  }

  async login(username: string, password: string): Promise<string | undefined> {
    const answer = await this.send('login', '/api/auth/login', { body: { username, password } });
    return answer.status === 200 ? (answer.json as { accessToken: string }).accessToken : undefined;
  }

  async submit(token: string, refs: IntakeRefs): Promise<Answer & { json?: unknown }> {
    const key = randomUUID();
    return this.send('intake', '/api/issues', {
      token,
      key,
      body: {
        ...refs,
        channel: 'reception_day',
        urgency: 'normal',
        description: '城东社区建设路路面破损严重，雨天积水，群众出行不便，希望尽快修复。',
        idempotencyKey: key,
      },
    });
  }
}
