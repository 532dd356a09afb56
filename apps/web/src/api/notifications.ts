// The signed-in user's own notifications (apps/api/src/notifications): list, unread count, mark read, live stream.
import { api } from './client';

export interface AppNotification {
  id: string;
  kind: string;
  issueId: string | null;
  issueNumber: string | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

interface Page<T> {
  items: T[];
  total: number;
}

/** The user's own live stream: `notification`, `issue_event` (with ?issueId= for one issue), `resync`. */
export const MY_EVENTS_PATH = '/api/notifications/events';

export const listNotifications = (signal?: AbortSignal) =>
  api.get<Page<AppNotification>>('/api/notifications', { limit: 50 }, signal);
export const unreadNotifications = (signal?: AbortSignal) =>
  api.get<{ unread: number }>('/api/notifications/unread-count', undefined, signal);
export const markNotificationRead = (id: string) => api.post<void>(`/api/notifications/${id}/read`);
export const markAllNotificationsRead = () => api.post<{ marked: number }>('/api/notifications/read-all');
