// One time-skipping Temporal test server, one workflow bundle and one worker per test file, with in-memory
// activities, plus the moves a workflow test needs: start an issue, skip time to an instant, wait for a step.
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  COMMAND_ADMISSION_MS,
  ISSUE_WORKFLOW_TYPE,
  SEARCH_ATTRIBUTES,
  defaultIssuePolicy,
  getStateQuery,
  issueWorkflowId,
  type IssuePolicy,
  type IssueUrgency,
  type IssueWorkflowState,
  type RouteDecision,
} from '@app/contracts';
import type { issueWorkflow } from '../../../workflows';
import { FakeIssueActivities } from './fake-issue-activities';
import { HISTORIES_DIR, TimeSkippingHarness, keepHistoryIfRecording, skipTo, waitFor } from './time-skipping';

export type IssueHandle = WorkflowHandle<typeof issueWorkflow>;

export { HISTORIES_DIR, WORKFLOWS_PATH, bundleWorkflows, quietTemporalLogs } from './time-skipping';

// Numeric values of temporal.api.enums.v1.IndexedValueType.
const INDEXED_VALUE_TYPES = { Keyword: 2, Int: 3, Datetime: 6 } as const;

export interface StartOptions {
  /** A readable prefix; the harness makes the issue id unique. */
  name: string;
  urgency?: IssueUrgency;
  policy?: Partial<IssuePolicy>;
  /** What routeIssue answers; null (the default) sends the issue to triage. */
  route?: RouteDecision | null;
}

export class IssueHarness extends TimeSkippingHarness {
  readonly fakes = new FakeIssueActivities();
  readonly taskQueue = 'issue-workflow-tests';
  private readonly started: IssueHandle[] = [];
  private sequence = 0;

  protected workerActivities(): object {
    return this.fakes.activities;
  }

  protected override async prepare(env: TestWorkflowEnvironment): Promise<void> {
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(
        Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, INDEXED_VALUE_TYPES[type]]),
      ),
    });
  }

  /**
   * Terminates what a test left running, so its timers do not fire into the next test's time skips. It waits for
   * the workflow to be idle first: the test server holds back time skipping while an activity or a workflow task is
   * open, and one that a termination cuts off keeps holding it back.
   */
  async terminateLeftovers(): Promise<void> {
    for (const handle of this.started.splice(0)) {
      const state = await this.waitFor(`${handle.workflowId} to be idle`, () => this.idleOrClosed(handle));
      if (state === 'idle') await handle.terminate('test finished');
    }
    this.fakes.useWeekendCalendar();
  }

  private async idleOrClosed(handle: IssueHandle): Promise<'idle' | 'closed' | undefined> {
    const { status, raw } = await handle.describe();
    if (status.name !== 'RUNNING') return 'closed';
    if ((raw.pendingActivities ?? []).length > 0) return undefined;
    // The test server does not report a pending workflow task in describe(): read it from the history.
    const { events } = await handle.fetchHistory();
    const lastTaskEvent = (events ?? [])
      .filter(
        (event) =>
          event.workflowTaskScheduledEventAttributes ||
          event.workflowTaskStartedEventAttributes ||
          event.workflowTaskCompletedEventAttributes ||
          event.workflowTaskFailedEventAttributes ||
          event.workflowTaskTimedOutEventAttributes,
      )
      .pop();
    return lastTaskEvent?.workflowTaskCompletedEventAttributes ? 'idle' : undefined;
  }

  async start(options: StartOptions): Promise<{ issueId: string; handle: IssueHandle }> {
    this.sequence += 1;
    const issueId = `${options.name}-${this.sequence}`;
    const urgency = options.urgency ?? 'normal';
    this.fakes.route(issueId, options.route ?? null);
    const handle = await this.env.client.workflow.start<typeof issueWorkflow>(ISSUE_WORKFLOW_TYPE, {
      taskQueue: this.taskQueue,
      workflowId: issueWorkflowId(issueId),
      args: [{ issueId, urgency, policy: { ...defaultIssuePolicy(urgency), ...options.policy } }],
    });
    this.started.push(handle);
    return { issueId, handle };
  }

  state(handle: IssueHandle): Promise<IssueWorkflowState> {
    return handle.query(getStateQuery);
  }

  async now(): Promise<number> {
    return await this.env.currentTimeMs();
  }

  /**
   * Skips server time to just after `instant` (by `afterMs`), firing every timer due on the way. By default that is
   * just after a deadline-driven step at `instant` acts: it waits COMMAND_ADMISSION_MS for commands in flight.
   */
  async advanceTo(instant: string | number, afterMs = COMMAND_ADMISSION_MS + 1000): Promise<void> {
    await skipTo(this.env, instant, afterMs);
  }

  /**
   * Skips server time `stepMs` at a time until `happened` holds, so the test stands just after a timer fired (at most
   * `stepMs` late) rather than at an instant it computed: the workflow's clock also runs while its activities run, so
   * computed instants drift. A command taken right then is taken while the workflow's next timer is furthest away (see
   * TIMER_CANCEL_REFUSED in time-skipping.ts).
   */
  async advanceUntil(what: string, happened: () => boolean, stepMs = 250): Promise<void> {
    const giveUpAt = Date.now() + 15_000;
    while (!happened()) {
      if (Date.now() > giveUpAt) throw new Error(`timed out after 15000 ms skipping time until ${what}`);
      await skipTo(this.env, await this.now(), stepMs);
    }
  }

  /** Polls until `probe` returns a value: the workflow's activities run in real time after a time skip. */
  waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
    return waitFor(what, probe, timeoutMs);
  }

  /** Waits until the workflow has recorded `stepKey`, and returns its state then. */
  waitForStep(handle: IssueHandle, stepKey: string): Promise<IssueWorkflowState> {
    return this.waitFor(`step ${stepKey} of ${handle.workflowId}`, async () => {
      const state = await this.state(handle);
      return state.history.some((entry) => entry.stepKey === stepKey) ? state : undefined;
    });
  }

  /** With RECORD_HISTORIES=1 (and optionally HISTORIES_PREFIX), keeps the run's history as a replay fixture (see issue.replay.e2e-spec.ts). */
  async keepHistory(handle: IssueHandle, name: string): Promise<void> {
    // HISTORIES_PREFIX names a new generation of fixtures (e.g. after a patch) without replacing the old ones.
    await keepHistoryIfRecording(handle, HISTORIES_DIR, `${process.env.HISTORIES_PREFIX ?? ''}${name}`);
  }
}
