// Owns one voter issue from the liaison station to the department's reply and the deputy's rating: routing,
// assignment (交办), the reply deadline with its reminders and escalation (催办/督办), supervisors' actions,
// replies (with the follow-up a class B reply promises), the deputy's rating, second handlings, and closing.
//
// Two kinds of step change the issue, one at a time under a lock: update handlers (people acting through the API)
// and timer steps (reminders, overdue, escalation, missed follow-up, feedback window). Each step performs its side
// effects through activities, then records one transition under a deterministic step key, then publishes search
// attributes. The supervising loop only plans the next timer step and re-plans whenever a transition is recorded.
//
// Time: a command happened when the API received it (`receivedAt`), a deadline-driven step at its own instant. Lateness
// is judged on those instants (workflows/receipt.ts), and the two are applied in the order they happened: a step
// acts COMMAND_ADMISSION_MS after its instant, by when every command received before it has reached the workflow,
// and a command received after a step's instant waits until that step has acted. So how fast a worker is changes
// when things are recorded, never what is recorded (issue #11 defect 1, issue #21 item 5).
//
// Determinism: this code runs again on replay. Any change to what it does for issues already running must go behind
// `patched()` (see test/workflows/issue.replay.e2e-spec.ts, which replays recorded histories against this code).
import {
  ApplicationFailure,
  type RetryPolicy,
  allHandlersFinished,
  condition,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../libs/contracts/src/activity-liveness';
import { endOfChinaDateIso } from '../libs/contracts/src/china-date';
import {
  COMMAND_ADMISSION_MS,
  COMMAND_DEFERRAL_BOUND_MS,
  COMMAND_DEFERRAL_RECHECK_MS,
  acknowledgeUpdate,
  assignUpdate,
  coHandlerInputUpdate,
  extendUpdate,
  followUpReplyUpdate,
  getStateQuery,
  mergeIntoUpdate,
  rateUpdate,
  reassignUpdate,
  referUpwardUpdate,
  replyUpdate,
  sendBackUpdate,
  urgeUpdate,
  validateIssuePolicy,
  type Actor,
  type AssignmentReason,
  type EscalationLevelPolicy,
  type IssueActivities,
  type IssuePolicy,
  type IssueWorkflowInput,
  type IssueWorkflowState,
  type NotifyInput,
  type Received,
  type RecordedRating,
  type TransitionType,
} from '../libs/contracts/src/issue-workflow';
import {
  checkAcknowledge,
  checkAssign,
  checkCoHandlerInput,
  checkExtend,
  checkFollowUpReply,
  checkMergeInto,
  checkRate,
  checkReassign,
  checkReferUpward,
  checkReply,
  referralTargetLevel,
  checkSendBack,
  checkUrge,
} from './issue.rules';
import { DeadlineCalendar } from './deadline-calendar';
import { changedColumns, isHandling, rowOf, searchAttributesOf, type IssueRow } from './issue.projection';
import { DEFER_TO_PENDING_COMMANDS_PATCH, JUDGE_AT_RECEIPT_PATCH, checkReceivedAt, receivedAtOf } from './receipt';
import { StepLock } from './step-lock';

// Database and SMTP outages are waited out: retry without a limit, backing off to once every 10 s, so work resumes
// within about 10 s of the dependency returning. The worker heartbeats every running activity (HeartbeatInterceptor),
// so one whose worker died is retried elsewhere after ACTIVITY_HEARTBEAT_TIMEOUT instead of its start-to-close timeout.
// Activity options are not part of the commands' identity: changing them needs no patch (the replay tests say so).
const retry: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' };
const { routeIssue, computeDeadlines, recordTransition } = proxyActivities<IssueActivities>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry,
});
const { assignDepartments, notify } = proxyActivities<IssueActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry,
});

/**
 * Patch: the two read-only activities run as local activities, inside the workflow task, which spares two
 * round trips to the server per step (intake ran at a third of a bare workflow's rate without it). Histories
 * recorded before the patch keep scheduling them as ordinary activities on replay.
 */
export const LOCAL_READS_PATCH = 'local-read-activities';
const localReads = proxyLocalActivities<Pick<IssueActivities, 'routeIssue' | 'computeDeadlines'>>({
  startToCloseTimeout: '30 seconds',
  retry,
});
const reads = (): Pick<IssueActivities, 'routeIssue' | 'computeDeadlines'> =>
  patched(LOCAL_READS_PATCH) ? localReads : { routeIssue, computeDeadlines };
/**
 * A read as well (see DEFER_TO_PENDING_COMMANDS_PATCH), asked before every deadline step. An ordinary activity, not a
 * local one: it runs right when a timer fires, and a local activity is invisible to the server, which on the
 * time-skipping test server let time jump on while it ran (the workflow task timed out and was retried, over and over,
 * under load); an ordinary activity holds time still and shows in the workflow's pending activities.
 */
const { pendingCommands } = proxyActivities<Pick<IssueActivities, 'pendingCommands'>>({
  startToCloseTimeout: '10 seconds',
  retry,
});

/**
 * Patch: when the lead replies (final or class B), co-handlers that gave no input are released, recorded as
 * `co_handlers_released`, so no co-handler's inbox keeps the issue waiting for a sign-off that can no longer matter
 * (issue #11 defect 7a: the lead owns the reply and may give it without them).
 */
export const CO_HANDLERS_RELEASED_PATCH = 'co-handlers-released-on-reply';
/** Patch: a second handling mails the deputy, who is told the issue is handled again and by when (defect 7c). */
export const REHANDLING_NOTICE_PATCH = 'rehandling-notice';
/**
 * Patch: an update whose activity fails for good (a violated constraint: NonTransientDatabaseError) leaves the state
 * as last recorded. Handlers change the state before their activities run, so without this the query and the next
 * steps would show a change the records never got.
 */
export const RESTORE_ON_FAILED_STEP_PATCH = 'restore-state-on-failed-step';
/**
 * Patch: the `mergeInto` update (issue #15 item 4). Runs recorded before it never received one; the marker in a merged
 * run's history tells any later change to this step apart from it.
 */
export const MERGE_INTO_PATCH = 'merge-into';

export async function issueWorkflow(input: IssueWorkflowInput): Promise<IssueWorkflowState> {
  return await new IssueLifecycle(input).run();
}

/** What the lifecycle remembers beyond the timer plan: the state and the bookkeeping its steps keep with it. */
interface Memory {
  state: IssueWorkflowState;
  term: { number: number; startedAt: string; overdue: boolean };
  coHandlerDueKey: string | null;
  lastEscalationAt: string | null;
  followUpMissed: boolean;
  lastRow: IssueRow;
}

/** A step that fires at an instant unless a recorded transition makes the loop plan again first. */
interface TimedStep {
  at: string;
  key: string;
  run: () => Promise<void>;
}

interface AssignOptions {
  lead: string;
  coHandlers: string[];
  stepKey: string;
  type: 'assigned' | 'reassigned';
  via: AssignmentReason;
  actor?: Actor;
  note?: string;
  data?: Record<string, unknown>;
}

const nowIso = (): string => new Date().toISOString();
const later = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);

class IssueLifecycle {
  private readonly policy: IssuePolicy;
  private readonly state: IssueWorkflowState;
  private readonly lock = new StepLock();
  /** Bumped by every recorded transition; the supervising loop re-plans when it moves. */
  private version = 0;
  /** The deadline as (re)armed in this round: assignment, extension and reassignment each start a new term. */
  private term = { number: 0, startedAt: '', overdue: false };
  /** The step key of the co-handlers' deadline for the current assignment (it does not move with an extension). */
  private coHandlerDueKey: string | null = null;
  private lastEscalationAt: string | null = null;
  private followUpMissed = false;
  private readonly fired = new Set<string>();
  private readonly calendar = new DeadlineCalendar((input) => reads().computeDeadlines(input));
  private lastRow: IssueRow;
  private lastSearchAttributes = '';
  /** Whether this run judges at receipt (see JUDGE_AT_RECEIPT_PATCH); fixed at its start, so a run keeps one way. */
  private judgeAtReceipt = false;
  /** Whether deadline steps wait for commands received before them and still pending (DEFER_TO_PENDING_COMMANDS_PATCH). */
  private deferToPending = false;
  /** The pending commands the timer step holding the lock gave up waiting for (recorded with it); null: none. */
  private actedDespite: string[] | null = null;
  /** When the step holding the lock happened (a command's receipt, a timer step's instant); null: the workflow's time. */
  private clock: string | null = null;
  /** The timer steps as last planned; null while the loop plans again (a command waits then, see waitForEarlierSteps). */
  private planned: TimedStep[] | null = null;
  /** The memory as of the last recorded transition: what the records say, restored when an update's step fails. */
  private recorded: Memory;

  constructor(input: IssueWorkflowInput) {
    this.policy = input.policy;
    this.state = {
      issueId: input.issueId,
      urgency: input.urgency,
      status: 'received',
      round: 1,
      escalationLevel: 0,
      escalationBody: null,
      leadDepartmentId: null,
      coHandlerDepartmentIds: [],
      acknowledgedBy: [],
      coHandlerInputs: [],
      assignedAt: null,
      coHandlerDueAt: null,
      dueAt: null,
      followUpDueAt: null,
      feedbackDueAt: null,
      remindersSent: [],
      sendBacks: 0,
      urges: 0,
      extensions: 0,
      reply: null,
      followUpReply: null,
      rating: null,
      outcome: null,
      closedAt: null,
      history: [],
    };
    this.lastRow = rowOf(this.state); // the row as the API wrote it at intake
    this.recorded = this.memory();
  }

  async run(): Promise<IssueWorkflowState> {
    const problems = validateIssuePolicy(this.policy);
    if (problems.length > 0) {
      throw ApplicationFailure.create({ type: 'InvalidPolicy', message: problems.join('; '), nonRetryable: true });
    }
    this.judgeAtReceipt = patched(JUDGE_AT_RECEIPT_PATCH);
    this.deferToPending = patched(DEFER_TO_PENDING_COMMANDS_PATCH);
    this.registerHandlers();
    await this.lock.run(() => this.intake());
    while (this.state.status !== 'closed') await this.superviseOnce();
    this.planned = [];
    await condition(allHandlersFinished);
    return this.snapshot();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Intake and assignment

  private async intake(): Promise<void> {
    const decision = await reads().routeIssue({ issueId: this.state.issueId });
    if (decision) {
      const lead = decision.leadDepartmentId;
      await this.assign({
        lead,
        coHandlers: distinct(decision.coHandlerDepartmentIds.filter((id) => id !== lead)),
        stepKey: 'r1:assigned',
        type: 'assigned',
        via: 'routed',
        data: { ruleKey: decision.ruleKey ?? null },
      });
      return;
    }
    this.state.status = 'triage';
    await this.notify('intake:triage', 'triage_needed', [], { reason: 'no_rule' });
    await this.record('intake:triage', 'triage', { data: { reason: 'no_rule' } });
  }

  /** Gives the issue to departments with a fresh deadline counted from now (交办, 改办, second handling). */
  private async assign(options: AssignOptions): Promise<void> {
    const state = this.state;
    const now = this.now();
    const { replyWorkingDays, coHandlerWorkingDays } = this.policy;
    const hasCoHandlers = options.coHandlers.length > 0;
    const instants = await this.calendar.deadlines(
      now,
      hasCoHandlers ? [coHandlerWorkingDays, replyWorkingDays] : [replyWorkingDays],
    );
    const dueAt = instants[instants.length - 1];
    const coHandlerDueAt = hasCoHandlers ? instants[0] : null;
    await assignDepartments({
      issueId: state.issueId,
      stepKey: options.stepKey,
      round: state.round,
      reason: options.via,
      leadDepartmentId: options.lead,
      coHandlerDepartmentIds: options.coHandlers,
      dueAt,
      coHandlerDueAt,
      note: options.note,
      actor: options.actor,
    });
    const previous = { leadDepartmentId: state.leadDepartmentId, coHandlerDepartmentIds: state.coHandlerDepartmentIds };
    Object.assign(state, {
      leadDepartmentId: options.lead,
      coHandlerDepartmentIds: options.coHandlers,
      acknowledgedBy: [],
      coHandlerInputs: [],
      assignedAt: now,
      dueAt,
      coHandlerDueAt,
    } satisfies Partial<IssueWorkflowState>);
    this.startTerm(now);
    this.coHandlerDueKey = hasCoHandlers ? `${this.termKey()}:co-handler-due` : null;
    state.status = this.handlingStatus();
    await this.record(options.stepKey, options.type, {
      actor: options.actor,
      data: {
        via: options.via,
        leadDepartmentId: options.lead,
        coHandlerDepartmentIds: options.coHandlers,
        dueAt,
        coHandlerDueAt,
        ...(options.note ? { note: options.note } : {}),
        ...(options.type === 'reassigned' ? { previous } : {}),
        ...options.data,
      },
    });
  }

  private startTerm(now: string): void {
    this.term = { number: this.term.number + 1, startedAt: now, overdue: false };
  }

  private termKey(): string {
    return `r${this.state.round}:t${this.term.number}`;
  }

  /** The status while the lead department holds the issue. */
  private handlingStatus(): IssueWorkflowState['status'] {
    const state = this.state;
    if (state.escalationLevel > 0) return 'escalated';
    if (this.term.overdue) return 'overdue';
    if (state.leadDepartmentId && state.acknowledgedBy.includes(state.leadDepartmentId)) return 'acknowledged';
    return 'assigned';
  }

  // -------------------------------------------------------------------------------------------------------------
  // Supervision: the timer steps

  private async superviseOnce(): Promise<void> {
    const seen = this.version;
    this.planned = null;
    const steps = await this.plan();
    if (this.version !== seen) return; // something happened while the deadlines were computed
    this.planned = steps;
    const next = steps[0];
    if (!next) {
      await condition(() => this.version !== seen);
      return;
    }
    // Judging at receipt, the step waits for the commands received before its instant that are still on their way.
    const waitMs = Date.parse(next.at) + (this.judgeAtReceipt ? COMMAND_ADMISSION_MS : 0) - Date.now();
    if (waitMs > 0 && (await condition(() => this.version !== seen, waitMs))) return;
    const gaveUpOn = this.deferToPending ? await this.waitForPendingCommands(next, seen) : [];
    if (gaveUpOn === 'replan') return;
    await this.lock.run(async () => {
      if (this.version !== seen) return; // an update got the lock first: plan again
      this.fired.add(next.key);
      this.actedDespite = gaveUpOn.length > 0 ? gaveUpOn : null;
      try {
        await this.happenedAt(this.judgeAtReceipt ? next.at : null, () => next.run());
      } finally {
        this.actedDespite = null;
      }
    });
  }

  /**
   * Before a deadline step acts: waits for the commands received before its instant that the API saved but could not
   * deliver yet (the worker's receipt reconciler delivers them), so the step is judged after them. Answers 'replan'
   * when a transition was recorded meanwhile (the step may no longer be due), else the commands it stopped waiting
   * for after COMMAND_DEFERRAL_BOUND_MS (the step acts and records them). A command counts as come once its update
   * handler has finished, carried out or refused; one refused by the validator never reaches a handler, so the
   * receipts are asked again every COMMAND_DEFERRAL_RECHECK_MS (the refusal is recorded there).
   */
  private async waitForPendingCommands(step: TimedStep, seen: number): Promise<string[] | 'replan'> {
    const giveUpAt = Date.now() + COMMAND_DEFERRAL_BOUND_MS;
    const settled = this.lock.settledUpdates;
    for (;;) {
      const pending = await pendingCommands({ issueId: this.state.issueId, receivedBefore: step.at });
      if (this.version !== seen) return 'replan';
      const waiting = pending.filter((id) => !settled.has(id));
      if (waiting.length === 0) return [];
      const left = giveUpAt - Date.now();
      if (left <= 0) {
        log.warn('A deadline step acts while commands received before it are still undelivered', {
          step: step.key,
          at: step.at,
          pending: waiting,
        });
        return waiting;
      }
      const wait = Math.min(left, COMMAND_DEFERRAL_RECHECK_MS);
      await condition(() => this.version !== seen || waiting.every((id) => settled.has(id)), wait);
      if (this.version !== seen) return 'replan';
    }
  }

  /**
   * Judging at receipt, a command received at or after a timer step's instant waits until that step has acted (it
   * acts COMMAND_ADMISSION_MS late): a reply received after the deadline finds the issue overdue, a rating received
   * after the window closed finds it closed, as they would had every step run at its instant. Answers undefined when
   * there is nothing to wait for, so that the update takes the lock at once.
   */
  private waitForEarlierSteps(input: Received): Promise<void> | undefined {
    if (!this.judgeAtReceipt || input?.receivedAt === undefined) return undefined;
    const received = Date.parse(input.receivedAt);
    const earlierStepDue = (): boolean =>
      this.state.status !== 'closed' &&
      (this.planned === null ||
        this.planned.some((step) => !this.fired.has(step.key) && Date.parse(step.at) <= received));
    return earlierStepDue() ? condition(() => !earlierStepDue()) : undefined;
  }

  /**
   * Runs a step with `at` as the time it happened (null: the workflow's time when it runs). Without an instant it
   * adds no turn of its own, as in runs recorded before the patch.
   */
  private happenedAt(at: string | null, step: () => Promise<void>): Promise<void> {
    if (at === null) return step();
    this.clock = at;
    return step().finally(() => {
      this.clock = null;
    });
  }

  /** The time of the step holding the lock. */
  private now(): string {
    return this.clock ?? nowIso();
  }

  /** The timer steps still due in the current phase, earliest first. */
  private async plan(): Promise<TimedStep[]> {
    const state = this.state;
    const round = state.round;
    const steps: TimedStep[] = [];
    const add = (at: string, key: string, run: () => Promise<void>): void => {
      if (!this.fired.has(key)) steps.push({ at, key, run });
    };
    const next = this.policy.escalation[state.escalationLevel] as EscalationLevelPolicy | undefined;
    const escalationKey = (level: number) => `r${round}:escalation:${level}`;

    if (isHandling(state) && state.dueAt) {
      const dueAt = state.dueAt;
      const term = this.termKey();
      const coHandlerDueKey = this.coHandlerDueKey;
      if (coHandlerDueKey && state.coHandlerDueAt && this.missingCoHandlers().length > 0) {
        add(state.coHandlerDueAt, coHandlerDueKey, () => this.coHandlersDue(coHandlerDueKey));
      }
      // Reminders count back from the deadline; escalation counts on from the deadline or the last level reached.
      const reminders = distinct(this.policy.reminderWorkingDaysBefore).sort((a, b) => b - a);
      const anchor = this.lastEscalationAt ? later(dueAt, this.lastEscalationAt) : dueAt;
      const requests: Array<[string, number]> = reminders.map((days) => [dueAt, -days]);
      if (next && next.afterWorkingDays > 0) requests.push([anchor, next.afterWorkingDays]);
      const instants = await this.calendar.resolve(requests);
      reminders.forEach((days, index) => {
        if (Date.parse(instants[index]) > Date.parse(this.term.startedAt)) {
          add(instants[index], `${term}:reminder:${days}`, () => this.remind(days));
        }
      });
      add(dueAt, `${term}:overdue`, () => this.markOverdue());
      if (next) {
        const at = next.afterWorkingDays > 0 ? instants[reminders.length] : anchor;
        add(at, escalationKey(next.level), () => this.escalate(next, 'overdue', escalationKey(next.level), { at }));
      }
    } else if (state.status === 'follow_up' && state.followUpDueAt) {
      const dueAt = state.followUpDueAt;
      add(dueAt, `r${round}:follow-up-missed`, () => this.missFollowUp());
      if (this.followUpMissed && next) {
        const anchor = this.lastEscalationAt ? later(dueAt, this.lastEscalationAt) : dueAt;
        const at =
          next.afterWorkingDays > 0 ? (await this.calendar.deadlines(anchor, [next.afterWorkingDays]))[0] : anchor;
        const key = escalationKey(next.level);
        add(at, key, () => this.escalate(next, 'follow_up_missed', key, { at }));
      }
    } else if (state.status === 'awaiting_feedback' && state.feedbackDueAt) {
      add(state.feedbackDueAt, `r${round}:feedback-expired`, () => this.expireFeedback());
    }
    return steps.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)); // stable: overdue before a same-time level
  }

  private missingCoHandlers(): string[] {
    const given = new Set(this.state.coHandlerInputs.map((input) => input.departmentId));
    return this.state.coHandlerDepartmentIds.filter((id) => !given.has(id));
  }

  private async coHandlersDue(key: string): Promise<void> {
    const missing = this.missingCoHandlers();
    await this.notify(key, 'co_handler_due', missing, { coHandlerDueAt: this.state.coHandlerDueAt });
    await this.record(key, 'co_handler_overdue', { data: { departmentIds: missing } });
  }

  private async remind(workingDaysBefore: number): Promise<void> {
    const state = this.state;
    const key = `${this.termKey()}:reminder:${workingDaysBefore}`;
    state.remindersSent.push({ round: state.round, workingDaysBefore, dueAt: state.dueAt!, at: this.now() });
    await this.notify(key, 'reminder', [state.leadDepartmentId!], { workingDaysBefore });
    await this.record(key, 'reminder', { data: { workingDaysBefore, dueAt: state.dueAt } });
  }

  private async markOverdue(): Promise<void> {
    const key = `${this.termKey()}:overdue`;
    this.term.overdue = true;
    this.state.status = this.handlingStatus();
    await this.notify(key, 'overdue', [this.state.leadDepartmentId!], {});
    await this.record(key, 'overdue', { data: { dueAt: this.state.dueAt } });
  }

  /**
   * Raises the issue to a supervising body: by its timer, after a missed follow-up, or referred by a supervisor.
   * The next level counts from `at`: a timer step's planned instant (the end of a working day, not the moment the
   * step ran, which may fall just after midnight), else now.
   */
  private async escalate(
    level: EscalationLevelPolicy,
    trigger: 'overdue' | 'follow_up_missed' | 'referred',
    stepKey: string,
    options: { at?: string; actor?: Actor; reason?: string } = {},
  ): Promise<void> {
    const state = this.state;
    const { actor, reason } = options;
    const body = { level: level.level, key: level.key, name: level.name };
    state.escalationLevel = level.level;
    state.escalationBody = body;
    this.lastEscalationAt = options.at ?? this.now();
    if (isHandling(state)) state.status = this.handlingStatus();
    const data = { ...body, trigger, ...(reason ? { reason } : {}) };
    await notify({
      issueId: state.issueId,
      stepKey,
      kind: 'escalation',
      round: state.round,
      departmentIds: state.leadDepartmentId ? [state.leadDepartmentId] : [],
      dueAt: state.dueAt,
      escalation: body,
      data,
    });
    await this.record(stepKey, 'escalated', { actor, data });
  }

  private async missFollowUp(): Promise<void> {
    const state = this.state;
    const key = `r${state.round}:follow-up-missed`;
    this.followUpMissed = true;
    await this.notify(key, 'follow_up_missed', [state.leadDepartmentId!], {
      promisedDate: state.reply?.promisedDate ?? null,
    });
    await this.record(key, 'follow_up_missed', {
      data: { promisedDate: state.reply?.promisedDate ?? null, followUpDueAt: state.followUpDueAt },
    });
    const next = this.policy.escalation[state.escalationLevel];
    if (next) {
      await this.escalate(next, 'follow_up_missed', `r${state.round}:escalation:${next.level}`, {
        at: state.followUpDueAt ?? undefined,
      });
    }
  }

  private async expireFeedback(): Promise<void> {
    const state = this.state;
    const key = `r${state.round}:feedback-expired`;
    state.rating = { rating: 'not_rated', round: state.round, at: this.now() };
    await this.record(key, 'not_rated', { data: { feedbackDueAt: state.feedbackDueAt } });
    await this.close('not_rated');
  }

  private async close(outcome: RecordedRating): Promise<void> {
    const state = this.state;
    state.status = 'closed';
    state.outcome = outcome;
    state.closedAt = this.now();
    await this.notify('closed', 'closed', state.leadDepartmentId ? [state.leadDepartmentId] : [], { outcome });
    await this.record('closed', 'closed', { data: { outcome, round: state.round } });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Updates and the query

  private registerHandlers(): void {
    const state = this.state;
    const policy = this.policy;
    setHandler(getStateQuery, () => this.snapshot());

    this.onUpdate(
      assignUpdate,
      (input) => checkAssign(state, input),
      (input, stepKey) =>
        this.assign({
          lead: input.leadDepartmentId,
          coHandlers: input.coHandlerDepartmentIds ?? [],
          stepKey,
          type: 'assigned',
          via: 'triage',
          actor: input.actor,
          note: input.note,
        }),
    );

    this.onUpdate(
      acknowledgeUpdate,
      (input) => checkAcknowledge(state, input),
      async (input, stepKey) => {
        state.acknowledgedBy.push(input.departmentId);
        state.status = this.handlingStatus();
        await this.record(stepKey, 'acknowledged', { actor: input.actor, data: { departmentId: input.departmentId } });
      },
    );

    this.onUpdate(
      sendBackUpdate,
      (input) => checkSendBack(state, input),
      async (input, stepKey) => {
        state.sendBacks += 1;
        Object.assign(state, {
          status: 'triage',
          leadDepartmentId: null,
          coHandlerDepartmentIds: [],
          acknowledgedBy: [],
          coHandlerInputs: [],
          assignedAt: null,
          dueAt: null,
          coHandlerDueAt: null,
        } satisfies Partial<IssueWorkflowState>);
        this.coHandlerDueKey = null;
        const data = { departmentId: input.departmentId, reason: input.reason, sendBacks: state.sendBacks };
        await this.notify(stepKey, 'triage_needed', [], { ...data, via: 'sent_back' });
        await this.record(stepKey, 'sent_back', { actor: input.actor, data });
      },
    );

    this.onUpdate(
      coHandlerInputUpdate,
      (input) => checkCoHandlerInput(state, input),
      async (input, stepKey) => {
        const at = this.now();
        state.coHandlerInputs.push({ departmentId: input.departmentId, text: input.text, at, actor: input.actor });
        await this.record(stepKey, 'co_handler_input', {
          actor: input.actor,
          data: { departmentId: input.departmentId, text: input.text },
        });
      },
    );

    this.onUpdate(
      urgeUpdate,
      (input) => checkUrge(state, input),
      async (input, stepKey) => {
        state.urges += 1;
        await this.notify(stepKey, 'urge', [state.leadDepartmentId!], { note: input.note });
        await this.record(stepKey, 'urged', { actor: input.actor, data: { note: input.note } });
      },
    );

    this.onUpdate(
      extendUpdate,
      (input) => checkExtend(state, input),
      async (input, stepKey) => {
        const previousDueAt = state.dueAt!;
        const dueAt = input.extraWorkingDays
          ? (await this.calendar.deadlines(previousDueAt, [input.extraWorkingDays]))[0]
          : endOfChinaDateIso(input.newDueDate!);
        state.dueAt = dueAt;
        state.extensions += 1;
        this.startTerm(this.now());
        state.status = this.handlingStatus();
        const data = {
          previousDueAt,
          dueAt,
          reason: input.reason,
          ...(input.extraWorkingDays ? { extraWorkingDays: input.extraWorkingDays } : { newDueDate: input.newDueDate }),
        };
        await this.notify(stepKey, 'extension', [state.leadDepartmentId!], data);
        await this.record(stepKey, 'extended', { actor: input.actor, data });
      },
    );

    this.onUpdate(
      reassignUpdate,
      (input) => checkReassign(state, input),
      (input, stepKey) =>
        this.assign({
          lead: input.leadDepartmentId,
          coHandlers: input.coHandlerDepartmentIds ?? [],
          stepKey,
          type: 'reassigned',
          via: 'reassigned',
          actor: input.actor,
          data: { reason: input.reason },
        }),
    );

    this.onUpdate(
      referUpwardUpdate,
      (input) => checkReferUpward(state, policy, input),
      async (input, stepKey) => {
        // The level above the referrer's own body, or above the current level if higher (defect 7e). Inputs without
        // a referrer level (sent before it existed) go one level up, as they always did.
        const level = referralTargetLevel(state, input);
        await this.escalate(policy.escalation[level - 1], 'referred', stepKey, {
          actor: input.actor,
          reason: input.reason,
        });
      },
    );

    this.onUpdate(
      replyUpdate,
      // Runs started before the patch judge at the workflow's time, as they did when their histories were written.
      (input) =>
        checkReply(
          state,
          policy,
          input,
          this.judgeAtReceipt ? Date.parse(receivedAtOf(input, Date.now())) : Date.now(),
        ),
      async (input, stepKey) => {
        const reply = {
          departmentId: input.departmentId,
          replyClass: input.replyClass,
          text: input.text,
          ...(input.replyClass === 'B' ? { promisedDate: input.promisedDate } : {}),
          requestId: input.requestId,
          round: state.round,
          at: this.now(),
          actor: input.actor,
        };
        const data = { replyClass: reply.replyClass, text: reply.text, requestId: reply.requestId };
        const onTime = Date.parse(reply.at) <= Date.parse(state.dueAt!);
        if (input.replyClass !== 'B') {
          state.reply = reply;
          await this.requestFeedback(stepKey, 'replied', input.actor, data, onTime);
          await this.releaseCoHandlers();
          return;
        }
        const endOfPromisedDate = endOfChinaDateIso(input.promisedDate!);
        const grace = policy.followUpGraceWorkingDays;
        const followUpDueAt =
          grace > 0 ? (await this.calendar.deadlines(endOfPromisedDate, [grace]))[0] : endOfPromisedDate;
        Object.assign(state, { reply, followUpDueAt, status: 'follow_up' } satisfies Partial<IssueWorkflowState>);
        const interim = { ...data, promisedDate: input.promisedDate, followUpDueAt };
        await this.notify(stepKey, 'interim_reply', [], interim);
        await this.record(stepKey, 'replied', { actor: input.actor, data: interim, onTime });
        await this.releaseCoHandlers();
      },
    );

    this.onUpdate(
      followUpReplyUpdate,
      (input) => checkFollowUpReply(state, policy, input),
      async (input, stepKey) => {
        const at = this.now();
        state.followUpReply = {
          departmentId: input.departmentId,
          replyClass: input.replyClass,
          text: input.text,
          requestId: input.requestId,
          round: state.round,
          at,
          actor: input.actor,
        };
        const data = { replyClass: input.replyClass, text: input.text, requestId: input.requestId };
        // The promised result is on time when it comes by the follow-up deadline (the promised date, grace included).
        const onTime = !state.followUpDueAt || Date.parse(at) <= Date.parse(state.followUpDueAt);
        await this.requestFeedback(stepKey, 'follow_up_replied', input.actor, data, onTime);
      },
    );

    this.onUpdate(
      rateUpdate,
      (input) => checkRate(state, input),
      async (input, stepKey) => {
        const comment = typeof input.comment === 'string' && input.comment.trim() ? input.comment : undefined;
        state.rating = {
          rating: input.rating,
          ...(comment ? { comment } : {}),
          round: state.round,
          at: this.now(),
          actor: input.actor,
        };
        await this.record(stepKey, 'rated', { actor: input.actor, data: { rating: input.rating, comment } });
        if (input.rating === 'unsatisfied' && state.round <= policy.maxRehandlings) await this.startSecondHandling();
        else await this.close(input.rating);
      },
    );

    this.onUpdate(
      mergeIntoUpdate,
      (input) => checkMergeInto(state, input),
      async (input, stepKey) => {
        patched(MERGE_INTO_PATCH);
        // The target's handling stands for this one: its departments are released (the `merged` step ends their
        // assignments), its timers go with the run, and the deputy and departments hear where it went.
        const target = { targetIssueId: input.targetIssueId, targetNumber: input.targetNumber };
        const reason = typeof input.reason === 'string' && input.reason.trim() ? input.reason : undefined;
        const lead = state.leadDepartmentId;
        Object.assign(state, {
          status: 'closed',
          outcome: 'merged',
          closedAt: this.now(),
          mergedIntoIssueId: input.targetIssueId,
        } satisfies Partial<IssueWorkflowState>);
        const departments = lead ? distinct([lead, ...state.coHandlerDepartmentIds]) : [];
        await this.notify(stepKey, 'merged', departments, { ...target, ...(reason ? { reason } : {}) });
        await this.record(stepKey, 'merged', {
          actor: input.actor,
          data: { ...target, ...(reason ? { reason } : {}), round: state.round },
        });
      },
    );
  }

  /**
   * Registers an update on the step lock (see StepLock.handleUpdate), answering with this workflow's state. The
   * update happened when the API received it: its stamp is checked with the rules, it waits for the timer steps due
   * before it, and its step runs at that instant.
   */
  private onUpdate<I extends Received>(
    definition: UpdateDefinition<IssueWorkflowState, [I]>,
    check: (input: I) => void,
    apply: (input: I, stepKey: string) => Promise<void>,
  ): void {
    this.lock.handleUpdate(
      definition,
      (input) => {
        check(input);
        checkReceivedAt(input, Date.now());
      },
      (input, stepKey) =>
        this.happenedAt(this.judgeAtReceipt ? (input.receivedAt ?? null) : null, () =>
          this.restoringOnFailure(() => apply(input, stepKey)),
        ),
      () => this.snapshot(),
      (input) => this.waitForEarlierSteps(input),
    );
  }

  /**
   * Runs an update's step; if it fails (an activity failed for good), the memory goes back to the last recorded
   * transition, so the state never shows what the records do not hold. Transitions the step recorded before it failed
   * stay, as they do in PostgreSQL. Deterministic: the failure is in the history, and so is the patch marker.
   */
  private async restoringOnFailure(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      if (patched(RESTORE_ON_FAILED_STEP_PATCH)) this.restore(this.recorded);
      throw error;
    }
  }

  private memory(): Memory {
    return JSON.parse(
      JSON.stringify({
        state: this.state,
        term: this.term,
        coHandlerDueKey: this.coHandlerDueKey,
        lastEscalationAt: this.lastEscalationAt,
        followUpMissed: this.followUpMissed,
        lastRow: this.lastRow,
      } satisfies Memory),
    ) as Memory;
  }

  private restore(memory: Memory): void {
    const copy = JSON.parse(JSON.stringify(memory)) as Memory;
    // The state object itself is kept (handlers hold it): its fields are put back, and any added since removed.
    for (const key of Object.keys(this.state)) delete (this.state as unknown as Record<string, unknown>)[key];
    Object.assign(this.state, copy.state);
    this.term = copy.term;
    this.coHandlerDueKey = copy.coHandlerDueKey;
    this.lastEscalationAt = copy.lastEscalationAt;
    this.followUpMissed = copy.followUpMissed;
    this.lastRow = copy.lastRow;
  }

  /** A final reply is in: ask the deputy to rate it within the feedback window. */
  private async requestFeedback(
    stepKey: string,
    type: 'replied' | 'follow_up_replied',
    actor: Actor,
    data: Record<string, unknown>,
    onTime: boolean,
  ): Promise<void> {
    const [feedbackDueAt] = await this.calendar.deadlines(this.now(), [this.policy.feedbackWorkingDays]);
    Object.assign(this.state, { status: 'awaiting_feedback', feedbackDueAt } satisfies Partial<IssueWorkflowState>);
    await this.notify(stepKey, 'feedback_requested', [], { ...data, feedbackDueAt });
    await this.record(stepKey, type, { actor, data: { ...data, feedbackDueAt }, onTime });
  }

  /**
   * The lead has replied: the co-handlers that gave no input are done with the issue (they can no longer give it, as
   * input is taken only while a department holds the issue). Runs from before the patch leave them as they were.
   */
  private async releaseCoHandlers(): Promise<void> {
    const missing = this.missingCoHandlers();
    if (missing.length === 0 || !patched(CO_HANDLERS_RELEASED_PATCH)) return;
    await this.record(`r${this.state.round}:co-handlers-released`, 'co_handlers_released', {
      data: { departmentIds: missing, reason: 'lead_replied_without_input' },
    });
  }

  /** An unsatisfied rating with re-handlings left: the same departments handle it again, on a fresh clock. */
  private async startSecondHandling(): Promise<void> {
    const state = this.state;
    Object.assign(state, {
      round: state.round + 1,
      escalationLevel: 0,
      escalationBody: null,
      reply: null,
      followUpReply: null,
      followUpDueAt: null,
      feedbackDueAt: null,
    } satisfies Partial<IssueWorkflowState>);
    this.term = { number: 0, startedAt: '', overdue: false };
    this.lastEscalationAt = null;
    this.followUpMissed = false;
    await this.assign({
      lead: state.leadDepartmentId!,
      coHandlers: state.coHandlerDepartmentIds,
      stepKey: `r${state.round}:assigned`,
      type: 'assigned',
      via: 'rehandling',
      data: { previousRating: 'unsatisfied' },
    });
    // The deputy who rated it unsatisfied hears that it is handled again, and the new deadline.
    if (patched(REHANDLING_NOTICE_PATCH)) {
      await this.notify(`r${state.round}:assigned`, 'rehandling', [], { round: state.round, dueAt: state.dueAt });
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Effects shared by every step

  private async notify(
    stepKey: string,
    kind: NotifyInput['kind'],
    departmentIds: string[],
    data: Record<string, unknown>,
  ): Promise<void> {
    const state = this.state;
    await notify({
      issueId: state.issueId,
      stepKey,
      kind,
      round: state.round,
      departmentIds,
      dueAt: state.dueAt,
      data,
    });
  }

  /** Records the transition (event + changed row columns) and keeps the search attributes current. */
  private async record(
    stepKey: string,
    type: TransitionType,
    options: { actor?: Actor; data?: Record<string, unknown>; onTime?: boolean } = {},
  ): Promise<void> {
    const state = this.state;
    const at = this.now();
    const row = rowOf(state);
    const data = options.data ?? {};
    await recordTransition({
      issueId: state.issueId,
      stepKey,
      type,
      at,
      ...(options.onTime !== undefined ? { onTime: options.onTime } : {}),
      status: state.status,
      patch: changedColumns(this.lastRow, row),
      actor: options.actor,
      data: this.actedDespite ? { ...data, actedDespitePendingCommands: this.actedDespite } : data,
    });
    this.lastRow = row;
    state.history.push({
      at,
      stepKey,
      type,
      round: state.round,
      status: state.status,
      ...(options.actor ? { actor: options.actor } : {}),
    });
    this.version += 1;
    this.publishSearchAttributes();
    this.recorded = this.memory();
  }

  private publishSearchAttributes(): void {
    const pairs = searchAttributesOf(this.state);
    const signature = JSON.stringify(pairs.map((pair) => pair.value));
    if (signature === this.lastSearchAttributes) return;
    this.lastSearchAttributes = signature;
    upsertSearchAttributes(pairs);
  }

  private snapshot(): IssueWorkflowState {
    return JSON.parse(JSON.stringify(this.state)) as IssueWorkflowState;
  }
}

function distinct<T>(values: T[]): T[] {
  return [...new Set(values)];
}
