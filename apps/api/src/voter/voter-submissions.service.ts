// Owns the rules of the voter's channel: a QR code's public facts, a voter's submission (challenge, limits, notice),
// the deputy's decision (accept through the normal intake path, merge, decline), and the voter's status page.
import {
  ConflictException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  describeReceptionRule,
  ISSUE_STATUS_LABELS,
  parseReceptionRule,
  REPLY_CLASS_LABELS,
  submissionDecidedSignal,
  voterSubmissionWorkflowId,
  type IssueStatus,
  type ReplyClass,
} from '@app/contracts';
import type { VoterSubmissionStatus } from '@app/database';
import { MailOutbox, voterNoticeOutboxMail, voterTrackUrl, type VoterNotice } from '@app/mail';
import { startVoterSubmissionWorkflow, TemporalClientService } from '@app/temporal';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { maskEmail, maskPhone } from '../auth/masking';
import { ScopeService } from '../auth/scope.service';
import { InvalidFieldsException, invalidField } from '../common/api-error';
import { pageOf, type Page } from '../common/pagination';
import type { IssueSummaryView } from '../issues/issues.dto';
import { IssuesService } from '../issues/issues.service';
import { CaptchaService, type CaptchaProblem } from './captcha.service';
import { newTrackingSecret, parseTrackingCode, secretHash, secretMatches, trackingCode } from './tracking-code';
import type {
  AcceptSubmissionDto,
  CodeTargetView,
  SubmissionQuery,
  SubmissionReceiptView,
  SubmissionView,
  TrackStepView,
  TrackView,
  VoterSubmissionDto,
} from './voter.dto';
import { VoterSubmissionsRepository, type SubmissionRow } from './voter-submissions.repository';

/** The notice a voter accepts; its version is stored with each submission, so a changed text is a new version. */
export const NOTICE_VERSION = '2026-12';
export const PERSONAL_INFORMATION_NOTICE =
  '个人信息告知：您填写的手机号码或电子邮箱仅用于向您告知本事项的受理、办理和答复情况；反映内容将转交人大代表和承办部门办理。' +
  '联系方式对其他人掩码显示，事项办结后按规定期限删除。您可凭查询码查看办理进展。提交即表示您同意上述处理。';

export const SUBMISSION_STATUS_LABELS: Readonly<Record<VoterSubmissionStatus, string>> = {
  pending: '待代表处理',
  accepted: '已受理',
  merged: '已并入同类事项办理',
  declined: '未予受理',
};

const CAPTCHA_MESSAGES: Readonly<Record<CaptchaProblem, string>> = {
  invalid: 'captchaToken is not a challenge this service issued',
  expired: 'the challenge expired: load a new one',
  used: 'the challenge was answered before: load a new one',
  wrong: 'captchaAnswer is not the number in the image',
};

const DAY_MS = 86_400_000;

/** A submission as every channel files it: one of phone and email at least; the place in the station's township. */
export interface SubmissionIntake {
  stationId: string;
  deputyId: string | null;
  placeRegionId: string;
  description: string;
  phone: string | null;
  email: string | null;
}

@Injectable()
export class VoterSubmissionsService {
  private readonly logger = new Logger(VoterSubmissionsService.name);

  constructor(
    @Inject(VoterSubmissionsRepository) private readonly repository: VoterSubmissionsRepository,
    @Inject(CaptchaService) private readonly captcha: CaptchaService,
    @Inject(IssuesService) private readonly issues: IssuesService,
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(MailOutbox) private readonly outbox: MailOutbox,
    @Inject(TemporalClientService) private readonly temporal: TemporalClientService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // -------------------------------------------------------------------------------------------------------------
  // The voter's side (public)

  /** What a station's (or one of its deputies') code shows; 404 for a station or pair that does not exist. */
  async codeTarget(stationId: string, deputyId: string | null): Promise<CodeTargetView> {
    const target = await this.repository.codeTarget(stationId, deputyId);
    if (!target) throw new NotFoundException('No such station code');
    const places = await this.repository.places(target.townshipRegionId);
    const rule = parseReceptionRule(target.receptionRule);
    return {
      station: { id: target.stationId, name: target.stationName },
      deputy: target.deputyId ? { id: target.deputyId, name: target.deputyName ?? '' } : null,
      receptionDays: rule ? describeReceptionRule(rule) : null,
      places: places.map((p) => ({ id: p.id, name: p.name })),
      defaultPlaceId: places.some((p) => p.id === target.stationRegionId)
        ? target.stationRegionId
        : target.townshipRegionId,
      noticeVersion: NOTICE_VERSION,
      notice: PERSONAL_INFORMATION_NOTICE,
    };
  }

  newCaptcha() {
    return this.captcha.create();
  }

  async submit(input: VoterSubmissionDto): Promise<SubmissionReceiptView> {
    const phone = input.phone?.trim() ? compactPhone(input.phone) : null;
    const email = input.email?.trim() ? input.email.trim().toLowerCase() : null;
    if (!phone && !email) {
      const message = 'phone or email is needed, so that you can be told how your submission is handled';
      throw new InvalidFieldsException({ phone: [message], email: [message] });
    }
    const problem = await this.captcha.check(input.captchaToken, input.captchaAnswer);
    if (problem) throw invalidField('captchaAnswer', CAPTCHA_MESSAGES[problem]);
    const { submissionId, trackingCode: code } = await this.file({
      stationId: input.stationId,
      deputyId: input.deputyId ?? null,
      placeRegionId: input.placeRegionId,
      description: input.description,
      phone,
      email,
    });
    return { submissionId, trackingCode: code, statusUrl: voterTrackUrl(this.config.PUBLIC_URL) };
  }

  /**
   * Files a submission once its sender is known to be no robot (the voter page's challenge, an Open311 client's key):
   * the per-contact limit, the station (and deputy) and the place checked, the row and the voter's received mail in one
   * transaction with whatever `withSubmission` adds, then the submission's workflow. Errors name the intake's fields.
   */
  async file(
    intake: SubmissionIntake,
    withSubmission?: (tx: EntityManager, submissionId: string) => Promise<void>,
  ): Promise<{ submissionId: string; trackingCode: string; submittedAt: Date }> {
    const { phone, email } = intake;
    if (!phone && !email) {
      const message = 'phone or email is needed, so that you can be told how your submission is handled';
      throw new InvalidFieldsException({ phone: [message], email: [message] });
    }
    const recent = await this.repository.countByContact(phone, email, new Date(Date.now() - DAY_MS));
    if (recent >= this.config.VOTER_SUBMISSIONS_PER_CONTACT_PER_DAY) {
      throw new HttpException(
        {
          message: `At most ${this.config.VOTER_SUBMISSIONS_PER_CONTACT_PER_DAY} submissions a day from one phone number or email address: try again tomorrow`,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const target = await this.repository.codeTarget(intake.stationId, intake.deputyId);
    if (!target) {
      throw invalidField(intake.deputyId ? 'deputyId' : 'stationId', 'the code names no station (or deputy of it)');
    }
    const places = await this.repository.places(target.townshipRegionId);
    if (!places.some((p) => p.id === intake.placeRegionId)) {
      throw invalidField('placeRegionId', "placeRegionId must be the station's township or a village of it");
    }

    const id = randomUUID();
    const secret = newTrackingSecret();
    const code = trackingCode(id, secret);
    const submittedAt = await this.repository.transaction(async (tx) => {
      const at = await this.repository.insert(tx, {
        id,
        stationId: target.stationId,
        deputyId: target.deputyId,
        placeRegionId: intake.placeRegionId,
        description: intake.description,
        contactPhone: phone,
        contactEmail: email,
        noticeVersion: NOTICE_VERSION,
        secretHash: secretHash(secret),
        workflowId: voterSubmissionWorkflowId(id),
      });
      await withSubmission?.(tx, id);
      // The only mail that carries the whole code: it is never stored, so this is the one chance to send it.
      await this.notifyVoter(tx, { kind: 'received', submissionId: id, issueId: null, trackingCode: code }, email);
      return at;
    });
    await this.startWorkflow(id, submittedAt);
    return { submissionId: id, trackingCode: code, submittedAt };
  }

  /** The status page's facts; 404 for a code that is malformed, unknown, or whose secret is wrong (all alike). */
  async track(code: string): Promise<TrackView> {
    const row = await this.byCode(code);
    const steps: TrackStepView[] = [{ step: 'submitted', label: '已提交', at: row.submittedAt.toISOString() }];
    if (row.decidedAt) {
      steps.push({ step: row.status, label: SUBMISSION_STATUS_LABELS[row.status], at: row.decidedAt.toISOString() });
    }
    const issue = row.issueId ? await this.repository.trackedIssue(row.issueId) : null;
    const replies = issue ? await this.repository.publishedReplies(issue.id) : [];
    if (issue) {
      // The issue's own steps from the moment this voter joined it (a merged submission joins a running issue).
      const since = row.decidedAt?.getTime() ?? 0;
      const at = (date: Date | null) => (date ? new Date(Math.max(date.getTime(), since)).toISOString() : null);
      const assigned = at(issue.assignedAt);
      const replied = at(issue.firstRepliedAt);
      const closed = at(issue.closedAt);
      if (assigned) steps.push({ step: 'assigned', label: '已交办承办部门', at: assigned });
      if (replied) steps.push({ step: 'replied', label: '承办部门已答复', at: replied });
      if (closed) steps.push({ step: 'closed', label: '已办结', at: closed });
    }
    return {
      submissionId: row.id,
      status: row.status,
      statusLabel: SUBMISSION_STATUS_LABELS[row.status],
      stationName: row.stationName,
      placeName: row.placeName,
      description: row.description,
      contact: maskedContact(row),
      declineReason: row.status === 'declined' ? row.decisionReason : null,
      steps,
      // The readable 事项编号 goes in `number` once issues carry one; until then only the id.
      issue: issue
        ? {
            id: issue.id,
            number: null,
            status: issue.status,
            statusLabel: ISSUE_STATUS_LABELS[issue.status as IssueStatus] ?? issue.status,
          }
        : null,
      replies: replies.map((r) => ({
        repliedAt: r.repliedAt.toISOString(),
        replyClass: r.replyClass,
        replyClassLabel: `${r.replyClass}：${REPLY_CLASS_LABELS[r.replyClass as ReplyClass] ?? ''}`,
        departmentName: r.departmentName,
        text: r.text,
      })),
      voterSolved: row.voterSolved,
      canSaySolved: Boolean(issue?.firstRepliedAt),
    };
  }

  /** The voter says whether it was solved, once the issue has a reply; they may change their answer. */
  async saySolved(code: string, solved: boolean): Promise<TrackView> {
    const row = await this.byCode(code);
    const issue = row.issueId ? await this.repository.trackedIssue(row.issueId) : null;
    if (!issue?.firstRepliedAt)
      throw new ConflictException('There is no reply yet to say whether it solved the problem');
    await this.repository.recordVoterSolved(row.id, solved);
    return this.track(code);
  }

  private async byCode(code: string): Promise<SubmissionRow> {
    const parsed = parseTrackingCode(code);
    const row = parsed ? await this.repository.findById(parsed.submissionId) : null;
    if (!parsed || !row || !secretMatches(parsed.secret, row.secretHash)) {
      throw new NotFoundException('No submission has this tracking code');
    }
    return row;
  }

  // -------------------------------------------------------------------------------------------------------------
  // The deputy's side (signed in)

  async inbox(user: AuthUser, query: SubmissionQuery): Promise<Page<SubmissionView>> {
    const { rows, total } = await this.repository.inbox(
      { userId: user.id, deputyId: user.deputyId, liaisonRoots: this.scope.regionPathsFor(user, 'liaison') },
      query.status,
      { limit: query.limit, offset: query.offset },
    );
    return pageOf(rows.map(toView), total, query);
  }

  async detail(user: AuthUser, id: string): Promise<SubmissionView> {
    return toView(await this.decidable(user, id));
  }

  async accept(
    user: AuthUser,
    id: string,
    input: AcceptSubmissionDto,
  ): Promise<{ submission: SubmissionView; issue: IssueSummaryView }> {
    const row = await this.decidable(user, id);
    if (row.status !== 'pending' && !(row.status === 'accepted' && row.issueId)) throw alreadyDecided(row);
    // The deputy accepting is the submitter; a liaison officer accepts on behalf of the code's deputy (or the head).
    const deputyId = user.deputyId === row.deciderDeputyId ? user.deputyId : row.deciderDeputyId;
    if (!deputyId) {
      throw new ConflictException('This station has no head deputy: one of its deputies must accept the submission');
    }
    const submitter = {
      userId: user.deputyId === deputyId ? user.id : (row.deciderDeputyUserId ?? user.id),
      deputyId,
      label: user.displayName,
    };
    const { issue } = await this.issues.intake(
      submitter,
      {
        stationId: row.stationId,
        categoryId: input.categoryId,
        placeRegionId: input.placeRegionId ?? row.placeRegionId,
        channel: 'voter_code',
        urgency: input.urgency,
        description: row.description,
        voterName: null,
        voterPhone: row.contactPhone,
        voterIdNumber: null,
        voterAddress: null,
        attachments: [],
      },
      `voter-submission:${row.id}`,
      {
        withIssue: async (tx, issueId) => {
          if (
            !(await this.repository.decide(tx, row.id, { status: 'accepted', issueId, reason: null, userId: user.id }))
          ) {
            throw alreadyDecided(row);
          }
          await this.notifyVoter(tx, { kind: 'accepted', submissionId: row.id, issueId }, row.contactEmail);
        },
      },
    );
    await this.signalDecided(row);
    return { submission: toView((await this.repository.findById(row.id))!), issue };
  }

  async merge(user: AuthUser, id: string, issueId: string): Promise<SubmissionView> {
    const row = await this.decidable(user, id);
    if (row.status !== 'pending') throw alreadyDecided(row);
    const target = await this.repository.mergeTarget(issueId);
    // Only into an issue of the deciding deputy's that the user may read: nothing reaches another deputy's issue.
    if (!target || target.deputyId !== row.deciderDeputyId || !(await this.scope.canReadIssue(user, target.id))) {
      throw invalidField('issueId', "issueId must name one of this deputy's issues");
    }
    if (target.status === 'closed') throw invalidField('issueId', 'that issue is closed: accept this as a new issue');
    await this.repository.transaction(async (tx) => {
      if (!(await this.repository.decide(tx, row.id, { status: 'merged', issueId, reason: null, userId: user.id }))) {
        throw alreadyDecided(row);
      }
      await this.notifyVoter(tx, { kind: 'merged', submissionId: row.id, issueId }, row.contactEmail);
    });
    await this.signalDecided(row);
    return toView((await this.repository.findById(row.id))!);
  }

  async decline(user: AuthUser, id: string, reason: string): Promise<SubmissionView> {
    const row = await this.decidable(user, id);
    if (row.status !== 'pending') throw alreadyDecided(row);
    await this.repository.transaction(async (tx) => {
      if (!(await this.repository.decide(tx, row.id, { status: 'declined', issueId: null, reason, userId: user.id }))) {
        throw alreadyDecided(row);
      }
      await this.notifyVoter(tx, { kind: 'declined', submissionId: row.id, issueId: null, reason }, row.contactEmail);
    });
    await this.signalDecided(row);
    return toView((await this.repository.findById(row.id))!);
  }

  /** The lead (or any answering) department marks its own reply publishable on the voters' status page, or not. */
  async setPublishable(user: AuthUser, issueId: string, replyId: string, publishable: boolean): Promise<void> {
    const departmentId = await this.repository.replyDepartment(issueId, replyId);
    if (!departmentId || !(await this.scope.canReadIssue(user, issueId)))
      throw new NotFoundException('Reply not found');
    this.scope.assertCanActAsDepartment(user, departmentId);
    await this.repository.setPublishable(replyId, publishable);
  }

  /**
   * The submission, if `user` decides on it: the deputy of its code (or the station's head for the station's code),
   * the station's liaison officer, or a liaison officer whose region covers the station. 404 otherwise: a voter's
   * submission is not shown to anyone else.
   */
  private async decidable(user: AuthUser, id: string): Promise<SubmissionRow> {
    const row = await this.repository.findById(id);
    const decides =
      row &&
      ((user.deputyId !== null && user.deputyId === row.deciderDeputyId) ||
        (this.scope.hasRole(user, 'liaison') && row.liaisonOfficerUserId === user.id) ||
        this.scope.isInRegion(user, 'liaison', row.stationRegionPath));
    if (!row || !decides) throw new NotFoundException('Submission not found');
    return row;
  }

  // -------------------------------------------------------------------------------------------------------------

  private async notifyVoter(tx: EntityManager, notice: Omit<VoterNotice, 'trackUrl'>, email: string | null) {
    if (!email) return; // a phone only: the SMS channel is not built yet; the status page still shows it all
    const full: VoterNotice = { ...notice, trackUrl: voterTrackUrl(this.config.PUBLIC_URL) };
    await this.outbox.enqueue(voterNoticeOutboxMail(full, email, 'decision'), tx);
  }

  /**
   * Starts the submission's workflow (by id: a second start is a no-op) and notes that it has one; the submission is
   * saved either way, and one left without its workflow is started by the worker's voter intake reconciler.
   */
  private async startWorkflow(id: string, submittedAt: Date): Promise<void> {
    try {
      await startVoterSubmissionWorkflow(this.temporal.client, { id, submittedAt }, this.config);
      await this.repository.markWorkflowStarted(id);
    } catch (error) {
      // Saved and in the deputy's inbox; the reconciler starts its workflow (its reminders) later. Logged.
      this.logger.error(`Submission ${id}: its workflow did not start: ${(error as Error).message}`);
    }
  }

  private async signalDecided(row: SubmissionRow): Promise<void> {
    try {
      await this.temporal.client.workflow.getHandle(row.workflowId).signal(submissionDecidedSignal);
    } catch (error) {
      // Decided in the database; the workflow's notice activity finds it decided and sends nothing.
      this.logger.warn(`Submission ${row.id}: the decision did not reach its workflow: ${(error as Error).message}`);
    }
  }
}

function alreadyDecided(row: SubmissionRow): ConflictException {
  return new ConflictException(`This submission was decided already (${SUBMISSION_STATUS_LABELS[row.status]})`);
}

/** +86 138 1234 5678 → 13812345678: one spelling per number, so the per-contact limit counts it once. */
export function compactPhone(phone: string): string {
  return phone.replace(/\s/g, '').replace(/^(\+86|0086)-?/, '');
}

function maskedContact(row: Pick<SubmissionRow, 'contactPhone' | 'contactEmail'>): string {
  return [row.contactPhone && maskPhone(row.contactPhone), row.contactEmail && maskEmail(row.contactEmail)]
    .filter(Boolean)
    .join('，');
}

function toView(row: SubmissionRow): SubmissionView {
  return {
    id: row.id,
    station: { id: row.stationId, name: row.stationName },
    deputy: row.deciderDeputyId ? { id: row.deciderDeputyId, name: row.deciderDeputyName ?? '' } : null,
    place: { id: row.placeRegionId, name: row.placeName },
    description: row.description,
    contact: maskedContact(row),
    status: row.status,
    statusLabel: SUBMISSION_STATUS_LABELS[row.status],
    submittedAt: row.submittedAt.toISOString(),
    remindedAt: row.remindedAt?.toISOString() ?? null,
    escalatedAt: row.escalatedAt?.toISOString() ?? null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionReason: row.decisionReason,
    issueId: row.issueId,
    voterSolved: row.voterSolved,
  };
}
