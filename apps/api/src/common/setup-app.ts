// Owns how the HTTP app is dressed: the same function runs in main.ts and in every e2e suite, so tests
// exercise exactly what production serves.
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { AppConfig } from '@app/config';
import { HttpMetrics } from '../observability/http-metrics';
import { ApiExceptionFilter } from './api-exception.filter';
import { receivedAtMiddleware } from './received-at';
import { noStoreForApi } from './cache-control';
import { methodNotAllowed } from './method-not-allowed';
import { PathParamsGuard, refuseControlCharacters, refuseDeepJson, requirePatchBody } from './input-guard';
import { REQUEST_ID_HEADER, requestIdMiddleware } from './request-id';
import { createApiDocument, serveApiDocument } from './swagger';
import { createValidationPipe } from './validation';

/** Largest request body accepted; bigger ones get 413 in the common error shape. */
export const BODY_LIMIT = '100kb';

export function setupApp(app: NestExpressApplication, config: AppConfig): NestExpressApplication {
  app.set('trust proxy', trustProxy(config.TRUST_PROXY));
  app.disable('x-powered-by');
  app.use(receivedAtMiddleware);
  // Times every request, those refused before any route included.
  app.use(app.get(HttpMetrics).middleware);
  app.use(requestIdMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        // Upgrading sub-requests to https breaks a server reached over plain http (an intranet, a laptop).
        directives: {
          upgradeInsecureRequests: config.PUBLIC_URL.startsWith('https:') ? [] : null,
          // Issues' photos are fetched with the access token and shown from blob: URLs (an <img> sends no token).
          imgSrc: ["'self'", 'data:', 'blob:'],
        },
      },
    }),
  );
  if (config.CORS_ORIGINS.length) {
    // Bearer tokens, no cookies: CORS only decides which web origins may read the answers.
    app.enableCors({
      origin: [...config.CORS_ORIGINS],
      credentials: false,
      methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', REQUEST_ID_HEADER],
      exposedHeaders: [REQUEST_ID_HEADER, 'Retry-After'],
      maxAge: 600,
    });
  }
  // After CORS (which answers preflights), before the body parsers and input guards: a method the path does not take
  // is the first thing wrong with a request.
  const document = createApiDocument(app);
  app.use(methodNotAllowed(document));
  app.use(noStoreForApi);
  app.useBodyParser('json', { limit: BODY_LIMIT, verify: refuseDeepJson });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });
  // After the parsers and before any route: nothing with a control character reaches a guard, a handler or storage.
  app.use(refuseControlCharacters);
  app.use(requirePatchBody);
  app.useGlobalGuards(new PathParamsGuard());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  serveApiDocument(app, document);
  return app;
}

function trustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
