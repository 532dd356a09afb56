// Owns the per-request key of a command: the client's Idempotency-Key header (so that a retried request is answered
// with the first outcome instead of acting twice), or a fresh uuid when the client sent none.
import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { invalidField } from '../common/api-error';
import { receivedAtOf } from '../common/received-at';
import { IDEMPOTENCY_KEY_PATTERN } from './issues.dto';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

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

/** What a command to an issue's workflow carries from its HTTP request: its key and the instant it arrived. */
export interface CommandReceipt {
  key: string;
  receivedAt: string;
}

/** `@Receipt() receipt: CommandReceipt` in a command handler. */
export const Receipt = createParamDecorator((_data: unknown, context: ExecutionContext): CommandReceipt => {
  const request = context.switchToHttp().getRequest<Request>();
  return { key: requestKeyOf(request), receivedAt: receivedAtOf(request) };
});

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
