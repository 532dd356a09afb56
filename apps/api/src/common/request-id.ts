// Owns the request id: taken from X-Request-Id when it is a short safe token, made up otherwise,
// echoed in the response header and in every error body, so a user's report finds the log line.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

export interface WithRequestId {
  requestId?: string;
}

export function requestIdMiddleware(request: Request & WithRequestId, response: Response, next: NextFunction): void {
  const incoming = request.header(REQUEST_ID_HEADER);
  request.requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, request.requestId);
  next();
}

export function requestIdOf(request: unknown): string {
  return (request as WithRequestId | undefined)?.requestId ?? randomUUID();
}
