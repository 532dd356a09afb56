// Owns talking to the API: JSON in and out, the one error shape, and the session's tokens. The access token lives in
// memory only; the refresh token in sessionStorage (this tab, until it closes). A 401 triggers one refresh and one
// retry. Refreshes are single-flight: the API treats a refresh token presented twice as stolen and ends the session,
// so concurrent 401s wait for the same exchange instead of each starting their own.

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  fields?: Record<string, string[]>;
  requestId?: string;
}

export type ApiErrorKind = 'http' | 'network' | 'session';

export class ApiError extends Error {
  readonly status: number;
  readonly kind: ApiErrorKind;
  readonly error: string;
  readonly fields: Record<string, string[]>;
  readonly requestId: string | undefined;

  constructor(kind: ApiErrorKind, body: Partial<ApiErrorBody> & { message: string }) {
    super(body.message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = body.statusCode ?? 0;
    this.error = body.error ?? '';
    this.fields = body.fields ?? {};
    this.requestId = body.requestId;
  }

  /** True when a retry of the same request may succeed: no answer, or the server said "not now". */
  get retryable(): boolean {
    return this.kind === 'network' || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Sent as the Idempotency-Key header: the same key on a retry makes the API carry the command out once. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** false for the sign-in endpoints, which take no token. */
  auth?: boolean;
}

const REFRESH_KEY = 'lianluo.refreshToken';

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export class ApiClient {
  private accessToken: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly endedListeners = new Set<() => void>();

  /** Whether there is a session to resume (a refresh token from earlier in this tab). */
  hasSession(): boolean {
    return this.accessToken !== null || this.storedRefreshToken() !== null;
  }

  /** Called when the session ends without the user signing out (refresh refused, token reused elsewhere). */
  onSessionEnded(listener: () => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  async login(username: string, password: string): Promise<void> {
    const pair = await this.request<TokenPair>('POST', '/api/auth/login', {
      body: { username, password },
      auth: false,
    });
    this.store(pair);
  }

  async logout(): Promise<void> {
    const refreshToken = this.storedRefreshToken();
    this.clear();
    if (!refreshToken) return;
    try {
      await this.request('POST', '/api/auth/logout', { body: { refreshToken }, auth: false });
    } catch {
      // Signed out here either way; the server forgets the session when the token expires.
    }
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.fetch(withQuery(path, options.query), {
      method,
      signal: options.signal,
      headers: {
        Accept: 'application/json',
        ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {}),
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      auth: options.auth,
    });
    if (!response.ok) throw await errorOf(response);
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    return (type.includes('json') ? await response.json() : await response.text()) as T;
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, { query, signal });
  }

  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  /**
   * A request with the access token, refreshed and retried once on 401. Answers the Response as it came (streams and
   * downloads read it themselves); throws ApiError only when there was no answer at all.
   */
  async fetch(path: string, init: RequestInit & { auth?: boolean } = {}): Promise<Response> {
    const { auth = true, ...rest } = init;
    if (!auth) return this.send(path, rest, null);
    if (this.accessToken === null && this.storedRefreshToken() !== null) await this.refresh();
    const used = this.accessToken;
    let response = await this.send(path, rest, used);
    if (response.status !== 401) return response;
    // Another request may have refreshed while this one was on the wire: retry with its token, else refresh.
    if (this.accessToken !== null && this.accessToken !== used) {
      response = await this.send(path, rest, this.accessToken);
    } else if (await this.refresh()) {
      response = await this.send(path, rest, this.accessToken);
    }
    if (response.status === 401 && used !== null) this.endSession();
    return response;
  }

  private async send(path: string, init: RequestInit, token: string | null): Promise<Response> {
    const headers = new Headers(init.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    try {
      return await fetch(path, { ...init, headers });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError('network', { message: 'Network error' });
    }
  }

  /** One refresh at a time: everyone who needs it waits for the same exchange. */
  private refresh(): Promise<boolean> {
    this.refreshing ??= this.exchangeRefreshToken().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async exchangeRefreshToken(): Promise<boolean> {
    const refreshToken = this.storedRefreshToken();
    if (!refreshToken) return false;
    let response: Response;
    try {
      response = await this.send(
        '/api/auth/refresh',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ refreshToken }),
        },
        null,
      );
    } catch {
      return false; // no answer: keep the token for the next try
    }
    if (response.ok) {
      this.store((await response.json()) as TokenPair);
      return true;
    }
    if (response.status === 400 || response.status === 401) this.endSession();
    return false;
  }

  private endSession(): void {
    const had = this.hasSession();
    this.clear();
    if (had) for (const listener of this.endedListeners) listener();
  }

  private store(pair: TokenPair): void {
    this.accessToken = pair.accessToken;
    try {
      sessionStorage.setItem(REFRESH_KEY, pair.refreshToken);
    } catch {
      // storage blocked: the session lasts as long as this page
    }
  }

  private clear(): void {
    this.accessToken = null;
    try {
      sessionStorage.removeItem(REFRESH_KEY);
    } catch {
      // nothing stored
    }
  }

  private storedRefreshToken(): string | null {
    try {
      return sessionStorage.getItem(REFRESH_KEY);
    } catch {
      return null;
    }
  }
}

export async function errorOf(response: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> = {};
  try {
    body = (await response.json()) as Partial<ApiErrorBody>;
  } catch {
    // not JSON (a proxy's page): the status says enough
  }
  return new ApiError('http', {
    statusCode: response.status,
    error: body.error ?? response.statusText,
    message: body.message ?? response.statusText,
    fields: body.fields,
    requestId: body.requestId ?? response.headers.get('x-request-id') ?? undefined,
  });
}

export const api = new ApiClient();
