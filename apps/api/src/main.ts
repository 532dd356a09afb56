import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, nestLogLevels } from '@app/config';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule, { logger: nestLogLevels(config.LOG_LEVEL) });
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  Logger.log(`API listening on http://${config.HOST}:${config.PORT}`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  // A bad config is the operator's to fix: say which variables, without a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
