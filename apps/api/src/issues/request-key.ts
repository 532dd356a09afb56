// Owns what a command to an issue's workflow carries from its HTTP request: its key (common/idempotency-key.ts) and
// the instant it arrived.
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { requestKeyOf } from '../common/idempotency-key';
import { receivedAtOf } from '../common/received-at';

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
