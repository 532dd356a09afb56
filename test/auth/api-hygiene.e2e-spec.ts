// What every endpoint shares, checked on the app exactly as setupApp dresses it: one error shape, request ids,
// bounded bodies, security headers, CORS, pagination limits, rate limits and the OpenAPI document.
import { DEMO_PASSWORD } from '@app/database';
import type { ErrorBody } from './support/http';
import { startTestApp, type TestApp } from './support/test-app';
import { match } from './support/matchers';

interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}

describe('API hygiene', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: 'https://lianluo.example.org' });
    admin = (await t.http.login('admin')).accessToken;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('one error shape for every 4xx and 5xx', () => {
    it('an unknown route → 404', async () => {
      const response = await t.http.get('/api/no-such-thing', admin);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: match.any(String),
        requestId: match.any(String),
      });
    });

    it('malformed JSON → 400', async () => {
      const response = await t.http.request('POST', '/api/auth/login', { rawBody: '{"username": "admin",' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', requestId: match.any(String) });
    });

    it('a body over the limit → 413, before anything reads it', async () => {
      const response = await t.http.request('POST', '/api/auth/login', {
        rawBody: JSON.stringify({ username: 'admin', password: 'x'.repeat(200_000) }),
      });
      expect(response.status).toBe(413);
      expect(response.body).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        message: match.any(String),
        requestId: match.any(String),
      });
    });

    it('echoes a well-formed X-Request-Id, and makes one up otherwise', async () => {
      const given = await t.http.request('GET', '/api/auth/me', { headers: { 'X-Request-Id': 'client-req-0001' } });
      expect(given.headers.get('x-request-id')).toBe('client-req-0001');
      expect(given.body.requestId).toBe('client-req-0001');

      const injected = await t.http.request('GET', '/api/auth/me', {
        headers: { 'X-Request-Id': 'bad id <script>' },
      });
      expect(injected.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(injected.headers.get('x-request-id')).toBe(injected.body.requestId);
    });
  });

  describe('security headers', () => {
    it('helmet on every answer, no X-Powered-By', async () => {
      for (const path of ['/', '/api/auth/me', '/api/docs-json']) {
        const response = await t.http.get(path);
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(response.headers.get('strict-transport-security')).toContain('max-age=');
        expect(response.headers.get('referrer-policy')).toBe('no-referrer');
        expect(response.headers.get('x-powered-by')).toBeNull();
      }
    });

    it('does not ask browsers to upgrade to https when the server is reached over http', async () => {
      const response = await t.http.get('/');
      expect(t.config.PUBLIC_URL).toMatch(/^http:/);
      expect(response.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    });
  });

  describe('CORS from CORS_ORIGINS', () => {
    const preflight = (origin: string) =>
      t.http.request('OPTIONS', '/api/auth/login', {
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });

    it('allows a listed origin', async () => {
      const response = await preflight('https://lianluo.example.org');
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('https://lianluo.example.org');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('does not allow any other', async () => {
      const response = await preflight('https://evil.example.com');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('pagination', () => {
    it('answers { items, page, limit, total } with defaults', async () => {
      const response = await t.http.get<Page<{ username: string }>>('/api/users', admin);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ page: 1, limit: 20, total: match.any(Number) });
      expect(response.body.items.length).toBe(Math.min(20, response.body.total));
      expect(response.body.items.map((u) => u.username)).toEqual(response.body.items.map((u) => u.username).sort());
    });

    it('pages through the same ordering', async () => {
      const one = await t.http.get<Page<{ username: string }>>('/api/users?page=1&limit=5', admin);
      const two = await t.http.get<Page<{ username: string }>>('/api/users?page=2&limit=5', admin);
      const ten = await t.http.get<Page<{ username: string }>>('/api/users?page=1&limit=10', admin);
      expect([...one.body.items, ...two.body.items]).toEqual(ten.body.items);
      const beyond = await t.http.get<Page<unknown>>('/api/users?page=1000&limit=5', admin);
      expect(beyond.body).toEqual({ items: [], page: 1000, limit: 5, total: one.body.total });
    });

    it('filters by text and role', async () => {
      const response = await t.http.get<Page<{ username: string }>>('/api/users?q=rongjiawan&role=liaison', admin);
      expect(response.body.items.map((u) => u.username)).toEqual(['liaison.rongjiawan']);
      const wildcard = await t.http.get<Page<unknown>>(`/api/users?q=${encodeURIComponent('%')}`, admin);
      expect(wildcard.body.total).toBe(0);
    });

    it.each([
      ['limit=101', 'limit'],
      ['limit=0', 'limit'],
      ['limit=ten', 'limit'],
      ['page=0', 'page'],
      ['page=1.5', 'page'],
      ['role=king', 'role'],
      [`q=${'x'.repeat(65)}`, 'q'],
      ['sort=password_hash', 'sort'],
    ])('?%s → 400 naming %s', async (query, field) => {
      const response = await t.http.get<ErrorBody>(`/api/users?${query}`, admin);
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.fields ?? {})).toEqual([field]);
    });
  });

  describe('OpenAPI', () => {
    it('serves the document generated from the code at /api/docs-json, with bearer auth and examples', async () => {
      const response = await t.http.get<{
        openapi: string;
        paths: Record<string, Record<string, { security?: unknown[] }>>;
        components: {
          securitySchemes: Record<string, unknown>;
          schemas: Record<string, { properties?: Record<string, { example?: unknown }> }>;
        };
      }>('/api/docs-json');
      expect(response.status).toBe(200);
      expect(response.body.openapi).toMatch(/^3\./);
      expect(Object.keys(response.body.paths)).toEqual(
        match.arrayContaining([
          '/api/auth/login',
          '/api/auth/refresh',
          '/api/auth/logout',
          '/api/auth/password',
          '/api/auth/me',
          '/api/users',
          '/api/users/{id}/roles',
          '/api/users/{id}/unlock',
          '/api/users/{id}/reset-password',
          '/api/users/{id}/disable',
          '/api/users/{id}/enable',
        ]),
      );
      expect(response.body.components.securitySchemes['access-token']).toEqual({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      });
      expect(response.body.paths['/api/auth/me'].get.security).toEqual([{ 'access-token': [] }]);
      expect(response.body.components.schemas.LoginDto.properties?.username.example).toBe('admin');
      expect(response.body.components.schemas.ApiErrorBody).toBeDefined();
    });

    it('serves Swagger UI at /api/docs', async () => {
      const response = await t.http.get<string>('/api/docs');
      expect(response.status).toBe(200);
      expect(response.body).toContain('swagger-ui');
    });
  });
});

describe('rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '30', LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('does not hold successful sign-ins from one address (an office behind one address signs in at 9:00)', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await t.http.post('/api/auth/login', { username: 'admin', password: DEMO_PASSWORD })).status).toBe(200);
    }
  });

  it('holds password changes to LOGIN_RATE_LIMIT_PER_MINUTE per address, with Retry-After, in the common error shape', async () => {
    const admin = await t.http.login('admin');
    const attempt = () =>
      t.http.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'short' }, admin.accessToken);
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(400);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Too many requests: wait a minute and try again',
      requestId: match.any(String),
    });
    expect(Number(limited.headers.get('retry-after-strict'))).toBeGreaterThan(0);
  });

  it('holds every other route to RATE_LIMIT_PER_MINUTE', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await t.http.get('/api/auth/me')).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
