// Owns the bridge from the Temporal SDK's logger to pino: the SDK's own lines (the worker's state, a failed task), the
// workflows' `log` (through the SDK's logger sink) and the native core's lines (forwarded) all become lines of the
// worker's root logger, with the workflow id, run id and activity the SDK attaches, and the issue id derived from
// the workflow id, so an operator finds every line of one issue by one field.
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { Logger } from 'pino';
import { issueIdOfWorkflow } from './log-context';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    const workflowId = typeof meta.workflowId === 'string' ? meta.workflowId : undefined;
    const issueId = issueIdOfWorkflow(workflowId);
    // The SDK's `error` (an Error) goes under pino's `err`, which serialises its message and stack.
    const { error, ...rest } = meta as LogMetadata & { error?: unknown };
    this.logger[LEVELS[level]]({ ...rest, ...(issueId ? { issueId } : {}), ...(error ? { err: error } : {}) }, message);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/** pino's level → the least level the SDK should bother to send. */
export function temporalLevelOf(level: string): LogLevel {
  switch (level) {
    case 'trace':
      return 'TRACE';
    case 'debug':
      return 'DEBUG';
    case 'info':
      return 'INFO';
    case 'warn':
      return 'WARN';
    default:
      return 'ERROR';
  }
}
