// Owns handing recorded webhook deliveries to their endpoint's workflow: every pass, each active endpoint with rows not
// yet handed over gets its workflow started (or, if running, signalled) and the rows marked; a row is marked only
// after Temporal took the signal, so none is lost between the two. Every SWEEP_EVERY passes it also wakes the
// workflow of every active endpoint with waiting rows, in case one ended just as a signal came (rows already marked).
// A loop in the worker rather than a start from the transaction: the row is the record of the work, as for receipts.
import type { Client } from '@temporalio/client';
import type { AppConfig } from '@app/config';
import {
  WEBHOOK_ENDPOINT_WORKFLOW_TYPE,
  webhookDeliveriesQueuedSignal,
  webhookEndpointWorkflowId,
  type WebhookEndpointInput,
} from '@app/contracts';
import { PeriodicPass } from '../issues/periodic-pass';
import type { WebhookActivitiesRepository } from './webhook-activities.repository';

export const WEBHOOK_DISPATCH_INTERVAL_MS = 500;
const SWEEP_EVERY = 120;

export class WebhookDispatcher extends PeriodicPass<number> {
  private passes = 0;

  constructor(
    private readonly repository: WebhookActivitiesRepository,
    private readonly client: Client,
    private readonly config: Pick<
      AppConfig,
      'TEMPORAL_TASK_QUEUE' | 'WEBHOOK_RETRY_INITIAL_SECONDS' | 'WEBHOOK_RETRY_MAX_SECONDS'
    >,
    intervalMs = WEBHOOK_DISPATCH_INTERVAL_MS,
  ) {
    super('WebhookDispatcher', intervalMs, 'webhook dispatch');
  }

  /** One pass; answers how many endpoints' workflows it started or woke. */
  async reconcileOnce(): Promise<number> {
    let woken = 0;
    for (const { endpointId, upTo } of await this.repository.undispatched()) {
      if (this.stopping) return woken;
      await this.startOrSignal(endpointId);
      await this.repository.markDispatched(endpointId, upTo);
      woken += 1;
    }
    if (++this.passes % SWEEP_EVERY === 0) {
      for (const endpointId of await this.repository.withPending()) {
        if (this.stopping) return woken;
        await this.startOrSignal(endpointId);
      }
    }
    return woken;
  }

  private async startOrSignal(endpointId: string): Promise<void> {
    const input: WebhookEndpointInput = {
      endpointId,
      backoff: {
        initialSeconds: this.config.WEBHOOK_RETRY_INITIAL_SECONDS,
        maxSeconds: this.config.WEBHOOK_RETRY_MAX_SECONDS,
      },
    };
    await this.client.workflow.signalWithStart(WEBHOOK_ENDPOINT_WORKFLOW_TYPE, {
      workflowId: webhookEndpointWorkflowId(endpointId),
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      args: [input],
      signal: webhookDeliveriesQueuedSignal,
      signalArgs: [],
    });
  }
}
