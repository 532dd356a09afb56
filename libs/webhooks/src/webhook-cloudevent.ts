// Owns the bytes a receiver gets: a CloudEvents 1.0 event in structured JSON mode. Built from the stored delivery at
// each attempt, the same way every time, so a redelivery carries the same id, time and data as the first.
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

export interface StoredWebhookEvent {
  /** The issue event's id: stable across attempts and redeliveries, for receivers to drop a copy. */
  eventId: string;
  eventType: string;
  /** The issue number (事项编号). */
  subject: string;
  occurredAt: Date | string;
  data: Record<string, unknown>;
}

/** `source` is this installation's issues collection, e.g. https://lianluo.example.cn/api/issues. */
export function webhookEventSource(publicUrl: string): string {
  return new URL('/api/issues', publicUrl).toString();
}

export function cloudEventBody(source: string, event: StoredWebhookEvent): string {
  return JSON.stringify({
    specversion: '1.0',
    id: event.eventId,
    source,
    type: event.eventType,
    subject: event.subject,
    time: new Date(event.occurredAt).toISOString(),
    datacontenttype: 'application/json',
    data: event.data,
  });
}
