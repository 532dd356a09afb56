// Likely duplicates (重复件) of a draft or of an existing issue: same place, same category, similar text, within the
// window; only issues the user may see (the same visibility rule as the issue list).
import { Inject, Injectable } from '@nestjs/common';
import { ISSUE_STATUS_LABELS } from '@app/contracts';
import { DUPLICATE_SCORE_THRESHOLD, DUPLICATE_WINDOW_DAYS } from '@app/database';
import type { AuthUser } from '../auth/auth-user';
import { ScopeService } from '../auth/scope.service';
import { issueTitle } from '../common/issue-title';
import type { SimilarIssuesQuery, SimilarIssuesView } from './similar-issues.dto';
import { type SimilarIssueRow, SimilarIssuesRepository } from './similar-issues.repository';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_CANDIDATES = 10;

@Injectable()
export class SimilarIssuesService {
  constructor(
    @Inject(SimilarIssuesRepository) private readonly repository: SimilarIssuesRepository,
    @Inject(ScopeService) private readonly scope: ScopeService,
  ) {}

  /** A draft at intake: issues raised in the last DUPLICATE_WINDOW_DAYS days. */
  async forDraft(user: AuthUser, query: SimilarIssuesQuery, now = new Date()): Promise<SimilarIssuesView> {
    const rows = await this.repository.find(this.scope.issueVisibility(user), {
      text: query.description,
      placeRegionId: query.placeRegionId,
      categoryId: query.categoryId,
      from: new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * DAY_MS),
      to: now,
      threshold: DUPLICATE_SCORE_THRESHOLD,
      limit: MAX_CANDIDATES,
    });
    return view(rows);
  }

  /** An existing issue: others of its place and category raised within the window either side of it. */
  async forIssue(user: AuthUser, issueId: string): Promise<SimilarIssuesView> {
    const issue = await this.scope.assertIssueReadable(user, await this.repository.reference(issueId));
    const at = issue.submittedAt.getTime();
    const rows = await this.repository.find(this.scope.issueVisibility(user), {
      text: issue.description,
      placeRegionId: issue.placeRegionId,
      categoryId: issue.categoryId,
      from: new Date(at - DUPLICATE_WINDOW_DAYS * DAY_MS),
      to: new Date(at + DUPLICATE_WINDOW_DAYS * DAY_MS),
      excludeIssueId: issue.id,
      threshold: DUPLICATE_SCORE_THRESHOLD,
      limit: MAX_CANDIDATES,
    });
    return view(rows);
  }
}

function view(rows: SimilarIssueRow[]): SimilarIssuesView {
  return {
    candidates: rows.map((row) => ({
      id: row.id,
      number: row.number,
      title: issueTitle(row.description),
      stationName: row.stationName,
      placeName: row.placeName,
      categoryName: row.categoryName,
      submittedAt: new Date(row.submittedAt).toISOString(),
      status: row.status,
      statusLabel: ISSUE_STATUS_LABELS[row.status],
      score: Math.round(Number(row.score) * 1000) / 1000,
    })),
    threshold: DUPLICATE_SCORE_THRESHOLD,
    windowDays: DUPLICATE_WINDOW_DAYS,
  };
}
