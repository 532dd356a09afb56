// Owns the API's side of the invitation workflow: one workflow per invitation, started by id (a retried invite finds
// the first), and the updates staff and deputies send. Starting, the update's timeout and the rejections' HTTP
// answers are the WorkflowGateway's (libs/temporal); this file says what is particular to invitations.
import { Inject, Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import {
  DEFAULT_INVITATION_POLICY,
  INVITATION_REJECTION_STATUS,
  INVITATION_WORKFLOW_TYPE,
  invitationWorkflowId,
  type InvitationWorkflowState,
} from '@app/contracts';
import { WorkflowGateway } from '@app/temporal';

@Injectable()
export class InvitationWorkflowClient {
  constructor(@Inject(WorkflowGateway) private readonly gateway: WorkflowGateway) {}

  /** Starts the invitation's workflow, or finds it running (USE_EXISTING); a closed one is never started again. */
  async start(invitation: { id: string; meetingId: string; meetingDate: string }): Promise<void> {
    await this.gateway.start(INVITATION_WORKFLOW_TYPE, {
      workflowId: invitationWorkflowId(invitation.id),
      args: [
        {
          invitationId: invitation.id,
          meetingId: invitation.meetingId,
          meetingDate: invitation.meetingDate,
          policy: { ...DEFAULT_INVITATION_POLICY },
        },
      ],
      unavailable: 'The invitation is saved but its notices could not start: invite the same deputies again to retry',
    });
  }

  /**
   * Sends one update; `updateId` unique per request, so a retried request acts once. `fields` are the request's: a
   * rejection of bad input names the field the workflow named, or the first of these.
   */
  update<I>(
    invitationId: string,
    definition: UpdateDefinition<InvitationWorkflowState, [I]>,
    input: I,
    updateId: string,
    fields: readonly string[],
  ): Promise<InvitationWorkflowState> {
    return this.gateway.update(invitationWorkflowId(invitationId), definition, input, {
      updateId,
      rejections: INVITATION_REJECTION_STATUS,
      field: fields[0] ?? 'body',
      closed: 'The invitation is closed: its meeting is over or was cancelled (InvitationClosed)',
      timedOut: 'The invitation did not answer in time: try again with the same Idempotency-Key',
    });
  }
}
