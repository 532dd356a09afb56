// The whole product for the browser suite, in this process: the API serving the built web app from dist/web, a real
// worker (the worker's Nest context, the workflow bundle built once), a fresh migrated database with the demo data,
// the shared Temporal dev server on a task queue of this suite's own, and an SMTP catcher that keeps its mail in a
// folder, so the app's dev mailbox shows it. Deadlines run on the demo clock (DEMO_WORKING_DAY_SECONDS), so they pass
// in seconds. The API listens on a port chosen first, so PUBLIC_URL (the base of emailed links) is the real address.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModule } from '@nestjs/testing';
import { DefaultLogger, Runtime, bundleWorkflowCode, type NativeConnection, type Worker } from '@temporalio/worker';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, loadConfig, type AppConfig } from '@app/config';
import { seedDemoData } from '@app/database';
import { MailCatcher } from '@app/mail';
import { findProjectRoot, freePort } from '@app/stack';
import { AppModule } from '../../../apps/api/src/app.module';
import { setupApp } from '../../../apps/api/src/common/setup-app';
import { createWorker, WORKFLOWS_PATH } from '../../../apps/worker/src/run-worker';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import { createMigratedDatabase } from '../../support/database';

export const WEB_DIST = join(findProjectRoot(), 'dist', 'web');

/**
 * dist/web as `npm run build` makes it (npm test builds first). Run directly with jest, the suite builds it here;
 * a failed build stops the suite with the reason.
 */
export function ensureWebBuild(): void {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  const root = findProjectRoot();
  const result = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'apps/web/vite.config.mts',
      '--logLevel',
      'warn',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (result.status !== 0 || !existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(
      `dist/web is missing and building it failed; run "npm run build" (npm test does):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

export interface WebStack {
  baseUrl: string;
  config: AppConfig;
  db: DataSource;
  mail: MailCatcher;
  close(): Promise<void>;
}

export async function startWebStack(env: Record<string, string> = {}): Promise<WebStack> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // installed already in this process
  }
  const taskQueue = `web-${randomUUID()}`;
  const [{ url, dataSource: db }, mailDir, port, workflowBundle] = await Promise.all([
    createMigratedDatabase('web'),
    mkdtemp(join(tmpdir(), 'lianluo-web-mail-')),
    freePort(),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') }),
  ]);
  await seedDemoData(db);
  const mail = await new MailCatcher({ dir: mailDir }).start();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: url,
    SMTP_URL: mail.url,
    DEV_MAILBOX_DIR: mailDir,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: taskQueue,
    PUBLIC_URL: baseUrl,
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
    ...env,
  });

  let app: NestExpressApplication | undefined;
  let context: TestingModule | undefined;
  let worker: Worker | undefined;
  let connection: NativeConnection | undefined;
  let running: Promise<void> | undefined;
  const close = async () => {
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection?.close();
    await context?.close();
    await app?.close();
    await db.destroy();
    await mail.stop();
    await rm(mailDir, { recursive: true, force: true });
  };
  try {
    const apiModule = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    app = apiModule.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'] });
    setupApp(app, config);
    await app.listen(port, '127.0.0.1');

    context = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    context.useLogger(['error', 'warn']);
    await context.init();
    ({ worker, connection } = await createWorker(context, { taskQueue, workflowBundle, workflowsPath: undefined }));
    running = worker.run();
  } catch (error) {
    await close();
    throw error;
  }
  return { baseUrl, config, db, mail, close };
}
