// Owns what becomes of an error an activity throws: the one classifier of database errors in the worker.
//
//   transient    a deadlock or serialisation failure the activity's own retries (withTransientRetry) did not get past,
//                a lost connection, a server shutting down, too little memory, and an undefined table or column or a
//                missing privilege (42: a worker that runs ahead of its migration or grant must wait for it, not fail
//                every workflow that takes a step meanwhile): thrown as it is, for Temporal to retry
//   permanent    a data exception (SQLSTATE class 22: a NUL byte, a value too long…), an integrity violation (23: the
//                idempotency conflicts are handled in the SQL with ON CONFLICT, so one that gets here is real),
//                cardinality (21), WITH CHECK OPTION (44): no retry can cure them, so they become a non-retryable
//                ApplicationFailure of type NonTransientDatabaseError, and the failure is recorded in
//                operations.activity_failures for supervisors (GET /api/supervision/stuck). What is recorded, logged
//                and put in the workflow's history names the SQLSTATE and the constraint, table and column, never
//                PostgreSQL's own message: that quotes the offending value, which may be a voter's personal data.
//   other        anything that is not a database error: thrown as it is (ApplicationFailures keep their own say)
//
// What the workflow then does is unchanged: an update handler's activity failing non-retryably fails that update (the
// caller hears of it at once instead of timing out), and one on the workflow's main path fails the workflow. The issue
// row and its history stay; the recorded failure names the workflow, step and SQLSTATE, so an operator fixes the
// data and resets the workflow to before the step. No workflow code changes, so no history changes either.
import { Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { Context } from '@temporalio/activity';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptorsFactory,
  Next,
} from '@temporalio/worker';
import { sqlStateOf } from '@app/database';
import type { ActivityFailuresRepository } from './activity-failures.repository';

/** The ApplicationFailure type of a database error no retry can cure: stable, matched by operators and tests. */
export const NON_TRANSIENT_DATABASE_ERROR = 'NonTransientDatabaseError';

/** SQLSTATE classes that say the statement itself is wrong for this data: see the top of the file. */
const PERMANENT_SQLSTATE_CLASSES = new Map([
  ['21', 'cardinality violation'],
  ['22', 'data exception'],
  ['23', 'integrity constraint violation'],
  ['44', 'WITH CHECK OPTION violation'],
]);

/** What went wrong, without the values PostgreSQL's message quotes: the class, and where (constraint, table, column). */
export function describeWithoutValues(error: unknown, sqlState: string): string {
  const where = (error ?? {}) as { constraint?: unknown; table?: unknown; column?: unknown };
  const named = (label: string, value: unknown) => (typeof value === 'string' && value ? ` ${label} ${value}` : '');
  return (
    `${PERMANENT_SQLSTATE_CLASSES.get(sqlState.slice(0, 2)) ?? 'database error'} (SQLSTATE ${sqlState})` +
    named('constraint', where.constraint) +
    named('table', where.table) +
    named('column', where.column)
  );
}

export type ErrorClass = { kind: 'permanent'; sqlState: string } | { kind: 'transient' | 'other' };

export function classifyError(error: unknown): ErrorClass {
  if (error instanceof ApplicationFailure) return { kind: 'other' };
  const sqlState = sqlStateOf(error);
  if (sqlState === undefined) return { kind: 'other' };
  return PERMANENT_SQLSTATE_CLASSES.has(sqlState.slice(0, 2)) ? { kind: 'permanent', sqlState } : { kind: 'transient' };
}

const logger = new Logger('ActivityFailures');

class ClassifyingInbound implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly context: Context,
    private readonly failures: ActivityFailuresRepository,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (error) {
      const verdict = classifyError(error);
      if (verdict.kind !== 'permanent') throw error;
      const info = this.context.info;
      const workflow = info.workflowExecution ?? { workflowId: '(none)', runId: '(none)' }; // standalone activities
      const arg = (input.args[0] ?? {}) as { issueId?: unknown; stepKey?: unknown };
      const message = describeWithoutValues(error, verdict.sqlState);
      try {
        await this.failures.record({
          workflowId: workflow.workflowId,
          runId: workflow.runId,
          issueId: typeof arg.issueId === 'string' ? arg.issueId : null,
          activity: info.activityType,
          step: typeof arg.stepKey === 'string' ? arg.stepKey : info.activityType,
          errorType: NON_TRANSIENT_DATABASE_ERROR,
          errorCode: verdict.sqlState,
          message,
        });
      } catch (recordError) {
        // Still non-retryable: retrying the activity would not record it either. The log keeps it.
        logger.error(`could not record the failure of ${info.activityType}: ${String(recordError)}`);
      }
      logger.error(`${info.activityType} for ${workflow.workflowId} failed for good: ${message}`);
      // No `cause`: it would carry PostgreSQL's message, with the value, into the workflow's history.
      throw ApplicationFailure.create({
        type: NON_TRANSIENT_DATABASE_ERROR,
        message: `${info.activityType}: ${message}`,
        nonRetryable: true,
        details: [{ sqlState: verdict.sqlState }],
      });
    }
  }
}

/** The worker's activity interceptors: every activity's errors go through the classifier. */
export function activityFailureInterceptors(failures: ActivityFailuresRepository): ActivityInterceptorsFactory {
  return (context) => ({ inbound: new ClassifyingInbound(context, failures) });
}
