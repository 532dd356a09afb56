// Owns one deputy's invitation to attend a standing-committee meeting (列席, Xiangtan practice): the three notices —
// the advance notice with the materials at once, a phone-call task for staff (due within working days), a text-message
// reminder the day before — the deputy's reply (attend, or leave with a written reason the liaison office decides),
// cancellation with the meeting, and the end of the meeting day, after which attendance is the API's record.
//
// Like the issue workflow: updates and timer steps change the invitation one at a time under a lock; each step sends
// its notice through an activity, then records one transition under a deterministic step key. The supervising loop
// plans the next timer step and re-plans whenever a transition is recorded.
//
// Determinism: this code runs again on replay (test/workflows/invitation.replay.e2e-spec.ts replays recorded
// histories). A change of behaviour for invitations already running goes behind `patched()`.
import {
  ApplicationFailure,
  type RetryPolicy,
  allHandlersFinished,
  condition,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../libs/contracts/src/activity-liveness';
import { endOfChinaDateIso, startOfChinaDateIso } from '../libs/contracts/src/china-date';
import { rejectionDetails } from '../libs/contracts/src/workflow-rejection';
import type { Actor } from '../libs/contracts/src/issue-workflow';
import {
  INVITATION_ANSWERS,
  cancelInvitationUpdate,
  decideLeaveUpdate,
  getInvitationStateQuery,
  invitationReplyUpdate,
  recordCallUpdate,
  reminderInstant,
  validateInvitationPolicy,
  type InvitationActivities,
  type InvitationNoticeKind,
  type InvitationRejection,
  type InvitationRowPatch,
  type InvitationTransitionType,
  type InvitationWorkflowInput,
  type InvitationWorkflowState,
} from '../libs/contracts/src/invitation-workflow';
import { StepLock } from './step-lock';

// Database and SMTP outages are waited out, and a dead worker's activity moves on, as in the issue workflow.
const retry: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' };
const { sendInvitationNotice, recordInvitationTransition } = proxyActivities<InvitationActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry,
});
// Read-only: runs inside the workflow task, sparing a round trip.
const { computeDeadlines } = proxyLocalActivities<Pick<InvitationActivities, 'computeDeadlines'>>({
  startToCloseTimeout: '30 seconds',
  retry,
});

export async function invitationWorkflow(input: InvitationWorkflowInput): Promise<InvitationWorkflowState> {
  return await new InvitationLifecycle(input).run();
}

interface TimedStep {
  at: string;
  key: string;
  run: () => Promise<void>;
}

const nowIso = (): string => new Date().toISOString();

/** Refuses an update; `field` names the input at fault, in the failure's details, for the API to name in turn. */
function reject(type: InvitationRejection, message: string, field?: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true, details: rejectionDetails(field) });
}

class InvitationLifecycle {
  private readonly state: InvitationWorkflowState;
  private readonly lock = new StepLock();
  private version = 0;
  private readonly fired = new Set<string>();

  constructor(private readonly input: InvitationWorkflowInput) {
    this.state = {
      invitationId: input.invitationId,
      meetingId: input.meetingId,
      meetingDate: input.meetingDate,
      status: 'invited',
      phoneStatus: null,
      phoneDueAt: null,
      phoneCalls: [],
      noticeSentAt: null,
      reminderAt: reminderInstant(input.meetingDate, input.policy.reminderHour),
      reminderSentAt: null,
      reply: null,
      leaveDecision: null,
      closedAt: null,
      history: [],
    };
  }

  async run(): Promise<InvitationWorkflowState> {
    const problems = validateInvitationPolicy(this.input.policy);
    if (problems.length > 0) {
      throw ApplicationFailure.create({ type: 'InvalidPolicy', message: problems.join('; '), nonRetryable: true });
    }
    this.registerHandlers();
    await this.lock.run(() => this.sendAdvanceNotice());
    while (this.state.closedAt === null) await this.superviseOnce();
    await condition(allHandlersFinished);
    return this.snapshot();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Notice 1: the advance notice with the materials; it opens notice 2, the phone-call task

  private async sendAdvanceNotice(): Promise<void> {
    const state = this.state;
    if (state.closedAt !== null) return; // cancelled before the first step ran
    const outcome = await sendInvitationNotice({
      invitationId: state.invitationId,
      stepKey: 'notice',
      kind: 'advance',
      data: {},
    });
    const now = nowIso();
    const [callDue] = await computeDeadlines({
      fromInstant: now,
      workingDays: [this.input.policy.phoneCallWorkingDays],
    });
    // The call confirms attendance, so it is due before the meeting day at the latest.
    const meetingStarts = startOfChinaDateIso(state.meetingDate);
    const phoneDueAt = Date.parse(callDue) < Date.parse(meetingStarts) ? callDue : meetingStarts;
    Object.assign(state, { status: 'notified', phoneStatus: 'pending', phoneDueAt, noticeSentAt: now });
    await this.record('notice', 'notice_sent', {
      patch: { phoneStatus: 'pending', phoneDueAt, noticeSentAt: now },
      data: { ...outcome, phoneDueAt },
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Timer steps: phone task overdue, notice 3 (the reminder the day before), the end of the meeting day

  private async superviseOnce(): Promise<void> {
    const seen = this.version;
    const next = this.plan()[0];
    const waitMs = Date.parse(next.at) - Date.now();
    if (waitMs > 0 && (await condition(() => this.version !== seen, waitMs))) return;
    await this.lock.run(async () => {
      if (this.version !== seen) return; // an update got the lock first: plan again
      this.fired.add(next.key);
      await next.run();
    });
  }

  private plan(): TimedStep[] {
    const state = this.state;
    const steps: TimedStep[] = [];
    const add = (at: string, key: string, run: () => Promise<void>): void => {
      if (!this.fired.has(key)) steps.push({ at, key, run });
    };
    const phoneOpen = state.phoneStatus === 'pending' || state.phoneStatus === 'not_reached';
    if (phoneOpen && state.phoneDueAt) add(state.phoneDueAt, 'phone-overdue', () => this.phoneOverdue());
    // No reminder for a deputy on leave, nor once the meeting day has begun (invited on the day itself).
    const meetingStarts = startOfChinaDateIso(state.meetingDate);
    if (state.reminderSentAt === null && state.status !== 'on_leave' && Date.now() < Date.parse(meetingStarts)) {
      add(state.reminderAt, 'reminder', () => this.remind());
    }
    add(endOfChinaDateIso(state.meetingDate), 'closed', () => this.close());
    return steps.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }

  private async phoneOverdue(): Promise<void> {
    await this.record('phone-overdue', 'phone_overdue', { patch: {}, data: { phoneDueAt: this.state.phoneDueAt } });
  }

  private async remind(): Promise<void> {
    const outcome = await this.notice('reminder', 'reminder', {});
    const at = nowIso();
    this.state.reminderSentAt = at;
    await this.record('reminder', 'reminder_sent', { patch: { reminderSentAt: at }, data: { ...outcome } });
  }

  private async close(): Promise<void> {
    const at = nowIso();
    this.state.closedAt = at;
    await this.record('closed', 'closed', { patch: { closedAt: at }, data: {} });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Updates and the query

  private registerHandlers(): void {
    const state = this.state;
    setHandler(getInvitationStateQuery, () => this.snapshot());

    this.onUpdate(
      invitationReplyUpdate,
      (input) => {
        this.assertOpen();
        if (!INVITATION_ANSWERS.includes(input.answer))
          reject('InvalidInput', 'answer must be attend or leave', 'answer');
        if (input.answer === 'leave' && !input.reason?.trim()) {
          reject('ReasonRequired', 'reason is required: a leave request must say why in writing', 'reason');
        }
      },
      async (input, stepKey) => {
        const at = nowIso();
        const reason = input.answer === 'leave' ? input.reason!.trim() : undefined;
        // Only an answer staff record for the deputy carries onBehalfOf: the same activities run either way, so the
        // command history of every reply (recorded histories included) is unchanged.
        const onBehalfOf = input.onBehalfOf ? { onBehalfOf: input.onBehalfOf } : {};
        state.reply = { answer: input.answer, ...(reason ? { reason } : {}), at, actor: input.actor, ...onBehalfOf };
        state.leaveDecision = null;
        state.status = input.answer === 'attend' ? 'attending' : 'leave_requested';
        await this.record(stepKey, 'replied', {
          actor: input.actor,
          patch: {
            reply: input.answer,
            leaveReason: reason ?? null,
            repliedAt: at,
            leaveDecision: null,
            leaveDecidedAt: null,
          },
          data: { answer: input.answer, ...(reason ? { reason } : {}), ...onBehalfOf },
        });
      },
    );

    this.onUpdate(
      recordCallUpdate,
      (input) => {
        this.assertOpen();
        if (input.outcome !== 'reached' && input.outcome !== 'not_reached') {
          reject('InvalidInput', 'outcome must be reached or not_reached', 'outcome');
        }
      },
      async (input, stepKey) => {
        const at = nowIso();
        const note = input.note?.trim() || undefined;
        state.phoneCalls.push({ outcome: input.outcome, ...(note ? { note } : {}), at, actor: input.actor });
        state.phoneStatus = input.outcome;
        await this.record(stepKey, 'phone_recorded', {
          actor: input.actor,
          patch: { phoneStatus: input.outcome, phoneNote: note ?? null, phoneCalledAt: at },
          data: { outcome: input.outcome, ...(note ? { note } : {}) },
        });
      },
    );

    this.onUpdate(
      decideLeaveUpdate,
      (input) => {
        this.assertOpen();
        if (state.status !== 'leave_requested') reject('NotAllowedNow', 'There is no leave request to decide');
        if (typeof input.approved !== 'boolean') reject('InvalidInput', 'approved must be true or false', 'approved');
      },
      async (input, stepKey) => {
        const at = nowIso();
        const note = input.note?.trim() || undefined;
        state.leaveDecision = { approved: input.approved, ...(note ? { note } : {}), at, actor: input.actor };
        state.status = input.approved ? 'on_leave' : 'leave_rejected';
        const data = { approved: input.approved, ...(note ? { note } : {}) };
        await this.notice(stepKey, 'leave_decided', data);
        await this.record(stepKey, 'leave_decided', {
          actor: input.actor,
          patch: { leaveDecision: input.approved ? 'approved' : 'rejected', leaveDecidedAt: at },
          data,
        });
      },
    );

    this.onUpdate(
      cancelInvitationUpdate,
      (input) => {
        this.assertOpen();
        if (!input.reason?.trim()) reject('ReasonRequired', 'reason is required to cancel', 'reason');
      },
      async (input, stepKey) => {
        const at = nowIso();
        const reason = input.reason.trim();
        await this.notice(stepKey, 'cancelled', { reason });
        state.status = 'cancelled';
        state.closedAt = at;
        await this.record(stepKey, 'cancelled', { actor: input.actor, patch: { closedAt: at }, data: { reason } });
      },
    );
  }

  private assertOpen(): void {
    if (this.state.closedAt !== null) {
      reject(
        'InvitationClosed',
        this.state.status === 'cancelled' ? 'The meeting was cancelled' : 'The meeting is over',
      );
    }
  }

  /** Registers an update on the step lock (see StepLock.handleUpdate), answering with this workflow's state. */
  private onUpdate<I>(
    definition: UpdateDefinition<InvitationWorkflowState, [I]>,
    check: (input: I) => void,
    apply: (input: I, stepKey: string) => Promise<void>,
  ): void {
    this.lock.handleUpdate(definition, check, apply, () => this.snapshot());
  }

  // -------------------------------------------------------------------------------------------------------------

  private async notice(
    stepKey: string,
    kind: InvitationNoticeKind,
    data: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const outcome = await sendInvitationNotice({ invitationId: this.state.invitationId, stepKey, kind, data });
    return { channel: outcome.channel, recipients: outcome.recipients };
  }

  private async record(
    stepKey: string,
    type: InvitationTransitionType,
    options: { actor?: Actor; patch: InvitationRowPatch; data: Record<string, unknown> },
  ): Promise<void> {
    const state = this.state;
    const at = nowIso();
    await recordInvitationTransition({
      invitationId: state.invitationId,
      stepKey,
      type,
      at,
      status: state.status,
      patch: options.patch,
      actor: options.actor,
      data: options.data,
    });
    state.history.push({ at, stepKey, type, status: state.status, ...(options.actor ? { actor: options.actor } : {}) });
    this.version += 1;
  }

  private snapshot(): InvitationWorkflowState {
    return JSON.parse(JSON.stringify(this.state)) as InvitationWorkflowState;
  }
}
