import 'reflect-metadata';
import './tracing';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from '@app/config';
import { installWorkerRuntime } from './observability/worker-runtime';
import { runWorker } from './run-worker';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // Before any Temporal connection: the SDK's logger and its runtime metrics are the runtime's, fixed at install.
  await installWorkerRuntime(config);
  // An application context, not an HTTP app: the worker only polls Temporal. Its log lines go through pino.
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  try {
    await runWorker(app);
  } finally {
    await app.close();
  }
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
