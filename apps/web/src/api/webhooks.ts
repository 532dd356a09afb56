// Outbound webhook endpoints (apps/api/src/webhooks): list, register, edit, pause, resume, delete, delivery log, redeliver.
import { api } from './client';

export interface Webhook {
  id: string;
  name: string;
  url: string;
  eventTypes: string[];
  status: 'active' | 'paused';
  pausedReason: 'admin' | 'failures' | null;
  pausedAt: string | null;
  consecutiveFailures: number;
  pending: number;
  ownerName: string;
  createdAt: string;
}

export interface WebhookInput {
  name: string;
  url: string;
  eventTypes: string[];
}

export interface WebhookAttempt {
  attemptedAt: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  subject: string;
  issueId: string;
  occurredAt: string;
  status: 'pending' | 'delivered';
  deliveredAt: string | null;
  attempts: WebhookAttempt[];
}

interface Page<T> {
  items: T[];
  total: number;
}

export const listWebhooks = (signal?: AbortSignal) => api.get<Page<Webhook>>('/api/webhooks', { limit: 100 }, signal);
export const createWebhook = (input: WebhookInput) => api.post<Webhook & { secret: string }>('/api/webhooks', input);
export const updateWebhook = (id: string, input: Partial<WebhookInput>) =>
  api.request<Webhook>('PATCH', `/api/webhooks/${id}`, { body: input });
export const pauseWebhook = (id: string) => api.post<Webhook>(`/api/webhooks/${id}/pause`);
export const resumeWebhook = (id: string) => api.post<Webhook>(`/api/webhooks/${id}/resume`);
export const deleteWebhook = (id: string) => api.request<void>('DELETE', `/api/webhooks/${id}`);
export const webhookDeliveries = (id: string, signal?: AbortSignal) =>
  api.get<Page<WebhookDelivery>>(`/api/webhooks/${id}/deliveries`, { limit: 100 }, signal);
export const redeliverWebhook = (id: string, deliveryId: string) =>
  api.post<void>(`/api/webhooks/${id}/deliveries/${deliveryId}/redeliver`);
