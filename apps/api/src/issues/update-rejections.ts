// Owns how the issue workflow's answers become HTTP answers: a rejected update (the contract's UPDATE_REJECTIONS)
// is the caller's problem (400 naming the field, 403, 409); Temporal being away is a 503 worth retrying.
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  ApplicationFailure,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { UPDATE_REJECTIONS, type UpdateRejection } from '@app/contracts';
import { invalidField } from '../common/api-error';

/** Seconds a client is asked to wait before sending a command again that the workflow did not take in time. */
export const RETRY_AFTER_SECONDS = 5;

/** The updates the API sends, by the contract's update names. */
export type IssueCommand =
  | 'assign'
  | 'acknowledge'
  | 'sendBack'
  | 'coHandlerInput'
  | 'urge'
  | 'extend'
  | 'reassign'
  | 'referUpward'
  | 'reply'
  | 'followUpReply'
  | 'rate'
  | 'mergeInto';

/** The body fields of each command, in the order a rejection's field is looked for; the first is the fallback. */
export const COMMAND_FIELDS: Readonly<Record<IssueCommand, readonly string[]>> = {
  assign: ['leadDepartmentId', 'coHandlerDepartmentIds', 'note'],
  acknowledge: [],
  sendBack: ['reason'],
  coHandlerInput: ['text'],
  urge: ['note'],
  extend: ['newDueDate', 'extraWorkingDays', 'reason'],
  reassign: ['leadDepartmentId', 'coHandlerDepartmentIds', 'reason'],
  referUpward: ['reason'],
  reply: ['text', 'replyClass', 'promisedDate'],
  followUpReply: ['text', 'replyClass'],
  rate: ['rating', 'comment'],
  mergeInto: ['targetIssueId', 'reason'],
};

/**
 * The workflow did not take a command in time (its worker or Temporal busy or stopped): 503 with Retry-After, and a
 * body that says what happened, as the log does. Nothing may be carried out yet, but the server may still deliver it;
 * a resend with the same Idempotency-Key is carried out at most once and answers its outcome.
 */
export class CommandNotTakenException extends ServiceUnavailableException {
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;

  constructor(receivedAt?: string) {
    super(
      'The issue’s workflow did not take the command in time ' +
        '(its worker or the workflow service is busy or stopped)' +
        (receivedAt ? `; it was received at ${receivedAt}` : '') +
        `. Send it again with the same Idempotency-Key after ${RETRY_AFTER_SECONDS} s: it is carried out at most ` +
        `once, and the answer says whether it has been`,
    );
  }
}

/** The HTTP answer for an error of an update, or null when it is not one the API knows (a bug: let it be 500). */
export function httpErrorOfUpdate(error: unknown, command: IssueCommand, receivedAt?: string): HttpException | null {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (!(cause instanceof ApplicationFailure) || !isRejection(cause.type)) return null;
    return httpErrorOfRejection(cause.type, cause.message, command);
  }
  if (error instanceof WorkflowNotFoundError) {
    // The workflow ends when the issue closes; an issue whose start failed has none until the deputy retries.
    return new ConflictException('The issue is not being handled any more: its workflow has ended (IssueClosed)');
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || error instanceof ServiceError) {
    return new CommandNotTakenException(receivedAt);
  }
  return null;
}

export function httpErrorOfRejection(type: UpdateRejection, message: string, command: IssueCommand): HttpException {
  switch (type) {
    case 'IssueClosed':
    case 'NotAllowedNow':
    case 'AlreadyAcknowledged':
    case 'TopLevelReached':
    case 'AlreadyMerged':
      return new ConflictException(`${message} (${type})`);
    case 'WrongDepartment':
      return new ForbiddenException(`${message} (${type})`);
    case 'InvalidReplyClass':
      return invalidField('replyClass', message);
    case 'PromisedDateRequired':
    case 'PromisedDateNotInFuture':
      return invalidField('promisedDate', message);
    case 'EmptyText':
    case 'InvalidInput': {
      const field = fieldNamedIn(message, command);
      return field ? invalidField(field, message) : new BadRequestException(`${message} (${type})`);
    }
  }
}

export function isRejection(type: string | undefined | null): type is UpdateRejection {
  return typeof type === 'string' && (UPDATE_REJECTIONS as readonly string[]).includes(type);
}

/** The body field a workflow's message is about: named in it, or described ("co-handlers"), else the command's first. */
function fieldNamedIn(message: string, command: IssueCommand): string | null {
  const fields = COMMAND_FIELDS[command];
  const named = fields.find((field) => new RegExp(`\\b${field}\\b`).test(message));
  if (named) return named;
  if (/co-handlers/i.test(message) && fields.includes('coHandlerDepartmentIds')) return 'coHandlerDepartmentIds';
  if (/promised date/i.test(message) && fields.includes('promisedDate')) return 'promisedDate';
  if (/already assigned to these departments/i.test(message) && fields.includes('leadDepartmentId')) {
    return 'leadDepartmentId';
  }
  return fields[0] ?? null;
}
