// Owns how Lianluo's processes log: pino, one JSON object a line in production (for the log shipper), readable lines
// in development (pino-pretty), at LOG_LEVEL, with the process's service name, and with personal data and credentials
// redacted wherever a logged object may carry them. One root logger per process: nestjs-pino (the API's request
// logger, Nest's logger in both apps) and the Temporal SDK's logger (the worker) all write through it.
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { AppConfig } from '@app/config';
import { currentLogContext } from './log-context';

export type ServiceName = 'api' | 'worker';

/** LOG_LEVEL (Nest's names) → pino's level. */
const PINO_LEVELS: Record<AppConfig['LOG_LEVEL'], pino.LevelWithSilent> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Fields that hold a voter's personal data (the API's DTOs and views, the workflow's inputs) or a credential. */
const SECRET_FIELDS = [
  'voter',
  'voterName',
  'voterPhone',
  'voterIdNumber',
  'voterAddress',
  'phone',
  'idNumber',
  'address',
  'password',
  'newPassword',
  'currentPassword',
  'accessToken',
  'refreshToken',
  'token',
];

/**
 * What pino censors: credentials in the request and response headers, and the fields above wherever they sit up to
 * three levels deep in a logged object (a body, an activity's input, an error's data). Request lines carry no body
 * and no query string at all (see requestSerializer); this is the net under everything else.
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-reply-token"]',
  'res.headers["set-cookie"]',
  'req.body',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]),
];

export function pinoLevelOf(level: AppConfig['LOG_LEVEL']): pino.LevelWithSilent {
  return PINO_LEVELS[level];
}

/** The options of a process's root logger (exported for the tests of redaction). */
export function loggerOptions(config: Pick<AppConfig, 'LOG_LEVEL'>, service: ServiceName): LoggerOptions {
  return {
    level: pinoLevelOf(config.LOG_LEVEL),
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    // The workflow and issue an activity runs for (a request's id comes from nestjs-pino's child logger).
    mixin: () => ({ ...currentLogContext() }),
    formatters: { level: (label) => ({ level: label }) },
  };
}

/** Readable lines for a developer's terminal; undefined where pino-pretty is not installed (the production image). */
function prettyStream(): DestinationStream | undefined {
  try {
    // A development dependency: required only when asked for, so production images need not carry it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty') as (options: object) => DestinationStream;
    return pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', singleLine: true });
  } catch {
    return undefined;
  }
}

let root: Logger | undefined;

/**
 * The process's root logger, made on first use: JSON lines on stdout, except in development (NODE_ENV=development,
 * what `npm start` runs) where they are pretty-printed. `destination` replaces stdout (tests).
 */
export function rootLogger(
  config: Pick<AppConfig, 'LOG_LEVEL' | 'NODE_ENV'>,
  service: ServiceName,
  destination?: DestinationStream,
): Logger {
  if (!root) {
    const stream = destination ?? (config.NODE_ENV === 'development' ? prettyStream() : undefined);
    root = pino(loggerOptions(config, service), stream ?? pino.destination({ sync: true }));
  }
  return root;
}
