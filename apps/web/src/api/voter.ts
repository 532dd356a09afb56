// The voter channel's API for signed-in users (代表码): the inbox of voters' submissions and the decisions on them.
import { api } from './client';
import type { IssueSummary, NamedRef, Page, Urgency } from './types';

export type SubmissionStatus = 'pending' | 'accepted' | 'merged' | 'declined';

export interface VoterSubmission {
  id: string;
  station: NamedRef;
  deputy: NamedRef | null;
  place: NamedRef;
  description: string;
  contact: string;
  status: SubmissionStatus;
  statusLabel: string;
  submittedAt: string;
  remindedAt: string | null;
  escalatedAt: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  issueId: string | null;
  voterSolved: boolean | null;
}

export const listVoterSubmissions = (
  query: { status?: SubmissionStatus; page: number; limit: number },
  signal?: AbortSignal,
) => api.get<Page<VoterSubmission>>('/api/voter-submissions', { ...query }, signal);

export const acceptVoterSubmission = (id: string, body: { categoryId: string; urgency: Urgency }) =>
  api.post<{ submission: VoterSubmission; issue: IssueSummary }>(
    `/api/voter-submissions/${encodeURIComponent(id)}/accept`,
    body,
  );

export const mergeVoterSubmission = (id: string, issueId: string) =>
  api.post<VoterSubmission>(`/api/voter-submissions/${encodeURIComponent(id)}/merge`, { issueId });

export const declineVoterSubmission = (id: string, reason: string) =>
  api.post<VoterSubmission>(`/api/voter-submissions/${encodeURIComponent(id)}/decline`, { reason });
