// Owns the guarantee that no issue stays without its workflow: the API saves the issue, then starts its workflow,
// and a process killed or stopped between the two leaves a `received` row that nothing would ever move. Every
// worker runs this loop: every INTAKE_RECONCILE_INTERVAL_MS it starts, exactly as the API does (startIssueWorkflow:
// same id, same input, same id policies), the workflow of each issue still `received` INTAKE_RECONCILE_MIN_AGE_MS
// after it was saved. A start that already happened is a no-op, so several workers, or a worker racing the API's own
// start or a resubmission, start each workflow once. Bound: INTAKE_RECONCILE_BOUND_S, while a worker runs.
//
// Why a loop in the worker rather than a Temporal Schedule or an outbox table: the issue row already is the record of
// the start to make (its status says whether the workflow has begun), so an outbox would duplicate it; and a loop
// in the process that runs the workflows has a tighter bound than a schedule (whose workflow and activity would add
// task latency to every pass) and needs nothing in Temporal to exist first.

import type { Client } from '@temporalio/client';
import { INTAKE_RECONCILE_INTERVAL_MS, INTAKE_RECONCILE_MIN_AGE_MS } from '@app/contracts';
import { startIssueWorkflow } from '@app/temporal';
import type { IntakeRepository, ReceivedIssue } from './intake.repository';
import { PeriodicPass } from './periodic-pass';

const PAGE_SIZE = 100;

export interface IntakeReconcilerOptions {
  intervalMs: number;
  minAgeMs: number;
}

type StartSettings = Parameters<typeof startIssueWorkflow>[2];

export class IntakeReconciler extends PeriodicPass<string[]> {
  /** Workflows this reconciler started since the process began: each one an issue that was left without one. */
  repairedTotal = 0;

  constructor(
    private readonly repository: IntakeRepository,
    private readonly client: Client,
    private readonly config: StartSettings,
    private readonly options: IntakeReconcilerOptions = {
      intervalMs: INTAKE_RECONCILE_INTERVAL_MS,
      minAgeMs: INTAKE_RECONCILE_MIN_AGE_MS,
    },
  ) {
    super('IntakeReconciler', options.intervalMs, 'intake reconciliation');
  }

  /**
   * One pass over every issue still `received` after minAgeMs; returns the ids of those whose workflow it started.
   * A failure (Temporal or the database unreachable) ends the pass; the next one tries again.
   */
  async reconcileOnce(): Promise<string[]> {
    const repaired: string[] = [];
    let after: ReceivedIssue | undefined;
    for (;;) {
      const page = await this.repository.receivedBefore(this.options.minAgeMs, PAGE_SIZE, after);
      for (const issue of page) {
        if (this.stopping) return repaired;
        if (await startIssueWorkflow(this.client, issue, this.config)) {
          repaired.push(issue.id);
          this.repairedTotal += 1;
          this.logger.warn(
            `Started the workflow of issue ${issue.id}, saved ${Math.round(issue.ageMs / 1000)} s ago without one ` +
              `(repaired since start: ${this.repairedTotal})`,
          );
        }
      }
      if (page.length < PAGE_SIZE) return repaired;
      after = page[page.length - 1];
    }
  }
}
