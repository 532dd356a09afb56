// Owns the guarantee that no voter submission stays without its workflow (issue #15, item 1): the API saves the
// submission, then starts its workflow, and a process stopped or a Temporal outage between the two leaves a pending
// row that nobody would ever remind its deputy about. Every worker runs this loop beside the intake reconciler, on
// the same interval and minimum age: it starts, exactly as the API does (startVoterSubmissionWorkflow: same id, same
// input, same id policies), the workflow of each pending submission without one, and notes it on the row. A start
// that already happened is a no-op, so several workers, or a worker racing the API, start each workflow once.
import type { Client } from '@temporalio/client';
import {
  INTAKE_RECONCILE_INTERVAL_MS,
  INTAKE_RECONCILE_MIN_AGE_MS,
  submissionDecidedSignal,
  voterSubmissionWorkflowId,
} from '@app/contracts';
import { startVoterSubmissionWorkflow } from '@app/temporal';
import { PeriodicPass } from '../issues/periodic-pass';
import type { SubmissionWithoutWorkflow, VoterIntakeRepository } from './voter-intake.repository';

const PAGE_SIZE = 100;

export interface VoterIntakeReconcilerOptions {
  intervalMs: number;
  minAgeMs: number;
}

type StartSettings = Parameters<typeof startVoterSubmissionWorkflow>[2];

export class VoterIntakeReconciler extends PeriodicPass<string[]> {
  /** Workflows this reconciler started since the process began: each one a submission left without one. */
  repairedTotal = 0;

  constructor(
    private readonly repository: VoterIntakeRepository,
    private readonly client: Client,
    private readonly config: StartSettings,
    private readonly options: VoterIntakeReconcilerOptions = {
      intervalMs: INTAKE_RECONCILE_INTERVAL_MS,
      minAgeMs: INTAKE_RECONCILE_MIN_AGE_MS,
    },
  ) {
    super('VoterIntakeReconciler', options.intervalMs, 'voter intake reconciliation');
  }

  /** One pass; returns the ids of the submissions whose workflow it started. A failure ends the pass. */
  async reconcileOnce(): Promise<string[]> {
    const repaired: string[] = [];
    let after: SubmissionWithoutWorkflow | undefined;
    for (;;) {
      const page = await this.repository.withoutWorkflow(this.options.minAgeMs, PAGE_SIZE, after);
      for (const submission of page) {
        if (this.stopping) return repaired;
        const started = await startVoterSubmissionWorkflow(this.client, submission, this.config);
        const status = await this.repository.markWorkflowStarted(submission.id);
        // Decided between the read and the start: the API's signal found no workflow, so this one ends it.
        if (status !== 'pending') {
          await this.client.workflow
            .getHandle(voterSubmissionWorkflowId(submission.id))
            .signal(submissionDecidedSignal);
        }
        if (started) {
          repaired.push(submission.id);
          this.repairedTotal += 1;
          this.logger.warn(
            `Started the workflow of voter submission ${submission.id}, saved ${Math.round(submission.ageMs / 1000)} s ` +
              `ago without one (repaired since start: ${this.repairedTotal})`,
          );
        }
      }
      if (page.length < PAGE_SIZE) return repaired;
      after = page[page.length - 1];
    }
  }
}
