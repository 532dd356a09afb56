// When a command happened: the instant the API received it (`receivedAt`), checked before the workflow believes it.
// A command's lateness is judged on that instant, never on when a busy worker got round to it (issue #11 defect 1).
import { ApplicationFailure } from '@temporalio/workflow';
import { RECEIVED_AT_SKEW_MS, type Received } from '../libs/contracts/src/issue-workflow';

/**
 * Patch: deadline-driven steps act COMMAND_ADMISSION_MS after their instant (so a command received before it but
 * still on its way is carried out first), record their own instant as their time, and a command waits for every
 * step due at or before its receipt (so commands and steps take effect in the order they happened). Runs started
 * before the patch keep acting at the instant itself.
 */
export const JUDGE_AT_RECEIPT_PATCH = 'judge-at-receipt';

/**
 * Patch: before a deadline-driven step acts, it asks whether a command received before its instant is saved by the
 * API but not yet delivered (the worker was busy or stopped when it came: operations.command_receipts), and waits for
 * it (COMMAND_DEFERRAL_BOUND_MS at most), then judges again; so an overdue or escalation mail never goes out for an
 * issue whose reply was received in time. Runs started before the patch act as soon as their admission wait is over.
 */
export const DEFER_TO_PENDING_COMMANDS_PATCH = 'defer-to-pending-commands';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Part of every update's validator: a stamp, when given, is an ISO instant and not in the future. */
export function checkReceivedAt(input: Received | undefined, nowMs: number): void {
  const receivedAt = input?.receivedAt;
  if (receivedAt === undefined) return; // old histories and callers without an HTTP request: the workflow's time
  if (typeof receivedAt !== 'string' || !ISO_INSTANT.test(receivedAt) || Number.isNaN(Date.parse(receivedAt))) {
    throw ApplicationFailure.create({
      type: 'InvalidInput',
      message: 'receivedAt must be an ISO instant in UTC',
      nonRetryable: true,
    });
  }
  if (Date.parse(receivedAt) > nowMs + RECEIVED_AT_SKEW_MS) {
    throw ApplicationFailure.create({
      type: 'InvalidInput',
      message: `receivedAt ${receivedAt} lies in the future`,
      nonRetryable: true,
    });
  }
}

/** The instant the command happened: its receipt when stamped, else the workflow's time. */
export function receivedAtOf(input: Received, nowMs: number): string {
  return input.receivedAt ?? new Date(nowMs).toISOString();
}
