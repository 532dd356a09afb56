// The reception-day workflows on Temporal's time-skipping test server, with in-memory activities that open the day on
// a calendar the test sets (weekends off plus the holidays it names), remember every notice and transition, and
// answer like the worker's. One server, bundle and worker per test file.
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import {
  addWorkingDays,
  calendarFromDays,
  endOfChinaDay,
  subtractWorkingDays,
  workingDayOnOrAfter,
  type WorkingCalendar,
} from '@app/calendar';
import {
  DEFAULT_RECEPTION_POLICY,
  RECEPTION_DAY_WORKFLOW_TYPE,
  getReceptionStateQuery,
  receptionDayWorkflowId,
  type OpenReceptionInput,
  type OpenedReception,
  type ReceptionActivities,
  type ReceptionDayState,
  type ReceptionNoticeInput,
  type RecordReceptionTransitionInput,
} from '@app/contracts';
import type { receptionDayWorkflow } from '../../../workflows';
import { HISTORIES_DIR, TimeSkippingHarness, keepHistoryIfRecording, skipTo, waitFor } from './time-skipping';

export type ReceptionHandle = WorkflowHandle<typeof receptionDayWorkflow>;
export const RECEPTION_HISTORIES_DIR = join(HISTORIES_DIR, 'reception-days');

export class FakeReceptionActivities {
  readonly notices: ReceptionNoticeInput[] = [];
  readonly transitions: RecordReceptionTransitionInput[] = [];
  readonly opened = new Map<string, OpenedReception>();
  calendar: WorkingCalendar = calendarFromDays([]);

  useHolidays(days: string[]): void {
    this.calendar = calendarFromDays(days.map((day) => ({ day, kind: 'holiday' as const })));
  }

  readonly activities: ReceptionActivities = {
    heldOnDates: ({ nominalDates }) =>
      Promise.resolve(Object.fromEntries(nominalDates.map((date) => [date, workingDayOnOrAfter(date, this.calendar)]))),
    openReception: (input: OpenReceptionInput) => Promise.resolve(this.open(input)),
    sendReceptionNotice: (input) => {
      if (!this.notices.some((n) => n.receptionId === input.receptionId && n.stepKey === input.stepKey)) {
        this.notices.push(input);
      }
      return Promise.resolve();
    },
    recordReceptionTransition: (input) => {
      if (!this.transitions.some((t) => t.receptionId === input.receptionId && t.stepKey === input.stepKey)) {
        this.transitions.push(input);
      }
      return Promise.resolve();
    },
  };

  private open(input: OpenReceptionInput): OpenedReception {
    const key = `${input.stationId}|${input.nominalDate}`;
    const known = this.opened.get(key);
    if (known) return known;
    const cal = this.calendar;
    const heldOn = workingDayOnOrAfter(input.nominalDate, cal);
    const remindDay = subtractWorkingDays(heldOn, input.policy.reminderWorkingDaysBefore, cal);
    const opened: OpenedReception = {
      receptionId: `reception-${input.stationId}-${input.nominalDate}`,
      heldOn,
      moved: heldOn !== input.nominalDate,
      remindAt: new Date(`${remindDay}T09:00:00+08:00`).toISOString(),
      dayEndsAt: endOfChinaDay(heldOn).toISOString(),
      recordDueAt: endOfChinaDay(addWorkingDays(heldOn, input.policy.recordWorkingDaysAfter, cal)).toISOString(),
      overdueAt: endOfChinaDay(addWorkingDays(heldOn, input.policy.overdueWorkingDaysAfter, cal)).toISOString(),
      status: 'scheduled',
    };
    this.opened.set(key, opened);
    return opened;
  }

  noticesOf(receptionId: string): string[] {
    return this.notices.filter((n) => n.receptionId === receptionId).map((n) => `${n.kind} ${n.stepKey}`);
  }

  stepsOf(receptionId: string): string[] {
    return this.transitions.filter((t) => t.receptionId === receptionId).map((t) => `${t.type} ${t.status}`);
  }
}

export class ReceptionHarness extends TimeSkippingHarness {
  readonly fakes = new FakeReceptionActivities();
  readonly taskQueue = 'reception-workflow-tests';
  private sequence = 0;

  protected workerActivities(): object {
    return this.fakes.activities;
  }

  /** A station id unique to the test run. */
  station(name: string): string {
    this.sequence += 1;
    return `${name}-${this.sequence}`;
  }

  async startDay(stationId: string, nominalDate: string): Promise<ReceptionHandle> {
    return this.env.client.workflow.start<typeof receptionDayWorkflow>(RECEPTION_DAY_WORKFLOW_TYPE, {
      taskQueue: this.taskQueue,
      workflowId: receptionDayWorkflowId(stationId, nominalDate),
      args: [{ stationId, nominalDate, policy: { ...DEFAULT_RECEPTION_POLICY } }],
    });
  }

  state(handle: ReceptionHandle): Promise<ReceptionDayState> {
    return handle.query(getReceptionStateQuery);
  }

  async now(): Promise<number> {
    return await this.env.currentTimeMs();
  }

  /** Skips server time to `instant` plus `afterMs` (negative: just before it). */
  async advanceTo(instant: string, afterMs = 1000): Promise<void> {
    await skipTo(this.env, instant, afterMs);
  }

  waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
    return waitFor(what, probe, timeoutMs);
  }

  /** Waits until the day has recorded a transition with this step key, and returns its state. */
  waitForStep(handle: ReceptionHandle, stepKey: string): Promise<ReceptionDayState> {
    return this.waitFor(`step ${stepKey} of ${handle.workflowId}`, async () => {
      const state = await this.state(handle);
      return state.history.some((entry) => entry.stepKey === stepKey || entry.stepKey.startsWith(stepKey))
        ? state
        : undefined;
    });
  }

  /** With RECORD_HISTORIES=1, keeps the run's history as a replay fixture (reception.replay.e2e-spec.ts). */
  async keepHistory(handle: WorkflowHandle, name: string): Promise<void> {
    await keepHistoryIfRecording(handle, RECEPTION_HISTORIES_DIR, `reception-${name}`);
  }
}
