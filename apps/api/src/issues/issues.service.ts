// Owns intake (a deputy's submission becomes one issue row, one event and one workflow, whatever the retries) and
// the reads of the read model, each behind the scope rules. Reads never touch Temporal.
import { ConflictException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { endOfChinaDateIso, issueWorkflowId, startOfChinaDateIso } from '@app/contracts';
import { AttachmentsService } from '../attachments/attachments.service';
import type { AuthUser } from '../auth/auth-user';
import { ACCESS_PURPOSES, PersonalDataService } from '../auth/personal-data.service';
import { ScopeService } from '../auth/scope.service';
import { InvalidFieldsException, invalidField, type FieldErrors } from '../common/api-error';
import { afterSaved, whileSaving } from '../common/database-unavailable';
import { pageOf, type Page } from '../common/pagination';
import { liesInTownship, OUTSIDE_TOWNSHIP } from '../common/township';
import { toAssignmentView, toEventView, toFeedbackView, toReplyView, toSummary } from './issue-views';
import { IssueWorkflowClient } from './issue-workflow.client';
import type {
  CreateIssueDto,
  IssueDetailView,
  IssueEventView,
  IssueQuery,
  IssueSummaryView,
  NamedRef,
} from './issues.dto';
import { IssuesRepository, type IssueDetailRow, type NewIssue, type StoredIntake } from './issues.repository';

export type Intake = Omit<StoredIntake, 'id'>;

@Injectable()
export class IssuesService {
  constructor(
    @Inject(IssuesRepository) private readonly repository: IssuesRepository,
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(PersonalDataService) private readonly personalData: PersonalDataService,
    @Inject(IssueWorkflowClient) private readonly workflows: IssueWorkflowClient,
    @Inject(AttachmentsService) private readonly attachments: AttachmentsService,
  ) {}

  // -------------------------------------------------------------------------------------------------------------
  // Intake

  /**
   * Records the issue and starts its workflow. The same idempotency key from the same user finds the first issue
   * (created: false) and starts its workflow again if a crash had stopped it; the key with a different body is a 409.
   */
  async submit(user: AuthUser, input: CreateIssueDto): Promise<{ created: boolean; issue: IssueSummaryView }> {
    if (!user.deputyId) throw new ForbiddenException('Your account is not linked to a deputy');
    return this.intake(
      { userId: user.id, deputyId: user.deputyId, label: user.displayName },
      normalise(input),
      input.idempotencyKey,
      { fileIds: input.attachmentIds ?? [] },
    );
  }

  /**
   * The one intake path: a deputy's own submission, and a voter's submission the deputy (or the station's liaison
   * officer, for the deputy) accepted. `withIssue` runs in the issue's transaction, only when this call inserted it,
   * so what it records (the submission's decision) commits or rolls back with the issue; `fileIds` are the
   * submitter's uploads bound to the issue in that transaction.
   */
  async intake(
    submitter: { userId: string; deputyId: string; label: string },
    intake: Intake,
    idempotencyKey: string,
    options: { fileIds?: string[]; withIssue?: (tx: EntityManager, issueId: string) => Promise<void> } = {},
  ): Promise<{ created: boolean; issue: IssueSummaryView }> {
    const fileIds = options.fileIds ?? [];
    const existing = await this.repository.intakeByKey(submitter.userId, idempotencyKey);
    if (existing) return this.replay(submitter.userId, existing, intake, fileIds);

    const place = await this.checkIntake(submitter.deputyId, intake);
    await this.attachments.assertBindable(submitter.userId, fileIds);
    const id = randomUUID();
    const issue: NewIssue = {
      ...intake,
      id,
      idempotencyKey,
      submittedByUserId: submitter.userId,
      deputyId: submitter.deputyId,
      townshipRegionId: place.townshipRegionId,
      regionPath: place.path,
      workflowId: issueWorkflowId(id),
      actorLabel: submitter.label,
    };
    const stored = await this.repository
      .transaction(async (tx) => {
        if (await this.repository.insertIssue(tx, issue)) {
          await this.attachments.bindAtIntake(tx, id, { userId: submitter.userId, label: submitter.label }, fileIds);
          await options.withIssue?.(tx, id);
          return null;
        }
        // A concurrent request with the same key got there first: its row is committed now.
        return this.repository.intakeByKey(submitter.userId, idempotencyKey, tx);
      })
      .catch(whileSaving('the issue', 'idempotencyKey'));
    if (stored) return this.replay(submitter.userId, stored, intake, fileIds);
    await this.workflows.start(id, intake.urgency);
    const summary = await this.summary(id).catch(afterSaved(`The issue is saved (id ${id}) and its handling started.`));
    return { created: true, issue: summary };
  }

  private async replay(
    userId: string,
    stored: StoredIntake,
    intake: Intake,
    fileIds: string[],
  ): Promise<{ created: boolean; issue: IssueSummaryView }> {
    if (!sameIntake(stored, intake) || !(await this.attachments.areBoundTo(userId, stored.id, fileIds))) {
      const message = 'This idempotencyKey was used for a different issue: make a new key for a new issue';
      throw new ConflictException({ message, fields: { idempotencyKey: [message] } });
    }
    await this.workflows.start(stored.id, stored.urgency);
    const summary = await this.summary(stored.id).catch(
      afterSaved(`The issue is saved (id ${stored.id}) and its handling started.`),
    );
    return { created: false, issue: summary };
  }

  /** Every problem with the references of a submission, each under its field; the place's facts when all is well. */
  private async checkIntake(deputyId: string, intake: Intake): Promise<{ townshipRegionId: string; path: string }> {
    const fields: FieldErrors = {};
    const [station, member, categoryActive, place] = await Promise.all([
      this.repository.station(intake.stationId),
      this.repository.isStationDeputy(intake.stationId, deputyId),
      this.repository.categoryActive(intake.categoryId),
      this.repository.place(intake.placeRegionId),
    ]);
    if (!station) fields.stationId = ['stationId does not name a station'];
    else if (!member) fields.stationId = ['you are not a deputy of this station'];
    if (categoryActive === null) fields.categoryId = ['categoryId does not name an issue category'];
    else if (!categoryActive) fields.categoryId = ['this issue category is no longer in use'];
    if (!place) {
      fields.placeRegionId = ['placeRegionId does not name a region'];
    } else if (station) {
      if (!liesInTownship(place, station.townshipRegionId))
        fields.placeRegionId = [`placeRegionId ${OUTSIDE_TOWNSHIP}`];
    }
    if (Object.keys(fields).length || !station || !place) throw new InvalidFieldsException(fields);
    return { townshipRegionId: station.townshipRegionId, path: place.path };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reads

  async list(user: AuthUser, query: IssueQuery): Promise<Page<IssueSummaryView>> {
    if (query.from && query.to && query.to < query.from) throw invalidField('to', 'to must not be before from');
    const { rows, total } = await this.repository.list(
      this.scope.issueVisibility(user),
      {
        status: query.status,
        categoryId: query.categoryId,
        stationId: query.stationId,
        departmentId: query.departmentId,
        submittedFrom: query.from ? new Date(startOfChinaDateIso(query.from)) : undefined,
        submittedBefore: query.to ? new Date(Date.parse(endOfChinaDateIso(query.to)) + 1) : undefined,
        numberPrefix: query.q?.trim() ? query.q.trim().toUpperCase() : undefined,
      },
      { limit: query.limit, offset: query.offset },
    );
    const voters = await this.personalData.maskedMany(rows);
    return pageOf(
      rows.map((row, index) => toSummary(row, voters[index])),
      total,
      query,
    );
  }

  async detail(user: AuthUser, id: string): Promise<IssueDetailView> {
    const row = await this.readable(user, id);
    const [voter, assignments, replies, feedback, events, mergedIssues] = await Promise.all([
      this.personalData.forViewer(user, row, ACCESS_PURPOSES.viewIssue),
      this.repository.assignments(id),
      this.repository.replies(id),
      this.repository.feedback(id),
      this.repository.events(id),
      this.repository.mergedIssues(id),
    ]);
    const coHandlers = new Map<string, NamedRef>();
    for (const assignment of assignments) {
      if (assignment.role === 'co' && assignment.round === row.round && assignment.status !== 'withdrawn') {
        coHandlers.set(assignment.departmentId, { id: assignment.departmentId, name: assignment.departmentName });
      }
    }
    return {
      ...toSummary(row, voter),
      deputy: { id: row.deputyId, name: row.deputyName },
      coHandlerDepartments: [...coHandlers.values()],
      attachments: row.attachments.map((a) => ({ name: a.name, url: a.url })),
      files: await this.attachments.ofIssue(id),
      assignedAt: row.assignedAt,
      assignments: assignments.map(toAssignmentView),
      replies: replies.map(toReplyView),
      feedback: feedback.map(toFeedbackView),
      timeline: events.map(toEventView),
      mergedInto:
        row.mergedIntoIssueId && row.mergedIntoNumber
          ? { id: row.mergedIntoIssueId, number: row.mergedIntoNumber }
          : null,
      mergedIssues,
    };
  }

  async events(user: AuthUser, id: string): Promise<IssueEventView[]> {
    await this.readable(user, id);
    return (await this.repository.events(id)).map(toEventView);
  }

  /** The issue row if `user` may read it; 404 otherwise. */
  async readable(user: AuthUser, id: string): Promise<IssueDetailRow> {
    return this.scope.assertIssueReadable(user, await this.repository.findById(id));
  }

  /** The list view of one issue (voter data masked, nothing logged): what commands answer with. */
  async summary(id: string): Promise<IssueSummaryView> {
    const row = await this.repository.findById(id);
    if (!row) throw new Error(`Issue ${id} vanished from the read model`);
    return toSummary(row, await this.personalData.masked(row));
  }
}

/**
 * The submission as stored: free text as sent (blank voter fields absent), the phone and ID number trimmed (they are
 * identifiers in a checked format) and the ID number's X upper-case.
 */
function normalise(input: CreateIssueDto): Intake {
  const text = (value: string | undefined): string | null => (value?.trim() ? value : null);
  const code = (value: string | undefined): string | null => (value?.trim() ? value.trim() : null);
  return {
    stationId: input.stationId,
    categoryId: input.categoryId,
    placeRegionId: input.placeRegionId,
    channel: input.channel,
    urgency: input.urgency,
    description: input.description,
    voterName: text(input.voter?.name),
    voterPhone: code(input.voter?.phone),
    voterIdNumber: code(input.voter?.idNumber)?.toUpperCase() ?? null,
    voterAddress: text(input.voter?.address),
    attachments: (input.attachments ?? []).map((a) => ({ name: a.name, url: a.url.trim() })),
  };
}

function sameIntake(stored: StoredIntake, intake: Intake): boolean {
  const scalar: (keyof Intake)[] = [
    'stationId',
    'categoryId',
    'placeRegionId',
    'channel',
    'urgency',
    'description',
    'voterName',
    'voterPhone',
    'voterIdNumber',
    'voterAddress',
  ];
  const attachments = (list: { name: string; url: string }[]) => JSON.stringify(list.map((a) => [a.name, a.url]));
  return (
    scalar.every((key) => stored[key] === intake[key]) &&
    attachments(stored.attachments) === attachments(intake.attachments)
  );
}
