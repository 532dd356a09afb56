import 'reflect-metadata';
import './tracing';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { ConfigError, DEV_JWT_SECRET, loadConfig } from '@app/config';
import { AppModule } from './app.module';
import { enableGracefulShutdown } from './common/graceful-shutdown';
import { setupApp } from './common/setup-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  // Nest's lines through pino (JSON in production), with the request id of the request they were written in.
  app.useLogger(app.get(PinoNestLogger));
  setupApp(app, config);
  // Not app.enableShutdownHooks(): it closes the Temporal client while HTTP still takes submissions.
  enableGracefulShutdown(app);
  await app.listen(config.PORT, config.HOST);
  if (config.JWT_SECRET === DEV_JWT_SECRET) {
    Logger.warn('JWT_SECRET is not set: using the development secret (refused when NODE_ENV=production)', 'Bootstrap');
  }
  Logger.log(`API listening on http://${config.HOST}:${config.PORT} (OpenAPI at /api/docs)`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  // A bad config is the operator's to fix: say which variables, without a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
