import { BadRequestException, ConflictException, ServiceUnavailableException } from '@nestjs/common';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { rejectionDetails } from '@app/contracts';
import { httpErrorOfUpdate } from './workflow-gateway';

const options = {
  rejections: { Closed: 409, Busy: 503, InvalidInput: 400 } as const,
  field: 'body',
  closed: 'It has ended',
  timedOut: 'No answer in time',
};

function rejected(type: string, message: string, field?: string): WorkflowUpdateFailedError {
  const failure = ApplicationFailure.create({ type, message, nonRetryable: true, details: rejectionDetails(field) });
  return new WorkflowUpdateFailedError('Workflow Update failed', failure);
}

describe('the HTTP answer of a workflow update', () => {
  it('names the field the workflow named in the failure details, not one guessed from the message', () => {
    const answer = httpErrorOfUpdate(
      rejected('InvalidInput', 'body mentions notes but votersReceived is bad', 'votersReceived'),
      options,
    );
    expect(answer).toBeInstanceOf(BadRequestException);
    expect(answer!.getResponse()).toMatchObject({
      fields: { votersReceived: ['body mentions notes but votersReceived is bad'] },
    });
  });

  it('falls back to the caller’s field when the workflow names none', () => {
    expect(httpErrorOfUpdate(rejected('InvalidInput', 'bad'), options)!.getResponse()).toMatchObject({
      fields: { body: ['bad'] },
    });
  });

  it('answers each rejection with the status its contract declares', () => {
    expect(httpErrorOfUpdate(rejected('Closed', 'closed'), options)).toBeInstanceOf(ConflictException);
    expect(httpErrorOfUpdate(rejected('Busy', 'still opening'), options)).toBeInstanceOf(ServiceUnavailableException);
    expect(httpErrorOfUpdate(rejected('Closed', 'closed'), options)!.message).toBe('closed (Closed)');
  });

  it('leaves an unknown rejection as it is (a bug: a 500), and answers an ended workflow with 409', () => {
    expect(httpErrorOfUpdate(rejected('Surprise', 'what'), options)).toBeNull();
    const ended = httpErrorOfUpdate(new WorkflowNotFoundError('gone', 'wf', undefined), options);
    expect(ended).toBeInstanceOf(ConflictException);
    expect(ended!.message).toBe('It has ended');
  });
});
