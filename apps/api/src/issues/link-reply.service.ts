// Owns replying by a signed link, without an account: the link names the department and the assignment, the
// workflow decides whether the reply is acceptable, and the link is used up only with an accepted reply.
//
// Ordering, with no transaction or lock held while the workflow answers (up to UPDATE_TIMEOUT_MS):
//   1. refuse a used link (410) and an assignment that is no longer open for a reply (409, 403);
//   2. claim the link (ReplyLinkService.claim, one statement): a second submission while the first is with the
//      workflow gets 409 at once instead of queueing on a pooled connection;
//   3. send the reply update, with the link's nonce as update id and request id;
//   4. accepted: the link is used up (complete); refused, failed or timed out: the claim is released, so the link still
//      works for a corrected answer or a retry. A retry sends the same update id, which Temporal answers with the
//      first outcome if the first one was in fact accepted, and the link is used up then.
// The workflow's validator is what decides whether a reply is acceptable; step 1 only answers the obvious cases early.
import { ConflictException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { HANDLING_STATUSES, replyUpdate } from '@app/contracts';
import { PersonalDataService } from '../auth/personal-data.service';
import { ReplyLinkError, ReplyLinkService, type ReplyLinkClaims } from '../auth/reply-link.service';
import { toSummary } from './issue-views';
import { IssueWorkflowClient } from './issue-workflow.client';
import type { IssueCommandResult, ReplyDto } from './issues.dto';
import { IssuesRepository, type LinkedAssignmentRow } from './issues.repository';
import { IssuesService } from './issues.service';
import type { ReplyLinkView } from './reply-links.dto';

@Injectable()
export class LinkReplyService {
  constructor(
    @Inject(ReplyLinkService) private readonly links: ReplyLinkService,
    @Inject(IssuesRepository) private readonly repository: IssuesRepository,
    @Inject(IssuesService) private readonly issues: IssuesService,
    @Inject(PersonalDataService) private readonly personalData: PersonalDataService,
    @Inject(IssueWorkflowClient) private readonly workflows: IssueWorkflowClient,
  ) {}

  /** What the reply form shows: the link must be valid, unexpired and unused. */
  async show(token: string): Promise<ReplyLinkView> {
    const claims = await this.links.check(token);
    const assignment = await this.assignmentOf(claims);
    const row = await this.repository.findById(assignment.issueId);
    if (!row) throw new ReplyLinkError('invalid');
    return {
      department: { id: assignment.departmentId, name: assignment.departmentName },
      assignment: {
        id: assignment.assignmentId,
        role: assignment.role,
        round: assignment.round,
        status: assignment.status,
        dueAt: assignment.dueAt,
      },
      issue: toSummary(row, await this.personalData.masked(row)),
      canReply: openForReply(assignment) === null,
      expiresAt: claims.expiresAt,
    };
  }

  async reply(token: string, body: ReplyDto, receivedAt?: string): Promise<IssueCommandResult> {
    const claims = await this.links.check(token); // 410 once an earlier submission of this link was accepted
    const requestId = `reply-link:${claims.nonce}`;
    const assignment = await this.assignmentOf(claims);
    const refusal = openForReply(assignment);
    if (refusal === 'not_lead') throw new ForbiddenException('This link is for co-handling, not for the reply');
    if (refusal) throw new ConflictException(`This assignment is no longer open for a reply (${refusal})`);
    const claim = await this.links.claim(token, claims.assignmentId);
    let state: IssueCommandResult['state'];
    try {
      state = await this.workflows.update(
        assignment.issueId,
        'reply',
        replyUpdate,
        {
          departmentId: assignment.departmentId,
          replyClass: body.replyClass,
          text: body.text,
          ...(body.promisedDate ? { promisedDate: body.promisedDate } : {}),
          requestId,
          actor: { label: assignment.departmentName },
        },
        requestId,
        receivedAt,
      );
    } catch (error) {
      await this.links.release(claim);
      throw error;
    }
    await this.links.complete(claim);
    return { state, issue: await this.issues.summary(assignment.issueId) };
  }

  private async assignmentOf(claims: ReplyLinkClaims): Promise<LinkedAssignmentRow> {
    const assignment = await this.repository.linkedAssignment(claims.assignmentId);
    // The link names the department; the assignment must still be that department's.
    if (!assignment || assignment.departmentId !== claims.departmentId) throw new ReplyLinkError('other_assignment');
    return assignment;
  }
}

type Refusal = 'not_lead' | 'issue_closed' | 'not_handling' | 'assignment_ended' | 'earlier_round';

/** Why this assignment cannot take a reply now, or null when it can: a link proves who, not when. */
function openForReply(assignment: LinkedAssignmentRow): Refusal | null {
  if (assignment.role !== 'lead') return 'not_lead';
  if (assignment.issueStatus === 'closed') return 'issue_closed';
  if (assignment.round !== assignment.issueRound) return 'earlier_round';
  if (!['assigned', 'acknowledged'].includes(assignment.status)) return 'assignment_ended';
  if (assignment.leadDepartmentId !== assignment.departmentId || !HANDLING_STATUSES.includes(assignment.issueStatus)) {
    return 'not_handling';
  }
  return null;
}
