// Owns the per-request key of a command: the client's Idempotency-Key header (so that a retried request is answered
// with the first outcome instead of acting twice), or a fresh uuid when the client sent none. Every feature's
// command handlers (issues, meetings, invitations) read it through @RequestKey() and document it with
// @ApiIdempotencyKey().
import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { invalidField } from './api-error';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** A client's key, in the header or in a body's `idempotencyKey`. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,100}$/;

export function requestKeyOf(request: Pick<Request, 'header'>): string {
  const given = request.header(IDEMPOTENCY_KEY_HEADER);
  if (given === undefined) return randomUUID();
  if (!IDEMPOTENCY_KEY_PATTERN.test(given)) {
    throw invalidField(IDEMPOTENCY_KEY_HEADER, `${IDEMPOTENCY_KEY_HEADER} must be 8-100 letters, digits or . _ : -`);
  }
  return given;
}

/** `@RequestKey() key: string` in a command handler. */
export const RequestKey = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  requestKeyOf(context.switchToHttp().getRequest<Request>()),
);

/** Documents the optional Idempotency-Key header of a command. */
export function ApiIdempotencyKey(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description: 'Send the same value when retrying the same request: it is then carried out once.',
      example: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
    }),
  );
}
