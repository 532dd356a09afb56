// One workflow per webhook endpoint (id webhook-endpoint-<id>): it takes the endpoint's waiting deliveries oldest
// first and sends each until the receiver takes it, so the events of one issue reach the endpoint in the order they
// happened. A failed attempt waits a back-off doubling up to a ceiling; the attempt activity pauses the endpoint
// after the configured number of consecutive failures, and the workflow then ends (resuming re-queues the rows and
// the dispatcher starts it again). Idle for a minute, it ends too: the dispatcher starts it for the next event.
import { condition, continueAsNew, proxyActivities, setHandler, sleep, type RetryPolicy } from '@temporalio/workflow';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../libs/contracts/src/activity-liveness';
import {
  webhookBackoffSeconds,
  webhookDeliveriesQueuedSignal,
  type WebhookActivities,
  type WebhookEndpointInput,
} from '../libs/contracts/src/webhook-workflow';

// Outages of our own (database, worker) are waited out as in the other workflows; a receiver's failure is not an
// activity failure but a result, so its back-off and count are the workflow's and each attempt is recorded.
const retry: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' };

const { nextWebhookDelivery, attemptWebhookDelivery } = proxyActivities<WebhookActivities>({
  // The POST's own timeout (WEBHOOK_TIMEOUT_SECONDS, at most 30 s) stays well inside this.
  startToCloseTimeout: '60 seconds',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry,
});

/** Deliveries handled before the history is cut with continue-as-new (each is a few events). */
const DELIVERIES_PER_RUN = 200;

export async function webhookEndpointWorkflow(input: WebhookEndpointInput): Promise<void> {
  let queued = false;
  setHandler(webhookDeliveriesQueuedSignal, () => {
    queued = true;
  });
  for (let handled = 0; handled < DELIVERIES_PER_RUN; handled++) {
    queued = false;
    const next = await nextWebhookDelivery({ endpointId: input.endpointId });
    if (!next) {
      if (await condition(() => queued, '1 minute')) continue;
      return;
    }
    const result = await attemptWebhookDelivery({ endpointId: input.endpointId, deliveryId: next.deliveryId });
    switch (result.outcome) {
      case 'delivered':
      case 'skipped':
        continue;
      case 'paused':
        return;
      case 'failed':
        await sleep(webhookBackoffSeconds(input.backoff, result.consecutiveFailures) * 1000);
        continue;
    }
  }
  await continueAsNew<typeof webhookEndpointWorkflow>(input);
}
