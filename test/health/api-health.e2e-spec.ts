// The API's health as orchestrators ask for it: liveness asks no dependency, readiness asks each one at most once at
// a time and answers within its bound whatever they do, and the SMTP check does not open a connection per probe.
// Real API in process, real PostgreSQL, real Temporal, a real SMTP catcher and an SMTP server that never answers.
import { DEPENDENCY_CHECK_TIMEOUT_MS } from '../../apps/api/src/health/health.service';
import { startTestApp, type TestApp } from '../auth/support/test-app';
import { SilentServer } from './support/silent-server';

/** Terminus's body, or /health's. */
interface HealthBody {
  status: string;
  details?: Record<string, unknown>;
}

/** The whole answer's bound: the checks run side by side, each bounded by DEPENDENCY_CHECK_TIMEOUT_MS. */
const ANSWER_BOUND_MS = 1500;

async function timedGet(base: string, path: string): Promise<{ status: number; body: HealthBody; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${base}${path}`);
  const body = (await response.json()) as HealthBody;
  return { status: response.status, body, ms: performance.now() - started };
}

describe('API health with every dependency up', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers liveness without asking any dependency', async () => {
    const live = await timedGet(app.http.baseUrl, '/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok', details: { eventLoop: { status: 'up' } } });
    expect(Object.keys(live.body.details ?? {})).toEqual(['eventLoop']);
  });

  it('answers readiness naming each dependency, and /health keeps its body', async () => {
    const ready = await timedGet(app.http.baseUrl, '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, temporal: { status: 'up' }, smtp: { status: 'up' } },
    });
    const legacy = await timedGet(app.http.baseUrl, '/health');
    expect(legacy.status).toBe(200);
    const latency = expect.any(Number) as number;
    expect(legacy.body).toEqual({
      status: 'ok',
      checks: {
        database: { ok: true, latencyMs: latency },
        temporal: { ok: true, latencyMs: latency },
        smtp: { ok: true, latencyMs: latency },
      },
    });
  });

  it('opens one SMTP connection for many probes, sequential and concurrent', async () => {
    const before = app.mail.connections;
    await timedGet(app.http.baseUrl, '/health/ready');
    await Promise.all(Array.from({ length: 20 }, () => timedGet(app.http.baseUrl, '/health/ready')));
    for (let i = 0; i < 10; i++) expect((await timedGet(app.http.baseUrl, '/health')).status).toBe(200);
    // The earlier tests' probes already verified within the freshness window: at most that one connection in all.
    expect(app.mail.connections - before).toBeLessThanOrEqual(1);
    expect(app.mail.connections).toBeLessThanOrEqual(1);
  });
});

describe('API health while the SMTP server hangs', () => {
  let app: TestApp;
  let smtp: SilentServer;

  beforeAll(async () => {
    smtp = new SilentServer();
    const port = await smtp.start();
    app = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await smtp?.stop();
    await app?.close();
  });

  it('answers 503 naming SMTP within the bound, probe after probe, with one connection held', async () => {
    expect(DEPENDENCY_CHECK_TIMEOUT_MS).toBeLessThan(ANSWER_BOUND_MS);
    for (let i = 0; i < 3; i++) {
      const [ready, legacy] = await Promise.all([
        timedGet(app.http.baseUrl, '/health/ready'),
        timedGet(app.http.baseUrl, '/health'),
      ]);
      expect({ status: ready.status, fast: ready.ms < ANSWER_BOUND_MS }).toEqual({ status: 503, fast: true });
      expect(ready.body).toMatchObject({
        status: 'error',
        error: { smtp: { status: 'down' } },
        info: { database: { status: 'up' }, temporal: { status: 'up' } },
      });
      expect({ status: legacy.status, fast: legacy.ms < ANSWER_BOUND_MS }).toEqual({ status: 503, fast: true });
      expect(legacy.body).toMatchObject({
        status: 'degraded',
        checks: { smtp: { ok: false }, database: { ok: true } },
      });
    }
    // Six probes, one verify: the first still waits for the greeting, and every later probe joined it.
    expect(smtp.connections).toBe(1);
    const live = await timedGet(app.http.baseUrl, '/health/live');
    expect(live.status).toBe(200);
  });
});
