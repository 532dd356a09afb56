// Requests from the people concerned (apps/api/src/subject-requests): find, export, correct and erase a voter's data.
// Numbers travel in POST bodies, never in a URL.
import { api } from './client';
import type { IssueStatus } from './types';
import { fetchFile } from './supervision';

export interface SubjectLookup {
  phone?: string;
  idNumber?: string;
  email?: string;
  purpose: string;
}

export interface SubjectVoter {
  name: string | null;
  phone: string | null;
  idNumber: string | null;
  address: string | null;
}

export interface SubjectIssue {
  id: string;
  status: IssueStatus;
  statusLabel: string;
  submittedAt: string;
  closedAt: string | null;
  stationName: string;
  deputyName: string;
  description: string;
  voter: SubjectVoter;
  erasable: boolean;
}

/** The Open311 client a submission came through, and the reporter it named (null once erased). */
export interface SubjectOpen311 {
  clientName: string;
  reporterFirstName: string | null;
  reporterLastName: string | null;
  deviceId: string | null;
  accountId: string | null;
  addressString: string | null;
}

/** A contact left through a station's QR code or an Open311 client. */
export interface SubjectSubmission {
  id: string;
  status: 'pending' | 'accepted' | 'merged' | 'declined';
  statusLabel: string;
  submittedAt: string;
  stationName: string;
  description: string;
  contactPhone: string | null;
  contactEmail: string | null;
  issueId: string | null;
  open311: SubjectOpen311 | null;
  erasable: boolean;
}

export interface VoterCorrection {
  name?: string;
  phone?: string;
  idNumber?: string;
  address?: string;
  reason: string;
}

export const searchSubject = (lookup: SubjectLookup) =>
  api.post<{ issues: SubjectIssue[]; submissions: SubjectSubmission[] }>('/api/subject-requests/search', lookup);

export const exportSubject = (lookup: SubjectLookup, format: 'xlsx' | 'json') =>
  fetchFile('/api/subject-requests/export', undefined, `个人信息.${format}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...lookup, format }),
  });

export const correctVoter = (issueId: string, correction: VoterCorrection) =>
  api.request<SubjectIssue>('PATCH', `/api/subject-requests/issues/${encodeURIComponent(issueId)}/voter`, {
    body: correction,
  });

export const eraseVoter = (issueId: string, reason: string) =>
  api.post<SubjectIssue>(`/api/subject-requests/issues/${encodeURIComponent(issueId)}/erase`, { reason });

export const eraseSubmission = (submissionId: string, reason: string) =>
  api.post<SubjectSubmission>(`/api/subject-requests/submissions/${encodeURIComponent(submissionId)}/erase`, {
    reason,
  });
