// Owns who may act on an issue and how: each command checks, in this order, that the caller may read the issue (404),
// may do this to it (403), and that it is not closed (409), then sends the contract's update with an id unique to
// the request. The workflow validates against its state and records to PostgreSQL before it answers, so the read
// model returned with its new state is already current.
import { ConflictException, ForbiddenException, HttpException, Inject, Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import {
  acknowledgeUpdate,
  assignUpdate,
  coHandlerInputUpdate,
  extendUpdate,
  followUpReplyUpdate,
  mergeIntoUpdate,
  rateUpdate,
  reassignUpdate,
  referUpwardUpdate,
  replyUpdate,
  sendBackUpdate,
  updateStepKey,
  urgeUpdate,
  escalationLevelOfRegion,
  COMMAND_ADMISSION_MS,
  type Actor,
  type IssueWorkflowState,
} from '@app/contracts';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { isPathWithin, ScopeService } from '../auth/scope.service';
import { InvalidFieldsException, type FieldErrors } from '../common/api-error';
import { afterSaved } from '../common/database-unavailable';
import { CommandReceiptsService, outcomeUrlOf } from './command-receipts.service';
import { IssueWorkflowClient, type CommandOutcome } from './issue-workflow.client';
import type {
  AssignDto,
  CoHandlerInputDto,
  ExtendDto,
  FollowUpReplyDto,
  IssueCommandAnswer,
  MergeIntoDto,
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
import { CommandNotTakenException, type IssueCommand } from './update-rejections';

@Injectable()
export class IssueCommandsService {
  constructor(
    @Inject(IssuesService) private readonly issues: IssuesService,
    @Inject(IssuesRepository) private readonly repository: IssuesRepository,
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(IssueWorkflowClient) private readonly workflows: IssueWorkflowClient,
    @Inject(CommandReceiptsService) private readonly receipts: CommandReceiptsService,
  ) {}

  // -------------------------------------------------------------------------------------------------------------
  // Departments

  async acknowledge(user: AuthUser, issueId: string, receipt: CommandReceipt): Promise<IssueCommandAnswer> {
    const issue = await this.issues.readable(user, issueId);
    const departmentId = await this.assignedDepartment(user, issue, ['lead', 'co']);
    const input = { departmentId, actor: actorOf(user) };
    return this.send(user, issue, 'acknowledge', acknowledgeUpdate, input, receipt, {});
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
    return this.send(user, issue, 'coHandlerInput', coHandlerInputUpdate, input, receipt, body);
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
    return this.send(user, issue, 'sendBack', sendBackUpdate, input, receipt, body);
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
    return this.send(user, issue, 'reply', replyUpdate, input, receipt, body);
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
    return this.send(user, issue, 'followUpReply', followUpReplyUpdate, input, receipt, body);
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
    return this.send(user, issue, 'rate', rateUpdate, input, receipt, body);
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
    return this.send(user, issue, 'assign', assignUpdate, input, receipt, body);
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
    return this.send(user, issue, 'reassign', reassignUpdate, input, receipt, body);
  }

  async urge(user: AuthUser, issueId: string, body: UrgeDto, receipt: CommandReceipt): Promise<IssueCommandAnswer> {
    const issue = await this.regional(user, issueId);
    return this.send(user, issue, 'urge', urgeUpdate, { note: body.note, actor: actorOf(user) }, receipt, body);
  }

  async extend(user: AuthUser, issueId: string, body: ExtendDto, receipt: CommandReceipt): Promise<IssueCommandAnswer> {
    const issue = await this.regional(user, issueId);
    const input = {
      ...(body.extraWorkingDays !== undefined ? { extraWorkingDays: body.extraWorkingDays } : {}),
      ...(body.newDueDate !== undefined ? { newDueDate: body.newDueDate } : {}),
      reason: body.reason,
      actor: actorOf(user),
    };
    return this.send(user, issue, 'extend', extendUpdate, input, receipt, body);
  }

  async referUpward(
    user: AuthUser,
    issueId: string,
    body: ReferUpwardDto,
    receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    const issue = await this.regional(user, issueId);
    const input = { reason: body.reason, actor: actorOf(user), referrerLevel: await this.ownLevel(user, issue) };
    return this.send(user, issue, 'referUpward', referUpwardUpdate, input, receipt, body);
  }

  /**
   * Merges this repeated issue into another (重复件合并): both in the caller's region, of the same place, the target
   * open and this one neither closed nor merged already. The workflow closes this one with outcome `merged`; the
   * target's reply and closing then reach this one's deputy and voters (the worker's notices follow the link).
   */
  async mergeInto(
    user: AuthUser,
    issueId: string,
    body: MergeIntoDto,
    receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    const issue = await this.regional(user, issueId);
    if (issue.mergedIntoIssueId) {
      throw new ConflictException(`The issue was already merged into ${issue.mergedIntoNumber} (AlreadyMerged)`);
    }
    if (body.targetIssueId === issue.id) {
      throw new InvalidFieldsException({ targetIssueId: ['targetIssueId: an issue cannot be merged into itself'] });
    }
    const target = await this.issues.readable(user, body.targetIssueId).catch((error: unknown) => {
      if (error instanceof HttpException && error.getStatus() === 404) {
        throw new InvalidFieldsException({ targetIssueId: ['targetIssueId does not name an issue you may see'] });
      }
      throw error;
    });
    this.scope.assertInRegion(user, ['liaison', 'supervisor'], target.regionPath);
    if (target.placeRegionId !== issue.placeRegionId) {
      throw new InvalidFieldsException({ targetIssueId: ['targetIssueId names an issue about another place'] });
    }
    if (target.status === 'closed') {
      throw new ConflictException(`Issue ${target.number} is closed: nothing can be merged into it (IssueClosed)`);
    }
    const reason = body.reason?.trim() ? body.reason : undefined; // stored as sent; blank is none
    const input = {
      targetIssueId: target.id,
      targetNumber: target.number,
      ...(reason ? { reason } : {}),
      actor: actorOf(user),
    };
    return this.send(user, issue, 'mergeInto', mergeIntoUpdate, input, receipt, body);
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
   * Saves the command's first receipt, then sends the update stamped with it (nothing is sent for a closed issue),
   * and answers with the new state and the read model; or 202 when it is not carried out yet: accepted by the
   * workflow, or saved and delivered later by the worker's receipt reconciler (the workflow was busy or stopped).
   * A resend with the same key is judged at the first receipt, and a refused command is refused again as it was.
   */
  private async send<I>(
    user: AuthUser,
    issue: IssueDetailRow,
    command: IssueCommand,
    definition: UpdateDefinition<IssueWorkflowState, [I]>,
    input: I,
    request: CommandReceipt,
    body: object,
  ): Promise<IssueCommandAnswer> {
    const updateId = updateIdOf(user, command, request.key);
    const receipt = await this.receipts.receive({
      user,
      issueId: issue.id,
      command,
      updateId,
      body,
      input,
      receipt: request,
    });
    const refused = this.receipts.rejectionOf(receipt);
    if (refused) throw refused;
    const receivedAt = receipt.receivedAt;
    const accepted = async (stage: 'saved' | 'accepted'): Promise<IssueCommandAnswer> => ({
      accepted: {
        command,
        updateId,
        receivedAt,
        stage,
        outcomeUrl: outcomeUrlOf(issue.id, request.key),
        message:
          stage === 'saved'
            ? `Saved, received at ${receivedAt}: the issue’s workflow could not take it yet (its worker is busy or ` +
              `stopped); it will be carried out as received at that instant, without a resend. See the outcome at ` +
              outcomeUrlOf(issue.id, request.key)
            : `Accepted by the issue’s workflow, received at ${receivedAt}, and being carried out. See the outcome at ` +
              outcomeUrlOf(issue.id, request.key),
      },
      issue: await this.issues
        .summary(issue.id)
        .catch(afterSaved(`The ${command} was ${stage === 'saved' ? 'saved' : 'accepted by the issue’s workflow'}.`)),
    });
    if (issue.status === 'closed') {
      // The same request again (same Idempotency-Key) for the command that closed the issue — a rating answered 202
      // and followed up as the 202 asks — gets that command's outcome; anything else on a closed issue is refused.
      if (!(await this.repository.hasStep(issue.id, updateStepKey(updateId)))) {
        await this.receipts.settle(receipt, { rejected: closed() });
        throw closed();
      }
      const ended = await this.workflows.endState(issue.id);
      if (ended) {
        await this.receipts.settle(receipt, { applied: ended.status });
        return { state: ended, issue: await this.issues.summary(issue.id) };
      }
      return accepted('accepted');
    }
    let outcome: CommandOutcome;
    try {
      // Stamped with the first receipt; this request waits COMMAND_ADMISSION_MS from its own arrival (a resend's
      // first receipt may lie long past).
      const admitBy = Date.parse(request.receivedAt) + COMMAND_ADMISSION_MS;
      outcome = await this.workflows.send(issue.id, command, definition, input, updateId, receivedAt, admitBy);
    } catch (error) {
      // Not taken in time: saved all the same, so the worker's receipt reconciler delivers it (with its receipt time
      // and update id, so at most once); the deadline steps after its receipt wait for it.
      if (error instanceof CommandNotTakenException) return accepted('saved');
      if (error instanceof HttpException && error.getStatus() < 500) {
        await this.receipts.settle(receipt, { rejected: error });
      }
      throw error;
    }
    if (!outcome.done) return accepted('accepted');
    const carriedOut = afterSaved(`The ${command} was carried out.`);
    await this.receipts.settle(receipt, { applied: outcome.state.status }).catch(carriedOut);
    return { state: outcome.state, issue: await this.issues.summary(issue.id).catch(carriedOut) };
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
