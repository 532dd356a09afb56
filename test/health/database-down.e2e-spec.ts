// Readiness when PostgreSQL goes away, and back. The API reaches this suite's database through a gate in front of the
// shared test server (which every other suite uses, so it cannot be stopped here): closing the gate drops every
// connection and refuses new ones, as a stopped server does; opening it again is the server back. Liveness stays
// green throughout: restarting the API would not bring the database back. Real API in process, real PostgreSQL, real
// Temporal, a real SMTP catcher.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, loadConfig } from '@app/config';
import { MailCatcher } from '@app/mail';
import { AppModule } from '../../apps/api/src/app.module';
import { setupApp } from '../../apps/api/src/common/setup-app';
import { createMigratedDatabase } from '../support/database';
import { SilentServer } from './support/silent-server';

interface HealthBody {
  status: string;
  error?: Record<string, { status: string }>;
  checks?: Record<string, { ok: boolean }>;
}

describe('API readiness while PostgreSQL is down', () => {
  let serverPort: number;
  let gatePort: number;
  let gate: SilentServer | undefined;
  let mail: MailCatcher;
  let app: NestExpressApplication;
  let base: string;

  /** Opens the gate: connections to gatePort reach PostgreSQL. */
  const openGate = async () => {
    gate = new SilentServer();
    gate.passTo(serverPort);
    gatePort = await gate.start(gatePort ?? 0);
  };

  const get = async (path: string): Promise<{ status: number; body: HealthBody; ms: number }> => {
    const started = performance.now();
    const response = await fetch(`${base}${path}`);
    return { status: response.status, body: (await response.json()) as HealthBody, ms: performance.now() - started };
  };

  beforeAll(async () => {
    const database = await createMigratedDatabase('health');
    await database.dataSource.destroy();
    const url = new URL(database.url);
    serverPort = Number(url.port);
    await openGate();
    url.port = String(gatePort);
    mail = await new MailCatcher().start();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      DATABASE_URL: url.toString(),
      SMTP_URL: mail.url,
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    setupApp(app, config);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await gate?.stop();
    await mail?.stop();
  });

  it('answers 503 naming the database within the bound, stays live, and is ready again once PostgreSQL is back', async () => {
    expect((await get('/health/ready')).status).toBe(200);

    await gate!.stop();
    gate = undefined;
    for (let i = 0; i < 3; i++) {
      const ready = await get('/health/ready');
      expect({ status: ready.status, fast: ready.ms < 1500 }).toEqual({ status: 503, fast: true });
      expect(ready.body.status).toBe('error');
      expect(Object.keys(ready.body.error ?? {})).toEqual(['database']);
      const legacy = await get('/health');
      expect(legacy.status).toBe(503);
      expect(legacy.body.checks?.database.ok).toBe(false);
      expect((await get('/health/live')).status).toBe(200);
    }

    await openGate();
    const deadline = Date.now() + 30_000;
    let ready = await get('/health/ready');
    while (ready.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      ready = await get('/health/ready');
    }
    expect(ready.status).toBe(200);
  });
});
