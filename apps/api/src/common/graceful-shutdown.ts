// Owns how the API stops on SIGTERM/SIGINT: first it stops accepting connections and refuses requests that still
// arrive on open ones (503, Retry-After), then lets the requests under way finish (at most SHUTDOWN_DRAIN_MS), and
// only then closes the application: the Temporal client, the database. Nest's own shutdown hooks run the other way
// round (onModuleDestroy, which closes the Temporal client, before the HTTP server stops), which during a shutdown
// had every submission save its issue and fail to start its workflow (issue #17).
import type { ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { reasonPhrase, type ApiErrorBody } from './api-error';
import { requestIdOf } from './request-id';

/** How long the requests under way may take to finish once a shutdown begins; the rest are cut off. */
export const SHUTDOWN_DRAIN_MS = 10_000;
const RETRY_AFTER_SECONDS = 5;

export interface GracefulShutdown {
  /** Stops the app in the order above; the returned promise settles when it is closed. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Installs the refusal middleware (call after setupApp, before listen) and, unless `signals` is empty, the signal
 * handlers. Use instead of app.enableShutdownHooks(), whose order is the wrong one.
 */
export function enableGracefulShutdown(
  app: NestExpressApplication,
  options: { drainMs?: number; signals?: NodeJS.Signals[] } = {},
): GracefulShutdown {
  const drainMs = options.drainMs ?? SHUTDOWN_DRAIN_MS;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const logger = new Logger('Shutdown');
  const inFlight = new Set<ServerResponse>();
  let settled: (() => void) | undefined;
  let closing = false;
  let stopping: Promise<void> | undefined;

  app.use((request: Request, response: Response, next: NextFunction) => {
    if (closing) {
      response.setHeader('Connection', 'close');
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      const body: ApiErrorBody = {
        statusCode: 503,
        error: reasonPhrase(503),
        message: 'The server is shutting down: send the request again in a few seconds',
        requestId: requestIdOf(request),
      };
      response.status(503).json(body);
      return;
    }
    inFlight.add(response);
    response.once('close', () => {
      inFlight.delete(response);
      settled?.();
    });
    next();
  });

  /** True when only event streams remain: they never finish by themselves, and the browser reconnects elsewhere. */
  const drained = (): boolean =>
    [...inFlight].every((response) => String(response.getHeader('content-type') ?? '').startsWith('text/event-stream'));

  const run = async (): Promise<void> => {
    const server = app.getHttpServer();
    closing = true;
    logger.log(`Shutting down: no new connections; ${inFlight.size} request(s) under way get ${drainMs} ms`);
    server.close();
    server.closeIdleConnections();
    for (const response of inFlight) if (!response.headersSent) response.setHeader('Connection', 'close');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, drainMs);
      settled = () => {
        if (!drained()) return;
        clearTimeout(timer);
        resolve();
      };
      settled();
    });
    settled = undefined;
    if (!drained()) logger.warn(`${inFlight.size} request(s) still under way after ${drainMs} ms: cut off`);
    server.closeAllConnections();
    await app.close(); // the modules: the Temporal client, the database
    logger.log('Stopped');
  };
  const stop = (): Promise<void> => (stopping ??= run());

  const onSignal = (signal: NodeJS.Signals): void => {
    for (const s of signals) process.removeListener(s, onSignal);
    stop().then(
      () => process.kill(process.pid, signal),
      (error: unknown) => {
        logger.error('Shutdown failed', error instanceof Error ? error.stack : String(error));
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, onSignal);
  return { stop };
}
