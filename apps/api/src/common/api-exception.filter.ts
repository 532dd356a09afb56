// Owns the shape of every error the API answers with: { statusCode, error, message, fields?, requestId } (under
// /open311/v2/ the GeoReport list of { code, description } instead, as its clients expect).
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '@app/database';
import { ApiErrorBody, reasonPhrase } from './api-error';
import { DatabaseUnavailableException } from './database-unavailable';
import { requestIdOf } from './request-id';
import { formatOfPath, OPEN311_PATH_PREFIX, open311Descriptions, sendOpen311Errors } from '../open311/open311-format';

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(thrown: unknown, host: ArgumentsHost): void {
    // PostgreSQL unreachable is an outage, not a bug: 503 + Retry-After naming the database (the cause still logged).
    const exception = isDatabaseUnavailable(thrown) ? new DatabaseUnavailableException() : thrown;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const requestId = requestIdOf(request);
    const body = toErrorBody(exception, requestId);

    if (body.statusCode >= 500) {
      // The client gets a generic sentence; the log gets the cause, under the same request id.
      this.logger.error(
        `${request.method} ${request.path} → ${body.statusCode} [${requestId}]`,
        thrown instanceof Error ? thrown.stack : String(thrown),
      );
    }
    if (response.headersSent) return;
    const retryAfter = retryAfterOf(exception);
    if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
    // A route's @Header('Content-Type', …) is set before its handler runs, and res.json() keeps a type already set:
    // an error from an HTML route would go out as JSON labelled text/html.
    if (body.statusCode < 500 && request.path.startsWith(OPEN311_PATH_PREFIX)) {
      // GeoReport v2 clients read the spec's error list (in the path's format), whether a route or a middleware refused.
      sendOpen311Errors(response, formatOfPath(request.path), body.statusCode, open311Descriptions(body));
      return;
    }
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.status(body.statusCode).json(body);
  }
}

export function toErrorBody(exception: unknown, requestId: string): ApiErrorBody {
  if (isClientHttpError(exception)) {
    // body-parser's errors (413 too large, 415 charset, 400 bad encoding) reach us as http-errors objects.
    const statusCode = exception.status;
    return { statusCode, error: reasonPhrase(statusCode), message: exception.message, requestId };
  }
  if (!(exception instanceof HttpException)) {
    const statusCode = HttpStatus.INTERNAL_SERVER_ERROR;
    return { statusCode, error: reasonPhrase(statusCode), message: 'Internal server error', requestId };
  }
  const statusCode = exception.getStatus();
  const raw = exception.getResponse();
  const payload: { message?: unknown; fields?: unknown } = typeof raw === 'string' ? { message: raw } : raw;
  const body: ApiErrorBody = {
    statusCode,
    error: reasonPhrase(statusCode),
    message: messageOf(payload.message, exception.message, statusCode),
    requestId,
  };
  if (isFieldErrors(payload.fields)) body.fields = payload.fields;
  return body;
}

function messageOf(message: unknown, fallback: string, statusCode: number): string {
  // A 503 is one the API chose to answer (ServiceUnavailableException, written for the caller: what happened and
  // what to do); any other 5xx may carry internals.
  if (statusCode >= 500 && statusCode !== 503) return 'Internal server error';
  if (typeof message === 'string' && message) return message;
  if (Array.isArray(message) && message.every((m) => typeof m === 'string')) return message.join('; ');
  return fallback || reasonPhrase(statusCode);
}

function isFieldErrors(value: unknown): value is Record<string, string[]> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((v) => Array.isArray(v) && v.every((m) => typeof m === 'string'))
  );
}

/** An `http-errors` error whose message its library marked safe to show (`expose`, set for 4xx only). */
function isClientHttpError(error: unknown): error is { status: number; message: string } {
  if (typeof error !== 'object' || error === null || error instanceof HttpException) return false;
  const { status, expose, message } = error as { status?: unknown; expose?: unknown; message?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true && typeof message === 'string';
}

/** Seconds to wait before retrying, for an exception that says so (e.g. a command its workflow did not take in time). */
function retryAfterOf(exception: unknown): number | undefined {
  const seconds = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds : undefined;
}
