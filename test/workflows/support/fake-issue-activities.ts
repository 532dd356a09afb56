// In-memory activities for workflow tests: they answer as configured per issue and remember every call, so a test
// can assert what users would see (transitions recorded, notifications sent, assignments made) in order.
import type {
  AssignDepartmentsInput,
  ComputeDeadlinesInput,
  IssueActivities,
  NotifyInput,
  PendingCommandsInput,
  RecordTransitionInput,
  RouteDecision,
  RouteIssueInput,
} from '@app/contracts';
import { ApplicationFailure } from '@temporalio/common';
import { weekendDeadline } from './weekend-calendar';

export type ActivityCall =
  | { name: 'routeIssue'; input: RouteIssueInput }
  | { name: 'computeDeadlines'; input: ComputeDeadlinesInput }
  | { name: 'assignDepartments'; input: AssignDepartmentsInput }
  | { name: 'notify'; input: NotifyInput }
  | { name: 'recordTransition'; input: RecordTransitionInput }
  | { name: 'pendingCommands'; input: PendingCommandsInput };

export type DeadlineFn = (fromInstant: string, workingDays: number) => string;

export class FakeIssueActivities {
  readonly calls: ActivityCall[] = [];
  private readonly routes = new Map<string, RouteDecision | null>();
  private calendar: DeadlineFn = weekendDeadline;
  /** Per issue, the step key whose recordTransition fails as a violated constraint would: at once, no retry. */
  private readonly failingRecords = new Map<string, string>();
  /** Real milliseconds notify takes, per issue: a worker slowed on purpose (see issue.receipt.e2e-spec.ts). */
  private readonly slowNotify = new Map<string, number>();

  /** Per issue, the command receipts the API saved and nobody has decided yet (operations.command_receipts). */
  private readonly pending = new Map<string, { updateId: string; receivedAt: string }[]>();

  /** A command the API saved at `receivedAt` but could not deliver (the worker was busy or stopped). */
  savePending(issueId: string, updateId: string, receivedAt: string): void {
    this.pending.set(issueId, [...(this.pending.get(issueId) ?? []), { updateId, receivedAt }]);
  }

  /** The receipt's outcome is recorded (applied or rejected): it is no longer pending. */
  decide(issueId: string, updateId: string): void {
    this.pending.set(
      issueId,
      (this.pending.get(issueId) ?? []).filter((receipt) => receipt.updateId !== updateId),
    );
  }

  route(issueId: string, decision: RouteDecision | null): void {
    this.routes.set(issueId, decision);
  }

  /** computeDeadlines carries no issue id: a test that needs another calendar swaps it in, then back (tests in a
   * file run one at a time). */
  useCalendar(calendar: DeadlineFn): void {
    this.calendar = calendar;
  }

  useWeekendCalendar(): void {
    this.calendar = weekendDeadline;
  }

  /** Makes recording `stepKey` of `issueId` fail non-retryably (null: record it again), as bad data would. */
  failRecord(issueId: string, stepKey: string | null): void {
    if (stepKey === null) this.failingRecords.delete(issueId);
    else this.failingRecords.set(issueId, stepKey);
  }

  /** Makes every notification of `issueId` take `ms` of real time, as a busy worker or mail server would. */
  slowDownNotify(issueId: string, ms: number): void {
    this.slowNotify.set(issueId, ms);
  }

  readonly activities: IssueActivities = {
    routeIssue: (input) => {
      this.calls.push({ name: 'routeIssue', input });
      return Promise.resolve(this.routes.get(input.issueId) ?? null);
    },
    computeDeadlines: (input) => {
      this.calls.push({ name: 'computeDeadlines', input });
      return Promise.resolve(input.workingDays.map((days) => this.calendar(input.fromInstant, days)));
    },
    assignDepartments: (input) => {
      this.calls.push({ name: 'assignDepartments', input });
      return Promise.resolve();
    },
    notify: async (input) => {
      const slow = this.slowNotify.get(input.issueId);
      if (slow) await new Promise((resolve) => setTimeout(resolve, slow));
      this.calls.push({ name: 'notify', input });
    },
    recordTransition: (input) => {
      if (this.failingRecords.get(input.issueId) === input.stepKey) {
        return Promise.reject(
          ApplicationFailure.create({
            type: 'NonTransientDatabaseError',
            message: 'new row for relation "issues" violates check constraint "ck_issues_counters"',
            nonRetryable: true,
          }),
        );
      }
      this.calls.push({ name: 'recordTransition', input });
      return Promise.resolve();
    },
    pendingCommands: (input) => {
      this.calls.push({ name: 'pendingCommands', input });
      const before = Date.parse(input.receivedBefore);
      const receipts = this.pending.get(input.issueId) ?? [];
      return Promise.resolve(receipts.filter((r) => Date.parse(r.receivedAt) < before).map((r) => r.updateId));
    },
  };

  transitions(issueId: string): RecordTransitionInput[] {
    return this.calls.flatMap((c) => (c.name === 'recordTransition' && c.input.issueId === issueId ? [c.input] : []));
  }

  notifications(issueId: string): NotifyInput[] {
    return this.calls.flatMap((c) => (c.name === 'notify' && c.input.issueId === issueId ? [c.input] : []));
  }

  assignments(issueId: string): AssignDepartmentsInput[] {
    return this.calls.flatMap((c) => (c.name === 'assignDepartments' && c.input.issueId === issueId ? [c.input] : []));
  }

  callCount(): number {
    return this.calls.length;
  }
}
