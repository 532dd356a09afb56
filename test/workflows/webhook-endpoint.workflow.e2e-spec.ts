// The webhook endpoint workflow on Temporal's time-skipping test server, with in-memory activities standing in for the
// receiver (the HTTP, SQL and signing are tested against real ones in test/webhooks): the back-off between failed
// attempts doubles up to its ceiling, later deliveries wait behind a failing one (order per endpoint), and a pause
// ends the workflow.
import {
  WEBHOOK_ENDPOINT_WORKFLOW_TYPE,
  webhookEndpointWorkflowId,
  type WebhookActivities,
  type WebhookAttemptResult,
} from '@app/contracts';
import type { webhookEndpointWorkflow } from '../../workflows';
import { TimeSkippingHarness } from './support/time-skipping';

interface FakeDelivery {
  id: string;
  failuresLeft: number;
  delivered: boolean;
}

class WebhookHarness extends TimeSkippingHarness {
  readonly taskQueue = 'webhook-endpoint-workflow-tests';
  deliveries: FakeDelivery[] = [];
  /** Each attempt: which delivery, at the test server's time (ms). */
  attempts: { deliveryId: string; at: number }[] = [];
  pauseAfter = 100;
  private failuresInARow = 0;

  reset(deliveries: FakeDelivery[], pauseAfter = 100): void {
    this.deliveries = deliveries;
    this.attempts = [];
    this.pauseAfter = pauseAfter;
    this.failuresInARow = 0;
  }

  protected workerActivities(): WebhookActivities {
    return {
      nextWebhookDelivery: () => {
        const next = this.deliveries.find((d) => !d.delivered);
        return Promise.resolve(next ? { deliveryId: next.id } : null);
      },
      attemptWebhookDelivery: async ({ deliveryId }): Promise<WebhookAttemptResult> => {
        this.attempts.push({ deliveryId, at: await this.env.currentTimeMs() });
        const delivery = this.deliveries.find((d) => d.id === deliveryId)!;
        if (delivery.failuresLeft === 0) {
          delivery.delivered = true;
          this.failuresInARow = 0;
          return { outcome: 'delivered', consecutiveFailures: 0 };
        }
        delivery.failuresLeft -= 1;
        this.failuresInARow += 1;
        return {
          outcome: this.failuresInARow >= this.pauseAfter ? 'paused' : 'failed',
          consecutiveFailures: this.failuresInARow,
        };
      },
    };
  }

  run(endpointId: string) {
    return this.env.client.workflow.execute<typeof webhookEndpointWorkflow>(WEBHOOK_ENDPOINT_WORKFLOW_TYPE, {
      taskQueue: this.taskQueue,
      workflowId: webhookEndpointWorkflowId(endpointId),
      args: [{ endpointId, backoff: { initialSeconds: 10, maxSeconds: 60 } }],
    });
  }
}

const harness = new WebhookHarness();
beforeAll(() => harness.setUp(), 60_000);
afterAll(() => harness.tearDown());

describe('the webhook endpoint workflow', () => {
  it('backs off 10, 20, 40, then 60 s (the ceiling) between failed attempts; the next delivery waits its turn', async () => {
    harness.reset([
      { id: '1', failuresLeft: 5, delivered: false },
      { id: '2', failuresLeft: 0, delivered: false },
    ]);
    await harness.run('endpoint-backoff');
    expect(harness.attempts.map((a) => a.deliveryId)).toEqual(['1', '1', '1', '1', '1', '1', '2']);
    const gaps = harness.attempts.slice(1).map((a, i) => Math.round((a.at - harness.attempts[i].at) / 1000));
    expect(gaps).toEqual([10, 20, 40, 60, 60, 0]);
  });

  it('ends when an attempt pauses the endpoint, leaving the later deliveries waiting', async () => {
    harness.reset(
      [
        { id: '1', failuresLeft: 10, delivered: false },
        { id: '2', failuresLeft: 0, delivered: false },
      ],
      3,
    );
    await harness.run('endpoint-paused');
    expect(harness.attempts.map((a) => a.deliveryId)).toEqual(['1', '1', '1']);
    expect(harness.deliveries.map((d) => d.delivered)).toEqual([false, false]);
  });
});
