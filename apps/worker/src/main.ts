import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, nestLogLevels } from '@app/config';
import { runWorker } from './run-worker';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // An application context, not an HTTP app: the worker only polls Temporal.
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: nestLogLevels(config.LOG_LEVEL) });
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
