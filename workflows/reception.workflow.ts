// Owns a station's reception days (接待日). The station's Temporal Schedule runs `receptionScheduleWorkflow` on each
// nominal date of its rule (and once when the plan is set); each tick opens the reception days of the next few weeks
// as `receptionDayWorkflow` children, one per (station, nominal date), so a second tick starts nothing twice.
//
// A reception day: open the row (the day moves to the next working day when the rule's date is not one), remind the
// deputies on duty and the liaison officer a few working days before, and after the day wait for the liaison officer
// to record it (or mark it not held); a missing record is reminded, then noted overdue. Steps change the state one at
// a time under a lock and each records one transition under a deterministic step key.
//
// Determinism: this code runs again on replay. A change to what it does for days already open goes behind
// `patched()` (see test/workflows/reception.replay.e2e-spec.ts, which replays recorded histories).
import {
  ApplicationFailure,
  type RetryPolicy,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, type UpdateDefinition } from '@temporalio/common';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../libs/contracts/src/activity-liveness';
import { chinaDateOf } from '../libs/contracts/src/china-date';
import { rejectionDetails } from '../libs/contracts/src/workflow-rejection';
import type { Actor } from '../libs/contracts/src/issue-workflow';
import {
  OPEN_RECEPTION_STATUSES,
  RECEPTION_DAY_WORKFLOW_TYPE,
  addCalendarDays,
  cancelReceptionUpdate,
  getReceptionStateQuery,
  markNotHeldUpdate,
  nominalDatesBetween,
  parseReceptionRule,
  RECEPTION_MOVE_LOOKBACK_DAYS,
  receptionDayWorkflowId,
  recordReceptionUpdate,
  validateReceptionPolicy,
  type ReceptionActivities,
  type ReceptionDayInput,
  type ReceptionDayState,
  type ReceptionNoticeKind,
  type ReceptionScheduleInput,
  type ReceptionStatus,
  type ReceptionTransitionType,
  type ReceptionUpdateRejection,
  type RecordReceptionInput,
} from '../libs/contracts/src/reception-workflow';
import { StepLock } from './step-lock';

// Database and SMTP outages are waited out: retry without a limit, backing off to once every 10 s; a dead worker's
// activity is retried elsewhere after ACTIVITY_HEARTBEAT_TIMEOUT (see the issue workflow).
const retry: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' };
const { heldOnDates, openReception, recordReceptionTransition } = proxyActivities<ReceptionActivities>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry,
});
const { sendReceptionNotice } = proxyActivities<ReceptionActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry,
});

const MAX_TEXT = 2000;
const MAX_VOTERS = 100_000;
const MAX_ISSUES = 50;

/** A schedule tick: opens the station's reception days from today to `lookaheadDays` ahead. Returns the dates started. */
export async function receptionScheduleWorkflow(input: ReceptionScheduleInput): Promise<string[]> {
  const rule = parseReceptionRule(input.rule);
  const problems = validateReceptionPolicy(input.policy);
  if (!rule || problems.length > 0) {
    const message = rule ? problems.join('; ') : `Not a reception rule: ${input.rule}`;
    throw ApplicationFailure.create({ type: 'InvalidPlan', message, nonRetryable: true });
  }
  const today = chinaDateOf(Date.now());
  const to = addCalendarDays(today, input.policy.lookaheadDays);
  // A rule date that has passed can still have its day ahead: 筻口镇's Saturday 2026-12-05 is held on Monday 12-07,
  // and a plan set on Sunday 12-06 must open it. Look back as far as days off can move a day, and open those of the
  // passed dates that are held today or later.
  const lookback = patched('reception-open-moved-days') ? RECEPTION_MOVE_LOOKBACK_DAYS : 0;
  const dates = nominalDatesBetween(rule, addCalendarDays(today, -lookback), to);
  const passed = dates.filter((date) => date < today);
  const heldOn = passed.length > 0 ? await heldOnDates({ nominalDates: passed }) : {};
  const started: string[] = [];
  for (const nominalDate of dates) {
    if (nominalDate < today && (heldOn[nominalDate] ?? nominalDate) < today) continue;
    try {
      await startChild(RECEPTION_DAY_WORKFLOW_TYPE, {
        workflowId: receptionDayWorkflowId(input.stationId, nominalDate),
        args: [{ stationId: input.stationId, nominalDate, policy: input.policy } satisfies ReceptionDayInput],
        // The day outlives the tick; a finished day is never run again.
        parentClosePolicy: 'ABANDON',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      started.push(nominalDate);
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) continue; // opened by an earlier tick
      throw error;
    }
  }
  return started;
}

export async function receptionDayWorkflow(input: ReceptionDayInput): Promise<ReceptionDayState> {
  return await new ReceptionDay(input).run();
}

interface TimedStep {
  at: string;
  key: string;
  run: () => Promise<void>;
}

const nowIso = (): string => new Date().toISOString();

class ReceptionDay {
  private readonly state: ReceptionDayState;
  private readonly lock = new StepLock();

  constructor(private readonly input: ReceptionDayInput) {
    this.state = {
      stationId: input.stationId,
      nominalDate: input.nominalDate,
      receptionId: null,
      heldOn: null,
      moved: false,
      status: 'scheduled',
      remindAt: null,
      dayEndsAt: null,
      recordDueAt: null,
      overdueAt: null,
      record: null,
      notHeld: null,
      cancelled: null,
      history: [],
    };
  }

  async run(): Promise<ReceptionDayState> {
    const problems = validateReceptionPolicy(this.input.policy);
    if (problems.length > 0) {
      throw ApplicationFailure.create({ type: 'InvalidPolicy', message: problems.join('; '), nonRetryable: true });
    }
    this.registerHandlers();
    await this.lock.run(() => this.open());
    for (const step of this.timedSteps()) {
      if (this.closed()) break;
      const waitMs = Date.parse(step.at) - Date.now();
      if (waitMs > 0) await condition(() => this.closed(), waitMs);
      await this.lock.run(async () => {
        if (!this.closed()) await step.run();
      });
    }
    await condition(() => this.closed());
    await condition(allHandlersFinished);
    return this.snapshot();
  }

  private async open(): Promise<void> {
    const { stationId, nominalDate, policy } = this.input;
    const opened = await openReception({
      stationId,
      nominalDate,
      policy,
      workflowId: receptionDayWorkflowId(stationId, nominalDate),
    });
    Object.assign(this.state, {
      receptionId: opened.receptionId,
      heldOn: opened.heldOn,
      moved: opened.moved,
      remindAt: opened.remindAt,
      dayEndsAt: opened.dayEndsAt,
      recordDueAt: opened.recordDueAt,
      overdueAt: opened.overdueAt,
      status: opened.status,
    } satisfies Partial<ReceptionDayState>);
    this.state.history.push({ at: nowIso(), stepKey: 'scheduled', type: 'scheduled', status: opened.status });
  }

  private timedSteps(): TimedStep[] {
    const state = this.state;
    return [
      { at: state.remindAt!, key: 'reminder', run: () => this.remind() },
      { at: state.dayEndsAt!, key: 'day-passed', run: () => this.dayPassed() },
      { at: state.recordDueAt!, key: 'record-reminder', run: () => this.remindToRecord() },
      { at: state.overdueAt!, key: 'overdue', run: () => this.markOverdue() },
    ];
  }

  /** The reminder before the day; a day opened after it ended (a late plan) gets none. */
  private async remind(): Promise<void> {
    if (Date.now() > Date.parse(this.state.dayEndsAt!)) return;
    await this.notice('reminder', 'reminder');
    await this.transition('reminder', 'reminded', 'reminded', { heldOn: this.state.heldOn });
  }

  private async dayPassed(): Promise<void> {
    await this.transition('day-passed', 'day_passed', 'awaiting_record', { recordDueAt: this.state.recordDueAt });
  }

  private async remindToRecord(): Promise<void> {
    await this.notice('record-reminder', 'record_reminder');
    await this.transition('record-reminder', 'record_reminder', 'awaiting_record', {
      recordDueAt: this.state.recordDueAt,
    });
  }

  private async markOverdue(): Promise<void> {
    await this.notice('overdue', 'overdue');
    await this.transition('overdue', 'overdue', 'overdue', { overdueAt: this.state.overdueAt });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Updates and the query

  private registerHandlers(): void {
    const state = this.state;
    setHandler(getReceptionStateQuery, () => this.snapshot());

    this.onUpdate(
      recordReceptionUpdate,
      (input) => this.checkRecord(input),
      async (input, stepKey) => {
        const at = nowIso();
        state.record = {
          votersReceived: input.votersReceived,
          notes: input.notes.trim(),
          presentDeputyIds: [...new Set(input.presentDeputyIds)],
          issueIds: [...new Set(input.issueIds)],
          at,
          actor: input.actor,
        };
        const { votersReceived, notes, presentDeputyIds, issueIds } = state.record;
        await this.transition(
          stepKey,
          'recorded',
          'held',
          { votersReceived, notes, presentDeputyIds, issueIds },
          input.actor,
        );
      },
    );

    this.onUpdate(
      markNotHeldUpdate,
      (input) => {
        this.checkOpen();
        checkText(input.reason, 'reason');
      },
      async (input, stepKey) => {
        const reason = input.reason.trim();
        state.notHeld = { reason, at: nowIso(), actor: input.actor };
        await this.transition(stepKey, 'not_held', 'not_held', { reason }, input.actor);
      },
    );

    this.onUpdate(
      cancelReceptionUpdate,
      (input) => {
        this.checkOpen();
        checkText(input.reason, 'reason');
      },
      async (input, stepKey) => {
        const reason = input.reason.trim();
        state.cancelled = { reason, at: nowIso(), actor: input.actor };
        await this.transition(stepKey, 'cancelled', 'cancelled', { reason }, input.actor);
      },
    );
  }

  private checkOpen(): void {
    if (!this.state.receptionId) reject('ReceptionNotOpen', 'The reception day is still being opened: try again');
    if (!OPEN_RECEPTION_STATUSES.includes(this.state.status)) {
      reject('ReceptionClosed', `The reception day is already ${this.state.status}`);
    }
  }

  private checkRecord(input: RecordReceptionInput): void {
    this.checkOpen();
    if (chinaDateOf(Date.now()) < this.state.heldOn!) {
      reject('NotYetHeld', `The reception is held on ${this.state.heldOn}: record it from that day on`);
    }
    if (!Number.isInteger(input.votersReceived) || input.votersReceived < 0 || input.votersReceived > MAX_VOTERS) {
      reject('InvalidInput', `votersReceived must be a whole number from 0 to ${MAX_VOTERS}`, 'votersReceived');
    }
    if (typeof input.notes !== 'string' || input.notes.length > MAX_TEXT) {
      reject('InvalidInput', `notes must be text of at most ${MAX_TEXT} characters`, 'notes');
    }
    const ids = (list: unknown) => Array.isArray(list) && list.every((id) => typeof id === 'string' && id.length > 0);
    if (!ids(input.presentDeputyIds))
      reject('InvalidInput', 'presentDeputyIds must be a list of ids', 'presentDeputyIds');
    if (!ids(input.issueIds) || input.issueIds.length > MAX_ISSUES) {
      reject('InvalidInput', `issueIds must be a list of at most ${MAX_ISSUES} ids`, 'issueIds');
    }
  }

  /** Registers an update on the step lock (see StepLock.handleUpdate), answering with this workflow's state. */
  private onUpdate<I>(
    definition: UpdateDefinition<ReceptionDayState, [I]>,
    check: (input: I) => void,
    apply: (input: I, stepKey: string) => Promise<void>,
  ): void {
    this.lock.handleUpdate(definition, check, apply, () => this.snapshot());
  }

  // -------------------------------------------------------------------------------------------------------------

  private closed(): boolean {
    return !OPEN_RECEPTION_STATUSES.includes(this.state.status);
  }

  private async notice(stepKey: string, kind: ReceptionNoticeKind): Promise<void> {
    await sendReceptionNotice({ receptionId: this.state.receptionId!, stepKey, kind });
  }

  private async transition(
    stepKey: string,
    type: ReceptionTransitionType,
    status: ReceptionStatus,
    data: Record<string, unknown>,
    actor?: Actor,
  ): Promise<void> {
    const at = nowIso();
    this.state.status = status;
    await recordReceptionTransition({
      receptionId: this.state.receptionId!,
      stepKey,
      type,
      at,
      status,
      ...(actor ? { actor } : {}),
      data,
    });
    this.state.history.push({ at, stepKey, type, status, ...(actor ? { actor } : {}) });
  }

  private snapshot(): ReceptionDayState {
    return JSON.parse(JSON.stringify(this.state)) as ReceptionDayState;
  }
}

function checkText(value: unknown, field: string): void {
  if (typeof value !== 'string' || !value.trim() || value.length > MAX_TEXT) {
    reject('InvalidInput', `${field} must be non-empty text of at most ${MAX_TEXT} characters`, field);
  }
}

/** Refuses an update; `field` names the input at fault, in the failure's details, for the API to name in turn. */
function reject(type: ReceptionUpdateRejection, message: string, field?: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true, details: rejectionDetails(field) });
}
