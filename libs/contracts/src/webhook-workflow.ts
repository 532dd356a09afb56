// The contract of outbound webhooks (issue #15 item 6): one workflow per endpoint (id webhook-endpoint-<id>) sends
// the endpoint's outbox rows one at a time, in the order they were recorded, so the events of an issue arrive in
// order; the worker's dispatcher starts it (or wakes it) whenever rows are waiting. The activities do the HTTP and
// the SQL; the workflow only keeps the order and the back-off.
import { defineSignal } from '@temporalio/workflow';

export const WEBHOOK_ENDPOINT_WORKFLOW_TYPE = 'webhookEndpointWorkflow';

export function webhookEndpointWorkflowId(endpointId: string): string {
  return `webhook-endpoint-${endpointId}`;
}

/** The CloudEvents `type` of an issue event: `cn.lianluo.issue.replied` for the `replied` step. */
export function webhookEventType(issueEventType: string): string {
  return `cn.lianluo.issue.${issueEventType}`;
}

export interface WebhookBackoff {
  /** The wait after the first failed attempt; doubled per consecutive failure up to maxSeconds. */
  initialSeconds: number;
  maxSeconds: number;
}

export interface WebhookEndpointInput {
  endpointId: string;
  backoff: WebhookBackoff;
}

/** The dispatcher signals this when rows are waiting; the workflow looks for them at once instead of idling. */
export const webhookDeliveriesQueuedSignal = defineSignal('webhookDeliveriesQueued');

export interface WebhookAttemptInput {
  endpointId: string;
  deliveryId: string;
}

/**
 * delivered: the receiver answered 2xx. failed: anything else (recorded), consecutiveFailures counted on the endpoint.
 * paused: this failure was the endpoint's last allowed one; it is paused and its owner mailed. skipped: nothing to
 * send (the endpoint was paused or deleted, or the delivery went out meanwhile).
 */
export type WebhookAttemptOutcome = 'delivered' | 'failed' | 'paused' | 'skipped';

export interface WebhookAttemptResult {
  outcome: WebhookAttemptOutcome;
  consecutiveFailures: number;
}

export interface WebhookActivities {
  /** The oldest delivery still to send to an active endpoint; null when none is waiting or the endpoint is paused. */
  nextWebhookDelivery(input: { endpointId: string }): Promise<{ deliveryId: string } | null>;
  /** One HTTP POST of the delivery (with a timeout), and its attempt recorded. */
  attemptWebhookDelivery(input: WebhookAttemptInput): Promise<WebhookAttemptResult>;
}

/** The wait before the next attempt after `consecutiveFailures` failures in a row. */
export function webhookBackoffSeconds(backoff: WebhookBackoff, consecutiveFailures: number): number {
  const exponent = Math.max(0, Math.min(consecutiveFailures - 1, 30));
  return Math.min(backoff.maxSeconds, backoff.initialSeconds * 2 ** exponent);
}
