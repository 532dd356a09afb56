// Owns Nest's logging in both apps: nestjs-pino over the process's root logger. In the API its pino-http middleware
// writes one line per request (method, path without the query string, status, time) and gives every line logged
// while the request runs its request id (the X-Request-Id the API answers with) and, on an issue's routes, the issue id.
import { type DynamicModule, Module } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { issueIdOfPath } from './log-context';
import { rootLogger, type ServiceName } from './logger';

interface RequestWithId extends IncomingMessage {
  /** Set by the API's request-id middleware, which runs before this one. */
  requestId?: string;
  originalUrl?: string;
}

/** The path only: a query string may carry a reply link's token or a search for a voter. */
export function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0];
}

/** A request as its line shows it: no query string, no body, headers as pino's redaction leaves them. */
function requestSerializer(req: {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: unknown;
  raw?: RequestWithId;
}) {
  return {
    id: req.id,
    method: req.method,
    path: pathOf(req.raw?.originalUrl ?? req.url),
    userAgent: (req.headers as Record<string, unknown> | undefined)?.['user-agent'],
  };
}

function responseSerializer(res: { statusCode?: number }) {
  return { statusCode: res.statusCode };
}

@Module({})
export class LoggingModule {
  static forRoot(service: ServiceName): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              logger: rootLogger(config, service),
              // The API's own request id (apps/api/src/common/request-id.ts), so the log and the answer agree.
              genReqId: (req: RequestWithId) => req.requestId ?? '',
              // Lines written during a request carry its id (and issue), not a copy of the whole request.
              quietReqLogger: true,
              customProps: (req: RequestWithId) => {
                const issueId = issueIdOfPath(pathOf(req.originalUrl ?? req.url));
                return issueId ? { issueId } : {};
              },
              serializers: { req: requestSerializer, res: responseSerializer },
              customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
                error || res.statusCode >= 500 ? 'error' : 'info',
              // Probes and scrapes every few seconds would drown the requests people make.
              autoLogging: {
                ignore: (req: RequestWithId) => /^\/(health|metrics)(\/|$)/.test(pathOf(req.originalUrl ?? req.url)),
              },
            },
          }),
        }),
      ],
    };
  }
}
