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
  | 'rate';

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
};

/** The HTTP answer for an error of `executeUpdate`, or null when it is not one the API knows (a bug: let it be 500). */
export function httpErrorOfUpdate(error: unknown, command: IssueCommand): HttpException | null {
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
    return new ServiceUnavailableException(
      'The issue’s workflow did not answer in time: try again with the same Idempotency-Key',
    );
  }
  return null;
}

export function httpErrorOfRejection(type: UpdateRejection, message: string, command: IssueCommand): HttpException {
  switch (type) {
    case 'IssueClosed':
    case 'NotAllowedNow':
    case 'AlreadyAcknowledged':
    case 'TopLevelReached':
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

function isRejection(type: string | undefined | null): type is UpdateRejection {
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
