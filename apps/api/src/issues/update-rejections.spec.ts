import { HttpException } from '@nestjs/common';
import {
  ApplicationFailure,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { InvalidFieldsException } from '../common/api-error';
import { httpErrorOfUpdate, type IssueCommand } from './update-rejections';

function rejected(type: string, message = 'refused'): WorkflowUpdateFailedError {
  return new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message }));
}

function answer(error: unknown, command: IssueCommand = 'reply'): { status: number; fields?: unknown } {
  const http = httpErrorOfUpdate(error, command);
  if (!http) throw new Error('expected an HTTP answer');
  return { status: http.getStatus(), fields: http instanceof InvalidFieldsException ? http.fields : undefined };
}

describe('httpErrorOfUpdate', () => {
  it.each(['IssueClosed', 'NotAllowedNow', 'AlreadyAcknowledged', 'TopLevelReached'] as const)(
    '%s → 409, with the rejection named in the message',
    (type) => {
      const http = httpErrorOfUpdate(rejected(type, 'Cannot reply while the issue is closed'), 'reply');
      expect(http?.getStatus()).toBe(409);
      expect(http?.message).toContain(type);
    },
  );

  it('WrongDepartment → 403', () => {
    expect(answer(rejected('WrongDepartment', 'Only the lead department can reply'))).toEqual({ status: 403 });
  });

  it.each([
    ['InvalidReplyClass', 'Reply class must be one of A, C', 'reply', 'replyClass'],
    ['PromisedDateRequired', 'A class B reply needs the promised date', 'reply', 'promisedDate'],
    ['PromisedDateNotInFuture', 'The promised date must be after today', 'reply', 'promisedDate'],
    ['EmptyText', 'text must not be empty', 'reply', 'text'],
    ['EmptyText', 'reason must not be empty', 'sendBack', 'reason'],
    ['EmptyText', 'note must not be empty', 'urge', 'note'],
    ['InvalidInput', 'newDueDate must be after the current deadline 2026-04-01', 'extend', 'newDueDate'],
    ['InvalidInput', 'extraWorkingDays must be a whole number ≥ 1', 'extend', 'extraWorkingDays'],
    ['InvalidInput', 'Give either extraWorkingDays or newDueDate', 'extend', 'newDueDate'],
    [
      'InvalidInput',
      'co-handlers must be distinct and differ from the lead department',
      'assign',
      'coHandlerDepartmentIds',
    ],
    ['InvalidInput', 'The issue is already assigned to these departments', 'reassign', 'leadDepartmentId'],
    ['InvalidInput', 'Only a class B reply has a promised date', 'reply', 'promisedDate'],
    ['InvalidInput', 'rating must be one of satisfied, basically_satisfied, unsatisfied', 'rate', 'rating'],
  ] as const)('%s "%s" on %s → 400 naming %s', (type, message, command, field) => {
    expect(answer(rejected(type, message), command)).toEqual({ status: 400, fields: { [field]: [message] } });
  });

  it('a command without fields gets a plain 400', () => {
    const http = httpErrorOfUpdate(rejected('InvalidInput', 'actor.label is required'), 'acknowledge');
    expect(http?.getStatus()).toBe(400);
    expect(http).not.toBeInstanceOf(InvalidFieldsException);
  });

  it('an ended workflow → 409; Temporal away or slow → 503', () => {
    expect(answer(new WorkflowNotFoundError('workflow execution already completed', 'issue-x', undefined)).status).toBe(
      409,
    );
    expect(answer(new WorkflowUpdateRPCTimeoutOrCancelledError('timeout')).status).toBe(503);
    expect(answer(new ServiceError('unavailable')).status).toBe(503);
  });

  it('leaves anything else to the error filter (500)', () => {
    expect(httpErrorOfUpdate(rejected('SomethingNew'), 'reply')).toBeNull();
    expect(httpErrorOfUpdate(new WorkflowUpdateFailedError('failed', new Error('boom')), 'reply')).toBeNull();
    expect(httpErrorOfUpdate(new TypeError('bug'), 'reply')).toBeNull();
    expect(httpErrorOfUpdate(new HttpException('teapot', 418), 'reply')).toBeNull();
  });
});
