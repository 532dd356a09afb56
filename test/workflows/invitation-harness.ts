// One time-skipping Temporal test server, one workflow bundle and one worker per invitation test file, with in-memory
// activities that remember every call, plus the moves a test needs: start an invitation, skip time, wait for a step.
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import {
  DEFAULT_INVITATION_POLICY,
  INVITATION_WORKFLOW_TYPE,
  getInvitationStateQuery,
  invitationWorkflowId,
  type InvitationActivities,
  type InvitationPolicy,
  type InvitationWorkflowState,
  type RecordInvitationTransitionInput,
  type SendInvitationNoticeInput,
} from '@app/contracts';
import type { invitationWorkflow } from '../../workflows';
import { HISTORIES_DIR, TimeSkippingHarness, keepHistoryIfRecording, skipTo, waitFor } from './support/time-skipping';
import { weekendDeadline } from './support/weekend-calendar';

export type InvitationHandle = WorkflowHandle<typeof invitationWorkflow>;

/** Kept apart from the issue fixtures, which another suite replays against a bundle without this workflow. */
export const INVITATION_HISTORIES_DIR = join(HISTORIES_DIR, 'invitation-workflow');

export class FakeInvitationActivities {
  readonly notices: SendInvitationNoticeInput[] = [];
  readonly transitions: RecordInvitationTransitionInput[] = [];

  readonly activities: InvitationActivities = {
    computeDeadlines: (input) => Promise.resolve(input.workingDays.map((n) => weekendDeadline(input.fromInstant, n))),
    sendInvitationNotice: (input) => {
      this.notices.push(input);
      return Promise.resolve({ channel: 'email', recipients: [`deputy-${input.invitationId}@example.test`] });
    },
    recordInvitationTransition: (input) => {
      this.transitions.push(input);
      return Promise.resolve();
    },
  };

  noticesOf(invitationId: string): string[] {
    return this.notices.filter((n) => n.invitationId === invitationId).map((n) => `${n.kind} ${n.stepKey}`);
  }

  stepsOf(invitationId: string): string[] {
    return this.transitions.filter((t) => t.invitationId === invitationId).map((t) => `${t.stepKey} ${t.type}`);
  }
}

export class InvitationHarness extends TimeSkippingHarness {
  readonly fakes = new FakeInvitationActivities();
  readonly taskQueue = 'invitation-workflow-tests';
  private sequence = 0;

  protected workerActivities(): object {
    return this.fakes.activities;
  }

  async start(
    name: string,
    meetingDate: string,
    policy: Partial<InvitationPolicy> = {},
  ): Promise<{ invitationId: string; handle: InvitationHandle }> {
    this.sequence += 1;
    const invitationId = `${name}-${this.sequence}`;
    const handle = await this.env.client.workflow.start<typeof invitationWorkflow>(INVITATION_WORKFLOW_TYPE, {
      taskQueue: this.taskQueue,
      workflowId: invitationWorkflowId(invitationId),
      args: [
        { invitationId, meetingId: 'meeting-1', meetingDate, policy: { ...DEFAULT_INVITATION_POLICY, ...policy } },
      ],
    });
    return { invitationId, handle };
  }

  state(handle: InvitationHandle): Promise<InvitationWorkflowState> {
    return handle.query(getInvitationStateQuery);
  }

  now(): Promise<number> {
    return this.env.currentTimeMs();
  }

  /** Skips server time to just after `instant`, firing every timer due on the way. */
  async advanceTo(instant: string | number, afterMs = 1000): Promise<void> {
    await skipTo(this.env, instant, afterMs);
  }

  waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
    return waitFor(what, probe, timeoutMs);
  }

  waitForStep(handle: InvitationHandle, stepKey: string): Promise<InvitationWorkflowState> {
    return this.waitFor(`step ${stepKey} of ${handle.workflowId}`, async () => {
      const state = await this.state(handle);
      return state.history.some((entry) => entry.stepKey === stepKey) ? state : undefined;
    });
  }

  /** With RECORD_HISTORIES=1, keeps the run's history as a replay fixture (see invitation.replay.e2e-spec.ts). */
  async keepHistory(handle: InvitationHandle, name: string): Promise<void> {
    await keepHistoryIfRecording(handle, INVITATION_HISTORIES_DIR, `invitation-${name}`);
  }
}
