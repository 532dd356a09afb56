// Owns who may act on an issue and how: each command checks, in this order, that the caller may read the issue (404),
// may do this to it (403), and that it is not closed (409), then sends the contract's update with an id unique to
// the request. The workflow validates against its state and records to PostgreSQL before it answers, so the read
// model returned with its new state is already current.
import { ConflictException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import {
  acknowledgeUpdate,
  assignUpdate,
  coHandlerInputUpdate,
  extendUpdate,
  followUpReplyUpdate,
  rateUpdate,
  reassignUpdate,
  referUpwardUpdate,
  replyUpdate,
  sendBackUpdate,
  updateStepKey,
  urgeUpdate,
  escalationLevelOfRegion,
  type Actor,
  type IssueWorkflowState,
} from '@app/contracts';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { isPathWithin, ScopeService } from '../auth/scope.service';
import { InvalidFieldsException, type FieldErrors } from '../common/api-error';
import { afterSaved } from '../common/database-unavailable';
import { IssueWorkflowClient } from './issue-workflow.client';
import type {
  AssignDto,
  CoHandlerInputDto,
  ExtendDto,
  FollowUpReplyDto,
  IssueCommandAnswer,
  RateDto,
  ReassignDto,
  ReferUpwardDto,
  ReplyDto,
  SendBackDto,
  UrgeDto,
} from './issues.dto';
import { IssuesRepository, type IssueDetailRow } from './issues.repository';
import { IssuesService } from './issues.service';
import type { CommandReceipt } from './request-key';
import type { IssueCommand } from './update-rejections';

@Injectable()
export class IssueCommandsService {
  constructor(
    @Inject(IssuesService) private readonly issues: IssuesService,
    @Inject(IssuesRepository) private readonly repository: IssuesRepository,
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(IssueWorkflowClient) private readonly workflows: IssueWorkflowClient,
  ) {}

  // -------------------------------------------------------------------------------------------------------------
  // Departments

  async acknowledge(user: AuthUser, issueId: string, receipt: CommandReceipt): Promise<IssueCommandAnswer> {
    const issue = await this.issues.readable(user, issueId);
    const departmentId = await this.assignedDepartment(user, issue, ['lead', 'co']);
    return this.send(user, issue, 'acknowledge', acknowledgeUpdate, { departmentId, actor: actorOf(user) }, receipt);
  }

  async coHandlerInput(
    user: AuthUser,
    issueId: string,
    body: CoHandlerInputDto,
    receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    const issue = await this.issues.readable(user, issueId);
    const departmentId = await this.assignedDepartment(user, issue, ['co']);
    const input = { departmentId, text: body.text, actor: actorOf(user) };
    return this.send(user, issue, 'coHandlerInput', coHandlerInputUpdate, input, receipt);
  }

  async sendBack(
    user: AuthUser,
    issueId: string,
    body: SendBackDto,
    receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    const issue = await this.issues.readable(user, issueId);
    const departmentId = this.leadDepartment(user, issue);
    const input = { departmentId, reason: body.reason, actor: actorOf(user) };
    return this.send(user, issue, 'sendBack', sendBackUpdate, input, receipt);
  }

  async reply(user: AuthUser, issueId: string, body: ReplyDto, receipt: CommandReceipt): Promise<IssueCommandAnswer> {
    const issue = await this.issues.readable(user, issueId);
    const departmentId = this.leadDepartment(user, issue);
    const requestId = updateIdOf(user, 'reply', receipt.key);
    const input = {
      departmentId,
      replyClass: body.replyClass,
      text: body.text,
      ...(body.promisedDate ? { promisedDate: body.promisedDate } : {}),
      requestId,
      actor: actorOf(user),
    };
    return this.send(user, issue, 'reply', replyUpdate, input, receipt);
  }

  async followUpReply(
    user: AuthUser,
    issueId: string,
    body: FollowUpReplyDto,
    receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    const issue = await this.issues.readable(user, issueId);
    const departmentId = this.leadDepartment(user, issue);
    const requestId = updateIdOf(user, 'followUpReply', receipt.key);
    const input = {
      departmentId,
      replyClass: body.replyClass,
      text: body.text,
      requestId,
      actor: actorOf(user),
    };
    return this.send(user, issue, 'followUpReply', followUpReplyUpdate, input, receipt);
  }

  // -------------------------------------------------------------------------------------------------------------
  // The deputy

  async rate(user: AuthUser, issueId: string, body: RateDto, receipt: CommandReceipt): Promise<IssueCommandAnswer> {
    const issue = await this.issues.readable(user, issueId);
    const submitter =
      issue.submittedByUserId === user.id ||
      (hasRole(user, 'deputy') && user.deputyId !== null && user.deputyId === issue.deputyId);
    if (!submitter) throw new ForbiddenException('Only the deputy who submitted the issue may rate its reply');
    const comment = body.comment?.trim() ? body.comment : undefined; // stored as sent; blank is none
    const input = { rating: body.rating, ...(comment ? { comment } : {}), actor: actorOf(user) };
    return this.send(user, issue, 'rate', rateUpdate, input, receipt);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Liaison officers and supervisors

  async assign(user: AuthUser, issueId: string, body: AssignDto, receipt: CommandReceipt): Promise<IssueCommandAnswer> {
    const issue = await this.regional(user, issueId);
    await this.checkDepartments(issue, body);
    const note = body.note?.trim() ? body.note : undefined; // stored as sent; blank is none
    const input = {
      leadDepartmentId: body.leadDepartmentId,
      coHandlerDepartmentIds: body.coHandlerDepartmentIds ?? [],
      ...(note ? { note } : {}),
      actor: actorOf(user),
    };
    return this.send(user, issue, 'assign', assignUpdate, input, receipt);
  }

  async reassign(
    user: AuthUser,
    issueId: string,
    body: ReassignDto,
    receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    const issue = await this.regional(user, issueId);
    await this.checkDepartments(issue, body);
    const input = {
      leadDepartmentId: body.leadDepartmentId,
      coHandlerDepartmentIds: body.coHandlerDepartmentIds ?? [],
      reason: body.reason,
      actor: actorOf(user),
    };
    return this.send(user, issue, 'reassign', reassignUpdate, input, receipt);
  }

  async urge(user: AuthUser, issueId: string, body: UrgeDto, receipt: CommandReceipt): Promise<IssueCommandAnswer> {
    const issue = await this.regional(user, issueId);
    return this.send(user, issue, 'urge', urgeUpdate, { note: body.note, actor: actorOf(user) }, receipt);
  }

  async extend(user: AuthUser, issueId: string, body: ExtendDto, receipt: CommandReceipt): Promise<IssueCommandAnswer> {
    const issue = await this.regional(user, issueId);
    const input = {
      ...(body.extraWorkingDays !== undefined ? { extraWorkingDays: body.extraWorkingDays } : {}),
      ...(body.newDueDate !== undefined ? { newDueDate: body.newDueDate } : {}),
      reason: body.reason,
      actor: actorOf(user),
    };
    return this.send(user, issue, 'extend', extendUpdate, input, receipt);
  }

  async referUpward(
    user: AuthUser,
    issueId: string,
    body: ReferUpwardDto,
    receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    const issue = await this.regional(user, issueId);
    const input = { reason: body.reason, actor: actorOf(user), referrerLevel: await this.ownLevel(user, issue) };
    return this.send(user, issue, 'referUpward', referUpwardUpdate, input, receipt);
  }

  /**
   * The escalation level of the body the user refers from: their broadest liaison or supervisor scope over the issue
   * (a county liaison office is level 2, so its referral goes to the city, level 3; defect 7e).
   */
  private async ownLevel(user: AuthUser, issue: IssueDetailRow): Promise<number> {
    const roots = (['liaison', 'supervisor'] as const)
      .flatMap((role) => this.scope.regionPathsFor(user, role))
      .filter((root) => isPathWithin(issue.regionPath, root));
    const levels = await this.repository.regionLevels(roots);
    return Math.max(0, ...levels.map(escalationLevelOfRegion));
  }

  // -------------------------------------------------------------------------------------------------------------

  /**
   * Sends the update stamped with the request's arrival (nothing is sent for a closed issue) and answers with the
   * new state and the read model, or, when the workflow accepted it but has not carried it out yet, with what the
   * caller needs to see the outcome (the controller answers that 202).
   */
  private async send<I>(
    user: AuthUser,
    issue: IssueDetailRow,
    command: IssueCommand,
    definition: UpdateDefinition<IssueWorkflowState, [I]>,
    input: I,
    receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    const updateId = updateIdOf(user, command, receipt.key);
    if (issue.status === 'closed') {
      // The same request again (same Idempotency-Key) for the command that closed the issue — a rating answered 202
      // and followed up as the 202 asks — gets that command's outcome; anything else on a closed issue is refused.
      if (!(await this.repository.hasStep(issue.id, updateStepKey(updateId)))) throw closed();
      const ended = await this.workflows.endState(issue.id);
      const summary = await this.issues.summary(issue.id);
      if (ended) return { state: ended, issue: summary };
      return { accepted: { command, updateId, receivedAt: receipt.receivedAt }, issue: summary };
    }
    const outcome = await this.workflows.send(issue.id, command, definition, input, updateId, receipt.receivedAt);
    const summary = await this.issues
      .summary(issue.id)
      .catch(afterSaved(`The ${command} was ${outcome.done ? 'carried out' : 'accepted by the issue’s workflow'}.`));
    if (outcome.done) return { state: outcome.state, issue: summary };
    return { accepted: { command, updateId, receivedAt: receipt.receivedAt }, issue: summary };
  }

  /** The issue, for a liaison officer or supervisor whose scope covers it. */
  private async regional(user: AuthUser, issueId: string): Promise<IssueDetailRow> {
    const issue = await this.issues.readable(user, issueId);
    this.scope.assertInRegion(user, ['liaison', 'supervisor'], issue.regionPath);
    return issue;
  }

  /** The caller's department, if it holds an open assignment of the current round in one of `roles`. */
  private async assignedDepartment(user: AuthUser, issue: IssueDetailRow, roles: ('lead' | 'co')[]): Promise<string> {
    const departmentId = user.departmentId;
    if (!hasRole(user, 'department') || !departmentId) throw new ForbiddenException('Only a department may do this');
    if (issue.status === 'closed') throw closed(); // its assignments ended with it: say why, not "not yours"
    const open = await this.repository.openAssignments(issue.id, departmentId);
    if (!open.some((assignment) => roles.includes(assignment.role))) {
      throw new ForbiddenException(
        roles.includes('lead')
          ? 'Your department has no open assignment on this issue'
          : 'Your department is not a co-handler of this issue',
      );
    }
    return departmentId;
  }

  /** The caller's department, if it is the issue's lead department. */
  private leadDepartment(user: AuthUser, issue: IssueDetailRow): string {
    if (!issue.leadDepartmentId || !this.scope.canActAsDepartment(user, issue.leadDepartmentId)) {
      throw new ForbiddenException('Only the lead department may do this');
    }
    return issue.leadDepartmentId;
  }

  /** The departments named exist, are active and serve the issue's place (their region covers it). */
  private async checkDepartments(issue: IssueDetailRow, body: AssignDto): Promise<void> {
    const coHandlers = body.coHandlerDepartmentIds ?? [];
    const departments = await this.repository.departments([body.leadDepartmentId, ...coHandlers]);
    const fields: FieldErrors = {};
    const problem = (id: string): string | null => {
      const department = departments.get(id);
      if (!department) return 'does not name a department';
      if (!department.active) return 'names a department that is no longer active';
      if (!isPathWithin(issue.regionPath, department.regionPath))
        return "names a department that does not serve the issue's place";
      return null;
    };
    const lead = problem(body.leadDepartmentId);
    if (lead) fields.leadDepartmentId = [`leadDepartmentId ${lead}`];
    coHandlers.forEach((id, index) => {
      const path = `coHandlerDepartmentIds.${index}`;
      if (id === body.leadDepartmentId) fields[path] = ['a co-handler cannot also be the lead department'];
      else {
        const co = problem(id);
        if (co) fields[path] = [`${path} ${co}`];
      }
    });
    if (Object.keys(fields).length) throw new InvalidFieldsException(fields);
  }
}

function closed(): ConflictException {
  return new ConflictException('The issue is closed (IssueClosed)');
}

function actorOf(user: AuthUser): Actor {
  return { userId: user.id, label: user.displayName };
}

/** Unique per request: the caller's Idempotency-Key (or a fresh uuid) under the command and the caller. */
function updateIdOf(user: AuthUser, command: IssueCommand, requestKey: string): string {
  return `${command}:${user.id}:${requestKey}`;
}
