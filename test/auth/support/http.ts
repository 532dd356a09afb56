// A small fetch wrapper for the suites: JSON in, JSON out, status and headers kept.
import { DEMO_PASSWORD } from '@app/database';

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is, e.g. malformed JSON or an oversized payload. */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  fields?: Record<string, string[]>;
  requestId: string;
}

export class Http {
  constructor(readonly baseUrl: string) {}

  async request<T = ErrorBody>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['Content-Type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('application/json') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  /**
   * Opens a stream that stays open (server-sent events) and reads its status only; the connection is then dropped.
   * Refusals are JSON and end at once, so their body is read as usual.
   */
  async openStream(
    path: string,
    options: Pick<RequestOptions, 'token' | 'headers'> = {},
  ): Promise<HttpResponse<unknown>> {
    const headers: Record<string, string> = { Accept: 'text/event-stream', ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    const controller = new AbortController();
    const response = await fetch(`${this.baseUrl}${path}`, { headers, signal: controller.signal });
    if (response.ok) {
      controller.abort();
      return { status: response.status, headers: response.headers, body: null };
    }
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').includes('application/json') && text;
    return { status: response.status, headers: response.headers, body: json ? (JSON.parse(text) as unknown) : text };
  }

  /** A download read as bytes (a workbook, a Word or PDF document), with its status and headers. */
  async getFile(path: string, token?: string): Promise<HttpResponse<Buffer>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  }

  get<T = ErrorBody>(path: string, token?: string): Promise<HttpResponse<T>> {
    return this.request<T>('GET', path, { token });
  }

  post<T = ErrorBody>(path: string, body?: unknown, token?: string): Promise<HttpResponse<T>> {
    return this.request<T>('POST', path, { body, token });
  }

  patch<T = ErrorBody>(path: string, body?: unknown, token?: string): Promise<HttpResponse<T>> {
    return this.request<T>('PATCH', path, { body, token });
  }

  /** Signs in (demo password by default) and returns the token pair; fails the test on anything but 200. */
  async login(username: string, password: string = DEMO_PASSWORD): Promise<TokenPair> {
    const response = await this.post<TokenPair>('/api/auth/login', { username, password });
    if (response.status !== 200) {
      throw new Error(`login ${username} → ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response.body;
  }
}
