// One time-skipping Temporal test server, one workflow bundle and one worker per invitation test file, with in-memory
// activities that remember every call, plus the moves a test needs: start an invitation, skip time, wait for a step.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
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
import { findTemporalTestServer } from '@app/stack';
import type { invitationWorkflow } from '../../workflows';
import { HISTORIES_DIR, bundleWorkflows, quietTemporalLogs } from './support/issue-harness';
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

export class InvitationHarness {
  readonly fakes = new FakeInvitationActivities();
  readonly taskQueue = 'invitation-workflow-tests';
  private environment?: TestWorkflowEnvironment;
  private worker?: Worker;
  private running?: Promise<void>;
  private sequence = 0;

  get env(): TestWorkflowEnvironment {
    if (!this.environment) throw new Error('InvitationHarness.setUp() has not run');
    return this.environment;
  }

  async setUp(): Promise<void> {
    quietTemporalLogs();
    const [env, workflowBundle] = await Promise.all([startTimeSkippingServer(), bundleWorkflows()]);
    this.environment = env;
    this.worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: this.taskQueue,
      workflowBundle,
      activities: this.fakes.activities,
    });
    this.running = this.worker.run();
  }

  async tearDown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.environment?.teardown();
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
    const target = (typeof instant === 'number' ? instant : Date.parse(instant)) + afterMs;
    const now = await this.now();
    if (target > now) await this.env.sleep(target - now);
  }

  async waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  waitForStep(handle: InvitationHandle, stepKey: string): Promise<InvitationWorkflowState> {
    return this.waitFor(`step ${stepKey} of ${handle.workflowId}`, async () => {
      const state = await this.state(handle);
      return state.history.some((entry) => entry.stepKey === stepKey) ? state : undefined;
    });
  }

  /** With RECORD_HISTORIES=1, keeps the run's history as a replay fixture (see invitation.replay.e2e-spec.ts). */
  async keepHistory(handle: InvitationHandle, name: string): Promise<void> {
    if (process.env.RECORD_HISTORIES !== '1') return;
    const file = join(INVITATION_HISTORIES_DIR, `invitation-${name}.json`);
    await mkdir(INVITATION_HISTORIES_DIR, { recursive: true });
    await writeFile(file, `${historyToJSON(await handle.fetchHistory())}\n`);
    await promisify(execFile)(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', file]);
  }
}

// As in the issue harness: the first start of the test server can miss the SDK's short wait on a busy machine.
async function startTimeSkippingServer(attempts = 3): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: findTemporalTestServer() } },
      });
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}
