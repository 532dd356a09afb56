// Boots the real API in process, configured by setupApp exactly as main.ts does, on a random port, against
// a fresh migrated database with the demo data, the shared Temporal server and an in-process SMTP catcher.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, loadConfig, type AppConfig } from '@app/config';
import { seedDemoData } from '@app/database';
import { MailCatcher } from '@app/mail';
import { AppModule } from '../../../apps/api/src/app.module';
import { Clock } from '../../../apps/api/src/common/clock';
import { setupApp } from '../../../apps/api/src/common/setup-app';
import { createMigratedDatabase } from '../../support/database';
import { Http } from './http';

/** A clock the suite can move forward: expiry and lock-out are tested without sleeping. */
export class TestClock extends Clock {
  private offsetMs = 0;

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

export interface TestApp {
  app: NestExpressApplication;
  http: Http;
  db: DataSource;
  config: AppConfig;
  clock: TestClock;
  mail: MailCatcher;
  close(): Promise<void>;
}

/** `env` overrides the configuration (e.g. a low LOGIN_RATE_LIMIT_PER_MINUTE for the rate-limit test). */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const { url, dataSource: db } = await createMigratedDatabase('auth');
  await seedDemoData(db);
  const mail = await new MailCatcher().start();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: url,
    SMTP_URL: mail.url,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    // Suites sign in many times from one address; the rate-limit test lowers these again.
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
    ...env,
  });
  const clock = new TestClock();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'] });
  setupApp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    http: new Http(`http://127.0.0.1:${address.port}`),
    db,
    config,
    clock,
    mail,
    close: async () => {
      await app.close();
      await db.destroy();
      await mail.stop();
    },
  };
}
