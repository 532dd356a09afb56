// Owns the guarantee that a saved command reaches its workflow: the API saves every command's first receipt before it
// talks to Temporal, and answers 202 "saved" when the workflow could not take it within COMMAND_ADMISSION_MS (worker
// busy or stopped). Every worker runs this loop: every RECEIPT_RECONCILE_INTERVAL_MS it delivers each receipt still
// pending RECEIPT_RECONCILE_MIN_AGE_MS after its receipt, exactly as the API sends it — the same update id (so a
// delivery the API or another worker made already is answered with its first outcome, never carried out twice) and the
// original receivedAt (so it is judged at its receipt) — and records the outcome (applied or rejected) on the receipt.
// Bound: RECEIPT_RECONCILE_BOUND_S after receipt, while a worker runs and the workflow can take commands.
//
// Deadline steps wait for these commands (DEFER_TO_PENDING_COMMANDS_PATCH): the sooner one is delivered, the sooner
// the step is judged. So a pass delivers a page at once, not one by one.
//
// Like the intake reconciler (intake-reconciler.ts), a loop in the worker rather than a schedule: the receipt row is
// the record of the delivery to make, and the loop's bound is tighter than a schedule's.

import {
  ApplicationFailure,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
} from '@temporalio/client';
import {
  RECEIPT_RECONCILE_INTERVAL_MS,
  RECEIPT_RECONCILE_MIN_AGE_MS,
  issueWorkflowId,
  updateStepKey,
  type IssueWorkflowState,
} from '@app/contracts';
import type { CommandReceiptsRepository, PendingReceipt } from './command-receipts.repository';
import { PeriodicPass } from './periodic-pass';

const PAGE_SIZE = 50;
/** How long one delivery waits for the workflow to accept the command, then for it to be carried out. */
const ACCEPT_WAIT_MS = 5_000;
const RESULT_WAIT_MS = 10_000;

export interface ReceiptReconcilerOptions {
  intervalMs: number;
  minAgeMs: number;
}

export type Delivery = 'applied' | 'rejected' | 'pending';

export class ReceiptReconciler extends PeriodicPass<Map<string, Delivery>> {
  /** Commands this reconciler delivered (carried out or refused) since the process began. */
  deliveredTotal = 0;

  constructor(
    private readonly repository: CommandReceiptsRepository,
    private readonly client: Client,
    private readonly options: ReceiptReconcilerOptions = {
      intervalMs: RECEIPT_RECONCILE_INTERVAL_MS,
      minAgeMs: RECEIPT_RECONCILE_MIN_AGE_MS,
    },
  ) {
    super('ReceiptReconciler', options.intervalMs, 'receipt reconciliation');
  }

  /** One pass over the receipts pending after minAgeMs; answers what became of each (by receipt id). */
  async reconcileOnce(): Promise<Map<string, Delivery>> {
    const outcomes = new Map<string, Delivery>();
    let after: PendingReceipt | undefined;
    for (;;) {
      const page = await this.repository.pendingOlderThan(this.options.minAgeMs, PAGE_SIZE, after);
      if (this.stopping) return outcomes;
      const delivered = await Promise.all(page.map((receipt) => this.deliver(receipt)));
      page.forEach((receipt, index) => outcomes.set(receipt.id, delivered[index]));
      if (page.length < PAGE_SIZE) return outcomes;
      after = page[page.length - 1];
    }
  }

  /** Delivers one receipt and records its outcome; 'pending' when the workflow did not take it this time. */
  async deliver(receipt: PendingReceipt): Promise<Delivery> {
    try {
      const outcome = await this.send(receipt);
      if (outcome !== 'pending') {
        this.deliveredTotal += 1;
        this.logger.warn(
          `Delivered ${receipt.updateId} to issue ${receipt.issueId}, received ${Math.round(receipt.ageMs / 1000)} s ` +
            `ago and saved without reaching its workflow: ${outcome} (delivered since start: ${this.deliveredTotal})`,
        );
      }
      return outcome;
    } catch (error) {
      // The database went away between the read and the write: the receipt stays pending for the next pass.
      this.logger.error(`Delivering ${receipt.updateId} failed; the next pass tries again`, String(error));
      return 'pending';
    }
  }

  private async send(receipt: PendingReceipt): Promise<Delivery> {
    const stepKey = updateStepKey(receipt.updateId);
    const before = await this.repository.carriedOut(receipt.issueId, stepKey);
    if (before.recorded) return this.applied(receipt, before.issueStatus ?? 'unknown');
    const handle = this.client.workflow.getHandle(issueWorkflowId(receipt.issueId));
    try {
      const update = await this.client.withDeadline(Date.now() + ACCEPT_WAIT_MS, () =>
        handle.startUpdate<IssueWorkflowState, [Record<string, unknown>]>(receipt.command, {
          args: [{ ...receipt.input, receivedAt: receipt.receivedAt }],
          updateId: receipt.updateId,
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        }),
      );
      const state = await this.client.withDeadline(Date.now() + RESULT_WAIT_MS, () => update.result());
      return this.applied(receipt, state.status);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        const cause = error.cause;
        const rejection = cause instanceof ApplicationFailure && cause.type ? cause.type : 'UpdateFailed';
        return this.rejected(receipt, rejection, cause?.message ?? error.message);
      }
      if (error instanceof WorkflowNotFoundError) {
        // The workflow has ended (the issue closed): carried out if its transition is recorded, refused otherwise.
        const after = await this.repository.carriedOut(receipt.issueId, stepKey);
        if (after.recorded) return this.applied(receipt, after.issueStatus ?? 'unknown');
        return this.rejected(receipt, 'IssueClosed', 'The issue is not being handled any more: its workflow has ended');
      }
      // Not taken in time (worker busy or stopped) or Temporal unreachable: counted, tried again next pass.
      await this.repository.noteAttempt(receipt.id, error instanceof Error ? error.message : String(error));
      return 'pending';
    }
  }

  private async applied(receipt: PendingReceipt, issueStatus: string): Promise<Delivery> {
    await this.repository.decide(receipt.id, { status: 'applied', issueStatus });
    return 'applied';
  }

  private async rejected(receipt: PendingReceipt, rejection: string, message: string): Promise<Delivery> {
    await this.repository.decide(receipt.id, { status: 'rejected', rejection, message });
    return 'rejected';
  }
}
