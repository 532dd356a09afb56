// Owns the instant a request arrived: stamped before anything else runs (authentication, database reads), so a
// command's time is when the caller sent it, not when a busy server got round to it (issue #11 defect 1).
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

export interface WithReceivedAt {
  receivedAt?: string;
}

export function receivedAtMiddleware(request: Request & WithReceivedAt, _response: Response, next: NextFunction): void {
  request.receivedAt = new Date().toISOString();
  next();
}

/** The request's arrival; now for a request that did not pass the middleware (none in the app, but unit fixtures). */
export function receivedAtOf(request: unknown): string {
  return (request as WithReceivedAt | undefined)?.receivedAt ?? new Date().toISOString();
}

/** `@ReceivedAt() receivedAt: string` in a handler. */
export const ReceivedAt = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  receivedAtOf(context.switchToHttp().getRequest<Request>()),
);
