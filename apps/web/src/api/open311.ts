// Open311 clients (apps/api/src/open311/open311-clients.controller.ts): list, register (the key in that answer only),
// revoke.
import { api } from './client';

export interface Open311Client {
  id: string;
  name: string;
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export const listOpen311Clients = (signal?: AbortSignal) =>
  api.get<Open311Client[]>('/api/admin/open311-clients', undefined, signal);
export const createOpen311Client = (name: string) =>
  api.post<Open311Client & { apiKey: string }>('/api/admin/open311-clients', { name });
export const revokeOpen311Client = (id: string) => api.post<Open311Client>(`/api/admin/open311-clients/${id}/revoke`);
