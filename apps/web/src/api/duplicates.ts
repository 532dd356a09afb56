// Likely duplicates (重复件) of a draft: the same place (and category), similar text, the last 60 days.
import { api } from './client';

export interface SimilarIssue {
  id: string;
  number: string;
  title: string;
  stationName: string;
  placeName: string;
  categoryName: string;
  submittedAt: string;
  status: string;
  statusLabel: string;
  score: number;
}

export interface SimilarIssues {
  candidates: SimilarIssue[];
  threshold: number;
  windowDays: number;
}

export const findSimilarIssues = (
  body: { placeRegionId: string; categoryId?: string; description: string },
  signal?: AbortSignal,
) => api.post<SimilarIssues>('/api/issues/similar', body, { signal });

/** GET /api/issues/:id/similar: the likely duplicates of an issue already raised, on either side of it in time. */
export const similarToIssue = (issueId: string, signal?: AbortSignal) =>
  api.get<SimilarIssues>(`/api/issues/${encodeURIComponent(issueId)}/similar`, undefined, signal);

export interface IssueRef {
  id: string;
  number: string;
}

export interface Hotspots {
  scope: { name: string };
  period: { from: string; to: string };
  cells: {
    placeId: string;
    placeName: string;
    categoryId: string;
    categoryName: string;
    month: string;
    count: number;
    issues: IssueRef[];
  }[];
  repeated: {
    id: string;
    number: string;
    title: string;
    placeName: string;
    categoryName: string;
    submittedAt: string;
    repeats: number;
    issues: IssueRef[];
  }[];
}

/** GET /api/supervision/hotspots: place × category × month, and the problems raised again (热点). */
export const hotspots = (period: { from: string; to: string }, signal?: AbortSignal) =>
  api.get<Hotspots>('/api/supervision/hotspots', { ...period }, signal);
