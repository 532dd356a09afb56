// Owns the reception-day rules over HTTP: who may see and set a station's plan and rota, the reception days each user
// may see, and recording a day (its issues raised go through intake exactly as a deputy's submission, then the
// workflow records the day) or marking it not held. Reads are SQL over the read model; changes go to the workflow.
// An ad-hoc (临时) or appointment (预约) reception is recorded once held and runs no workflow: nothing is left to remind.
import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { createHash } from 'node:crypto';
import { addWorkingDays, chinaDay, isWorkingDay } from '@app/calendar';
import {
  ISSUE_STATUS_LABELS,
  OPEN_RECEPTION_STATUSES,
  RECEPTION_KIND_LABELS,
  RECEPTION_STATUS_LABELS,
  RECEPTION_TRANSITION_LABELS,
  RECEPTION_REJECTION_STATUS,
  cancelReceptionUpdate,
  describeReceptionRule,
  dutyDeputiesFor,
  markNotHeldUpdate,
  nominalDatesBetween,
  parseReceptionRule,
  recordReceptionUpdate,
  addCalendarDays,
  type Actor,
  type IssueStatus,
  type ReceptionDayState,
  type ReceptionTransitionType,
} from '@app/contracts';
import { DEFAULT_ROTA, loadRotaPlan, loadWorkingCalendar } from '@app/database';
import { WorkflowGateway } from '@app/temporal';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { ScopeService } from '../auth/scope.service';
import { InvalidFieldsException, invalidField, type FieldErrors } from '../common/api-error';
import { Clock } from '../common/clock';
import { pageOf, type Page } from '../common/pagination';
import { liesInTownship, OUTSIDE_TOWNSHIP } from '../common/township';
import { IssuesService } from '../issues/issues.service';
import type {
  AdHocReceptionDto,
  DutyQuery,
  NamedView,
  NotHeldDto,
  ReceptionDetailView,
  ReceptionPlanDto,
  ReceptionPlanView,
  ReceptionQuery,
  ReceptionStationView,
  ReceptionView,
  RecordOptionsView,
  RaisedIssueDto,
  RecordReceptionDto,
} from './reception.dto';
import { ReceptionRepository, type DutyRow, type ReceptionRow, type StationRow } from './reception.repository';
import { ReceptionSchedulesService } from './reception-schedules.service';

const UPCOMING = 6;
/** How far back an ad-hoc reception may be recorded: the station's ledgers are kept by the year. */
const AD_HOC_LOOKBACK_DAYS = 366;

@Injectable()
export class ReceptionService {
  private readonly logger = new Logger(ReceptionService.name);

  constructor(
    @Inject(ReceptionRepository) private readonly repository: ReceptionRepository,
    @Inject(ReceptionSchedulesService) private readonly schedules: ReceptionSchedulesService,
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(IssuesService) private readonly issues: IssuesService,
    @Inject(WorkflowGateway) private readonly gateway: WorkflowGateway,
    @Inject(Clock) private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  // -------------------------------------------------------------------------------------------------------------
  // Plans

  /** The stations whose reception days the user may see, with their rule and whether they may set the plan. */
  async stations(user: AuthUser): Promise<ReceptionStationView[]> {
    const { all, regionRoots } = this.visibility(user);
    const rows = await this.repository.stations(all, regionRoots);
    return rows.map((row) => {
      const rule = parseReceptionRule(row.rule);
      return {
        id: row.id,
        name: row.name,
        level: row.level,
        rule: row.rule,
        ruleLabel: rule ? describeReceptionRule(rule) : null,
        canManage: this.canManageStation(user, row),
      };
    });
  }

  async plan(user: AuthUser, stationId: string): Promise<ReceptionPlanView> {
    return this.planView(await this.readableStation(user, stationId));
  }

  async setPlan(user: AuthUser, stationId: string, body: ReceptionPlanDto): Promise<ReceptionPlanView> {
    const station = await this.manageableStation(user, stationId);
    const rule = parseReceptionRule(body.rule)!; // the DTO checked the pattern
    const members = new Set((await this.repository.stationDeputies(station.id)).map((d) => d.id));
    const fields: FieldErrors = {};
    const notMember = 'does not name a deputy of this station';
    if (body.rotaDeputyIds.length === 0) fields.rotaDeputyIds = ['rotaDeputyIds must name at least one deputy'];
    body.rotaDeputyIds.forEach((id, i) => {
      if (!members.has(id)) fields[`rotaDeputyIds.${i}`] = [`rotaDeputyIds.${i} ${notMember}`];
    });
    const today = this.today();
    const overrides: Record<string, string[]> = {};
    (body.dutyOverrides ?? []).forEach((override, i) => {
      const path = `dutyOverrides.${i}`;
      const [first] = nominalDatesBetween(rule, override.date, override.date);
      if (!first) fields[`${path}.date`] = [`${path}.date is not a reception day of the rule ${body.rule}`];
      else if (overrides[override.date]) fields[`${path}.date`] = [`${path}.date is given twice`];
      override.deputyIds.forEach((id, j) => {
        if (!members.has(id)) fields[`${path}.deputyIds.${j}`] = [`${path}.deputyIds.${j} ${notMember}`];
      });
      if (override.deputyIds.length === 0) fields[`${path}.deputyIds`] = [`${path}.deputyIds must name a deputy`];
      overrides[override.date] = override.deputyIds;
    });
    if (Object.keys(fields).length) throw new InvalidFieldsException(fields);

    await this.repository.savePlan(
      station.id,
      body.rule,
      {
        deputiesPerDay: body.deputiesPerDay,
        rotaStartsOn: body.rotaStartsOn ?? `${today.slice(0, 7)}-01`,
        rotaDeputyIds: body.rotaDeputyIds,
        dutyOverrides: overrides,
      },
      user.id,
    );
    // Days opened under an old rule that the new one does not give are called off; the schedule opens the new ones.
    const keep = new Set(nominalDatesBetween(rule, today, addCalendarDays(today, 400)));
    await this.cancelUpcoming(user, station.id, (date) => !keep.has(date), 'plan_changed');
    await this.withTemporal(() => this.schedules.upsert(station.id, body.rule));
    return this.planView((await this.repository.station(station.id))!);
  }

  async clearPlan(user: AuthUser, stationId: string): Promise<ReceptionPlanView> {
    const station = await this.manageableStation(user, stationId);
    await this.repository.clearRule(station.id);
    await this.cancelUpcoming(user, station.id, () => true, 'plan_cleared');
    await this.withTemporal(() => this.schedules.remove(station.id));
    return this.planView((await this.repository.station(station.id))!);
  }

  private async planView(station: StationRow): Promise<ReceptionPlanView> {
    const [deputies, saved, rota, calendar] = await Promise.all([
      this.repository.stationDeputies(station.id),
      this.repository.plan(station.id),
      loadRotaPlan(this.db, station.id),
      loadWorkingCalendar(this.db),
    ]);
    const names = new Map(deputies.map((d) => [d.id, d.name]));
    const named = (ids: string[]): NamedView[] => ids.map((id) => ({ id, name: names.get(id) ?? id }));
    const rule = parseReceptionRule(station.rule);
    const today = this.today();
    const upcoming = rule
      ? nominalDatesBetween(rule, today, addCalendarDays(today, 31 * UPCOMING))
          .slice(0, UPCOMING)
          .map((nominalDate) => ({
            nominalDate,
            heldOn: isWorkingDay(nominalDate, calendar) ? nominalDate : addWorkingDays(nominalDate, 1, calendar),
            deputies: named(dutyDeputiesFor(rota, nominalDate)),
          }))
      : [];
    return {
      station: { id: station.id, name: station.name },
      rule: station.rule,
      ruleLabel: rule ? describeReceptionRule(rule) : null,
      deputiesPerDay: saved?.deputiesPerDay ?? DEFAULT_ROTA.deputiesPerDay,
      rotaStartsOn: rota.startsOn,
      rota: named(rota.order),
      dutyOverrides: Object.entries(rota.overrides)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([date, ids]) => ({ date, deputies: named(ids) })),
      stationDeputies: deputies,
      liaisonOfficer:
        station.liaisonOfficerUserId && station.liaisonOfficerName
          ? { id: station.liaisonOfficerUserId, name: station.liaisonOfficerName }
          : null,
      upcoming,
    };
  }

  private async cancelUpcoming(
    user: AuthUser,
    stationId: string,
    shouldCancel: (nominalDate: string) => boolean,
    reason: string,
  ): Promise<void> {
    for (const day of await this.repository.upcomingOpen(stationId, this.today())) {
      if (!shouldCancel(day.nominalDate)) continue;
      try {
        await this.update(day.workflowId, cancelReceptionUpdate, { reason, actor: actorOf(user) }, `cancel:${day.id}`);
      } catch (error) {
        // Held or closed meanwhile: nothing to call off.
        if (!(error instanceof ConflictException)) throw error;
      }
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reception days

  async list(user: AuthUser, query: ReceptionQuery): Promise<Page<ReceptionView>> {
    if (query.from && query.to && query.to < query.from) throw invalidField('to', 'to must not be before from');
    const { rows, total } = await this.repository.list(
      this.visibility(user),
      { stationId: query.stationId, from: query.from, to: query.to, status: query.status },
      { limit: query.limit, offset: query.offset },
    );
    return pageOf(await this.views(user, rows), total, query);
  }

  async myDuties(user: AuthUser, query: DutyQuery): Promise<ReceptionView[]> {
    if (!user.deputyId) throw new ForbiddenException('Your account is not linked to a deputy');
    const today = this.today();
    const from = query.from ?? addCalendarDays(today, -92);
    const to = query.to ?? addCalendarDays(today, 92);
    if (to < from) throw invalidField('to', 'to must not be before from');
    const { rows } = await this.repository.list(
      { all: false, regionRoots: [], deputyId: user.deputyId },
      { from, to },
      { limit: 200, offset: 0 },
    );
    return this.views(user, rows.reverse());
  }

  async detail(user: AuthUser, id: string): Promise<ReceptionDetailView> {
    const row = await this.readable(user, id);
    const [[view], issues, events] = await Promise.all([
      this.views(user, [row]),
      this.repository.issues(id),
      this.repository.events(id),
    ]);
    return {
      ...view,
      notes: row.notes,
      notHeldReason: row.notHeldReason,
      recordedBy: row.recordedBy,
      recordedAt: row.recordedAt ? new Date(row.recordedAt).toISOString() : null,
      issues: issues.map((issue) => ({
        ...issue,
        statusLabel: ISSUE_STATUS_LABELS[issue.status as IssueStatus] ?? issue.status,
      })),
      timeline: events.map((event) => ({
        at: new Date(event.occurredAt).toISOString(),
        type: event.type,
        label: RECEPTION_TRANSITION_LABELS[event.type as ReceptionTransitionType] ?? event.type,
        actor: event.actorLabel,
      })),
    };
  }

  /**
   * Records the day. The issues raised are checked together first, then each goes through intake as a deputy's
   * submission would (recorded by the liaison officer, raised through the deputy who received it, channel
   * reception_day), keyed by the reception and its position so that a retried request finds the same issues; then
   * the workflow records the day with them.
   */
  async record(user: AuthUser, id: string, body: RecordReceptionDto): Promise<ReceptionDetailView> {
    const row = await this.recordable(user, id);
    if (this.today() < row.heldOn) {
      throw new ConflictException(`The reception is held on ${row.heldOn}: record it from that day on (NotYetHeld)`);
    }
    const station = (await this.repository.station(row.stationId))!;
    const members = new Set((await this.repository.stationDeputies(station.id)).map((d) => d.id));
    const raised = body.issuesRaised ?? [];
    await this.checkRaised(station, members, body);
    const onDuty = (await this.repository.duties([row.id])).map((d) => d.id);
    const present = body.presentDeputyIds ?? onDuty;

    const issueIds = await this.raise(user, station, raised, (index) => `reception:${row.id}:${index + 1}`);
    await this.update(
      row.workflowId!, // an open reception is a rule day's, run by its workflow
      recordReceptionUpdate,
      {
        votersReceived: body.votersReceived,
        notes: body.notes?.trim() ? body.notes : '', // stored as sent; blank is none
        presentDeputyIds: present,
        issueIds,
        actor: actorOf(user),
      },
      `record:${row.id}`,
    );
    return this.detail(user, id);
  }

  /**
   * Records an ad-hoc (临时) or appointment (预约) reception after it was held: same checks and same intake for its
   * issues as a rule day's record, then the reception is written held in one transaction. It starts no workflow: a
   * reception already held needs no reminder and no chasing. The client's key makes a retry find the first one.
   */
  async createAdHoc(user: AuthUser, body: AdHocReceptionDto): Promise<ReceptionDetailView> {
    const station = await this.readableStation(user, body.stationId);
    if (!hasRole(user, 'admin') && !this.scope.isInRegion(user, 'liaison', station.path)) {
      throw new ForbiddenException("Only a liaison officer of the station's region may record a reception");
    }
    const previous = await this.repository.adHocByKey(user.id, body.idempotencyKey);
    if (previous && (previous.stationId !== station.id || previous.heldOn !== body.heldOn)) {
      const message = 'idempotencyKey was used for another reception: make a new key for a new reception';
      throw new ConflictException({ message, fields: { idempotencyKey: [message] } });
    }
    const today = this.today();
    const fields: FieldErrors = {};
    if (body.heldOn > today) fields.heldOn = ['heldOn must not be after today: record a reception once it is held'];
    else if (body.heldOn < addCalendarDays(today, -AD_HOC_LOOKBACK_DAYS)) {
      fields.heldOn = [`heldOn must be within the last ${AD_HOC_LOOKBACK_DAYS} days`];
    }
    if (body.heldFrom && body.heldUntil && body.heldUntil <= body.heldFrom) {
      fields.heldUntil = ['heldUntil must be after heldFrom'];
    }
    if (!body.presentDeputyIds?.length) fields.presentDeputyIds = ['presentDeputyIds must name at least one deputy'];
    if (Object.keys(fields).length) throw new InvalidFieldsException(fields);
    const members = new Set((await this.repository.stationDeputies(station.id)).map((d) => d.id));
    await this.checkRaised(station, members, body);

    // The issues' keys come from the reception's key, so a retry finds them before the reception exists.
    const key = createHash('sha256').update(body.idempotencyKey).digest('hex').slice(0, 32);
    const issueIds = await this.raise(user, station, body.issuesRaised ?? [], (index) => `adhoc:${key}:${index + 1}`);
    const id = await this.repository.insertAdHoc({
      stationId: station.id,
      kind: body.kind,
      heldOn: body.heldOn,
      heldFrom: body.heldFrom ?? null,
      heldUntil: body.heldUntil ?? null,
      votersReceived: body.votersReceived,
      notes: body.notes?.trim() ? body.notes.trim() : null,
      presentDeputyIds: [...new Set(body.presentDeputyIds)],
      issueIds,
      idempotencyKey: body.idempotencyKey,
      actor: { userId: user.id, label: user.displayName },
      at: this.clock.now().toISOString(),
    });
    return this.detail(user, id);
  }

  /** Each issue raised goes through the deputy's intake, recorded by the liaison officer for the deputy named. */
  private async raise(
    user: AuthUser,
    station: StationRow,
    raised: RaisedIssueDto[],
    keyOf: (index: number) => string,
  ): Promise<string[]> {
    const issueIds: string[] = [];
    for (const [index, issue] of raised.entries()) {
      try {
        const { issue: created } = await this.issues.submit(
          // The liaison officer records it; the deputy who received the voter raised it.
          { ...user, deputyId: issue.deputyId },
          {
            stationId: station.id,
            categoryId: issue.categoryId,
            placeRegionId: issue.placeRegionId,
            channel: 'reception_day',
            urgency: issue.urgency ?? 'normal',
            description: issue.description,
            voter: issue.voter,
            attachmentIds: issue.attachmentIds,
            idempotencyKey: keyOf(index),
          },
        );
        issueIds.push(created.id);
      } catch (error) {
        throw prefixFields(error, `issuesRaised.${index}`);
      }
    }
    return issueIds;
  }

  /** What the record form offers: the station's deputies, the active categories and the township's places. */
  async recordOptions(user: AuthUser, id: string): Promise<RecordOptionsView> {
    const row = await this.readable(user, id);
    const station = (await this.repository.station(row.stationId))!;
    const [deputies, categories, places] = await Promise.all([
      this.repository.stationDeputies(station.id),
      this.repository.categories(),
      this.repository.places(station.townshipRegionId),
    ]);
    return { deputies, categories, places };
  }

  /** The same, for an ad-hoc reception at a station the user may record one for. */
  async stationRecordOptions(user: AuthUser, stationId: string): Promise<RecordOptionsView> {
    const station = await this.readableStation(user, stationId);
    const [deputies, categories, places] = await Promise.all([
      this.repository.stationDeputies(station.id),
      this.repository.categories(),
      this.repository.places(station.townshipRegionId),
    ]);
    return { deputies, categories, places };
  }

  async notHeld(user: AuthUser, id: string, body: NotHeldDto): Promise<ReceptionDetailView> {
    const row = await this.recordable(user, id);
    await this.update(
      row.workflowId!, // an open reception is a rule day's, run by its workflow
      markNotHeldUpdate,
      { reason: body.reason, actor: actorOf(user) },
      `not-held:${row.id}`,
    );
    return this.detail(user, id);
  }

  private async checkRaised(station: StationRow, members: Set<string>, body: RecordReceptionDto): Promise<void> {
    const raised = body.issuesRaised ?? [];
    const fields: FieldErrors = {};
    (body.presentDeputyIds ?? []).forEach((id, i) => {
      if (!members.has(id))
        fields[`presentDeputyIds.${i}`] = [`presentDeputyIds.${i} does not name a deputy of this station`];
    });
    const [categories, places] = await Promise.all([
      this.repository.activeCategories(raised.map((r) => r.categoryId)),
      this.repository.placesById(raised.map((r) => r.placeRegionId)),
    ]);
    raised.forEach((issue, i) => {
      const path = `issuesRaised.${i}`;
      if (!members.has(issue.deputyId))
        fields[`${path}.deputyId`] = [`${path}.deputyId does not name a deputy of this station`];
      const active = categories.get(issue.categoryId);
      if (active === undefined) fields[`${path}.categoryId`] = [`${path}.categoryId does not name an issue category`];
      else if (!active) fields[`${path}.categoryId`] = [`${path}.categoryId names a category no longer in use`];
      const place = places.get(issue.placeRegionId);
      if (!place || !liesInTownship({ id: issue.placeRegionId, ...place }, station.townshipRegionId)) {
        fields[`${path}.placeRegionId`] = [`${path}.placeRegionId ${OUTSIDE_TOWNSHIP}`];
      }
    });
    if (Object.keys(fields).length) throw new InvalidFieldsException(fields);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Access

  private visibility(user: AuthUser) {
    return {
      all: hasRole(user, 'admin'),
      regionRoots: [
        ...new Set([...this.scope.regionPathsFor(user, 'liaison'), ...this.scope.regionPathsFor(user, 'supervisor')]),
      ],
      deputyId: hasRole(user, 'deputy') ? user.deputyId : null,
    };
  }

  private canManageStation(user: AuthUser, station: Pick<StationRow, 'path' | 'liaisonOfficerUserId'>): boolean {
    return (
      hasRole(user, 'admin') ||
      this.scope.isInRegion(user, 'supervisor', station.path) ||
      (this.scope.isInRegion(user, 'liaison', station.path) && station.liaisonOfficerUserId === user.id)
    );
  }

  /** 404 unless admin, or a liaison officer or supervisor whose scope covers the station. */
  private async readableStation(user: AuthUser, stationId: string): Promise<StationRow> {
    const station = await this.repository.station(stationId);
    const visible =
      station &&
      (hasRole(user, 'admin') ||
        this.scope.isInRegion(user, 'liaison', station.path) ||
        this.scope.isInRegion(user, 'supervisor', station.path));
    if (!station || !visible) throw new NotFoundException('Station not found');
    return station;
  }

  private async manageableStation(user: AuthUser, stationId: string): Promise<StationRow> {
    const station = await this.readableStation(user, stationId);
    if (!this.canManageStation(user, station)) {
      throw new ForbiddenException(
        "Only the station's liaison officer, a supervisor of its region or an admin may do this",
      );
    }
    return station;
  }

  private async readable(user: AuthUser, id: string): Promise<ReceptionRow> {
    const row = await this.repository.findById(id);
    if (!row || !(await this.isReadable(user, row))) throw new NotFoundException('Reception day not found');
    return row;
  }

  private async isReadable(user: AuthUser, row: ReceptionRow): Promise<boolean> {
    if (hasRole(user, 'admin')) return true;
    if (this.scope.isInRegion(user, 'liaison', row.stationPath)) return true;
    if (this.scope.isInRegion(user, 'supervisor', row.stationPath)) return true;
    if (!hasRole(user, 'deputy') || !user.deputyId) return false;
    return (await this.repository.duties([row.id])).some((d) => d.id === user.deputyId);
  }

  private canRecord(user: AuthUser, row: ReceptionRow): boolean {
    return hasRole(user, 'admin') || this.scope.isInRegion(user, 'liaison', row.stationPath);
  }

  /** The reception day, open, for a liaison officer in scope (or an admin): 404, 403, 409 in that order. */
  private async recordable(user: AuthUser, id: string): Promise<ReceptionRow> {
    const row = await this.readable(user, id);
    if (!this.canRecord(user, row))
      throw new ForbiddenException("Only a liaison officer of the station's region may record it");
    if (!OPEN_RECEPTION_STATUSES.includes(row.status)) {
      throw new ConflictException(
        `The reception day is already ${RECEPTION_STATUS_LABELS[row.status]} (ReceptionClosed)`,
      );
    }
    return row;
  }

  private async views(user: AuthUser, rows: ReceptionRow[]): Promise<ReceptionView[]> {
    const duties = await this.repository.duties(rows.map((r) => r.id));
    const byReception = new Map<string, DutyRow[]>();
    for (const duty of duties) byReception.set(duty.receptionId, [...(byReception.get(duty.receptionId) ?? []), duty]);
    const today = this.today();
    return rows.map((row) => ({
      id: row.id,
      station: { id: row.stationId, name: row.stationName },
      kind: row.kind,
      kindLabel: RECEPTION_KIND_LABELS[row.kind],
      nominalDate: row.nominalDate,
      heldOn: row.heldOn,
      heldFrom: row.heldFrom,
      heldUntil: row.heldUntil,
      moved: row.nominalDate !== null && row.heldOn !== row.nominalDate,
      status: row.status,
      statusLabel: RECEPTION_STATUS_LABELS[row.status],
      deputies: (byReception.get(row.id) ?? []).map((d) => ({ id: d.id, name: d.name, present: d.present })),
      votersReceived: row.votersReceived,
      issuesRaised: row.issuesRaised,
      recordDueAt: row.recordDueAt ? new Date(row.recordDueAt).toISOString() : null,
      canRecord: OPEN_RECEPTION_STATUSES.includes(row.status) && this.canRecord(user, row) && today >= row.heldOn,
    }));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Temporal

  private update<I>(
    workflowId: string,
    definition: UpdateDefinition<ReceptionDayState, [I]>,
    input: I,
    updateId: string,
  ): Promise<ReceptionDayState> {
    return this.gateway.update(workflowId, definition, input, {
      updateId,
      rejections: RECEPTION_REJECTION_STATUS,
      field: 'body',
      closed: 'The reception day is not open any more: its workflow has ended (ReceptionClosed)',
      timedOut: 'The reception day’s workflow did not answer in time: try again',
    });
  }

  private async withTemporal(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error('Reception schedule not updated', error instanceof Error ? error.stack : error);
      throw new ServiceUnavailableException('The plan is saved but its schedule could not be updated: send it again');
    }
  }

  private today(): string {
    return chinaDay(this.clock.now());
  }
}

function actorOf(user: AuthUser): Actor {
  return { userId: user.id, label: user.displayName };
}

/** Puts the field errors of one raised issue's intake under its path (`issuesRaised.1.categoryId`). */
function prefixFields(error: unknown, prefix: string): unknown {
  if (error instanceof InvalidFieldsException) {
    return new InvalidFieldsException(
      Object.fromEntries(Object.entries(error.fields).map(([field, messages]) => [`${prefix}.${field}`, messages])),
    );
  }
  if (error instanceof ConflictException) {
    const message = `${prefix} differs from the issue this reception already recorded at that position`;
    return new ConflictException({ message, fields: { [prefix]: [message] } });
  }
  return error;
}
