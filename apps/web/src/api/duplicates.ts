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
