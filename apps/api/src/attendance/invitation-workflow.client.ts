// Owns the API's side of the invitation workflow: one workflow per invitation, started by id (a retried invite finds
// the first), and the updates staff and deputies send, with the workflow's rejections turned into HTTP answers.
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  type HttpException,
} from '@nestjs/common';
import {
  ApplicationFailure,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import {
  DEFAULT_INVITATION_POLICY,
  INVITATION_REJECTIONS,
  INVITATION_WORKFLOW_TYPE,
  invitationWorkflowId,
  type InvitationRejection,
  type InvitationWorkflowState,
} from '@app/contracts';
import { TemporalClientService } from '@app/temporal';
import { invalidField } from '../common/api-error';

const UPDATE_TIMEOUT_MS = 30_000;

@Injectable()
export class InvitationWorkflowClient {
  private readonly logger = new Logger(InvitationWorkflowClient.name);

  constructor(@Inject(TemporalClientService) private readonly temporal: TemporalClientService) {}

  /** Starts the invitation's workflow, or finds it running (USE_EXISTING); a closed one is never started again. */
  async start(invitation: { id: string; meetingId: string; meetingDate: string }): Promise<void> {
    try {
      await this.temporal.client.workflow.start(INVITATION_WORKFLOW_TYPE, {
        workflowId: invitationWorkflowId(invitation.id),
        taskQueue: this.temporal.taskQueue,
        args: [
          {
            invitationId: invitation.id,
            meetingId: invitation.meetingId,
            meetingDate: invitation.meetingDate,
            policy: { ...DEFAULT_INVITATION_POLICY },
          },
        ],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      this.logger.error(`Could not start invitation ${invitation.id}`, error instanceof Error ? error.stack : error);
      throw new ServiceUnavailableException(
        'The invitation is saved but its notices could not start: invite the same deputies again to retry',
      );
    }
  }

  /** Sends one update; `updateId` unique per request, so a retried request acts once. */
  async update<I>(
    invitationId: string,
    definition: UpdateDefinition<InvitationWorkflowState, [I]>,
    input: I,
    updateId: string,
    fields: readonly string[],
  ): Promise<InvitationWorkflowState> {
    const client = this.temporal.client;
    const handle = client.workflow.getHandle(invitationWorkflowId(invitationId));
    try {
      return await client.withDeadline(Date.now() + UPDATE_TIMEOUT_MS, () =>
        handle.executeUpdate(definition, { args: [input], updateId }),
      );
    } catch (error) {
      const answer = httpErrorOfInvitationUpdate(error, fields);
      if (answer) throw answer;
      throw error;
    }
  }
}

/** The HTTP answer for an invitation update's error; null when unknown (a bug: let it be a 500). */
export function httpErrorOfInvitationUpdate(error: unknown, fields: readonly string[]): HttpException | null {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (!(cause instanceof ApplicationFailure) || !isRejection(cause.type)) return null;
    switch (cause.type) {
      case 'InvitationClosed':
      case 'NotAllowedNow':
        return new ConflictException(`${cause.message} (${cause.type})`);
      case 'ReasonRequired':
        return invalidField(fields.includes('reason') ? 'reason' : (fields[0] ?? 'reason'), cause.message);
      case 'InvalidInput': {
        const field = fields.find((name) => new RegExp(`\\b${name}\\b`).test(cause.message)) ?? fields[0];
        return field ? invalidField(field, cause.message) : new BadRequestException(cause.message);
      }
    }
  }
  if (error instanceof WorkflowNotFoundError) {
    return new ConflictException('The invitation is closed: its meeting is over or was cancelled (InvitationClosed)');
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || error instanceof ServiceError) {
    return new ServiceUnavailableException(
      'The invitation did not answer in time: try again with the same Idempotency-Key',
    );
  }
  return null;
}

function isRejection(type: string | undefined | null): type is InvitationRejection {
  return typeof type === 'string' && (INVITATION_REJECTIONS as readonly string[]).includes(type);
}
