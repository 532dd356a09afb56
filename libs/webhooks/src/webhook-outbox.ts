// Owns recording an issue event for the webhook endpoints: one webhook_deliveries row per endpoint subscribed to it,
// written in the transaction that records the event itself (the API's intake, the worker's transition writer), so an
// event is never announced without happening nor happens unannounced, and a retried step (which records nothing the
// second time) announces nothing twice. No network here: the worker's endpoint workflows send the rows.
import { queryRows } from '@app/database';
import { webhookEventType } from '@app/contracts';

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The step's facts a receiver may have: no personal data, no free text (a reply's text or a comment can name the
 * voter); the issue is read through the API by who may see it.
 */
const DATA_FIELDS = ['round', 'replyClass', 'rating', 'level', 'trigger', 'departmentId', 'promisedDate'] as const;

/** Queues the event (issue, step key) for every endpoint subscribed to its type, paused ones too (they resume). */
export async function enqueueWebhookDeliveries(tx: Queryable, issueId: string, stepKey: string): Promise<number> {
  const [event] = await queryRows<{
    id: string;
    type: string;
    data: Record<string, unknown>;
    number: string;
    status: string;
    category: string;
  }>(
    tx,
    `SELECT e.id, e.type, e.data, i.number, i.status, c.code AS category
       FROM issue_events e JOIN issues i ON i.id = e.issue_id JOIN issue_categories c ON c.id = i.category_id
      WHERE e.issue_id = $1 AND e.step_key = $2`,
    [issueId, stepKey],
  );
  if (!event) throw new Error(`Issue event ${issueId}/${stepKey} is not in the database`);
  const details: Record<string, unknown> = {};
  for (const field of DATA_FIELDS) if (event.data[field] !== undefined) details[field] = event.data[field];
  const data = {
    issueId,
    number: event.number,
    status: event.status,
    category: event.category,
    event: event.type,
    stepKey,
    ...details,
  };
  const type = webhookEventType(event.type);
  const inserted = await queryRows<{ id: string }>(
    tx,
    `INSERT INTO webhook_deliveries (endpoint_id, issue_event_id, issue_id, event_type, subject, occurred_at, data)
     SELECT w.id, e.id, e.issue_id, $2, $3, e.occurred_at, $4::jsonb
       FROM webhook_endpoints w, issue_events e
      WHERE e.id = $1 AND (cardinality(w.event_types) = 0 OR $2 = ANY (w.event_types))
     ON CONFLICT (endpoint_id, issue_event_id) DO NOTHING
     RETURNING id`,
    [event.id, type, event.number, JSON.stringify(data)],
  );
  return inserted.length;
}
