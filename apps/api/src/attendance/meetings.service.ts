// Owns the rules of meetings and invitations (列席): who may manage a meeting (liaison officers and supervisors whose
// regions cover the meeting's congress, and admins; anyone else is told it does not exist), what may change when,
// proposals (never-attended deputies first), inviting (one workflow per invitation), the phone-call task list, leave
// decisions, the deputy's reply, and attendance taken on the day (written with its event in one transaction).
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import {
  ATTENDED_MARKS,
  chinaDateOf,
  decideLeaveUpdate,
  invitationReplyUpdate,
  recordCallUpdate,
  cancelInvitationUpdate,
  type Actor,
  type InvitationKind,
  type InvitationReplyInput,
  type InvitationWorkflowState,
} from '@app/contracts';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { ACCESS_PURPOSES, PersonalDataService } from '../auth/personal-data.service';
import { maskPhone } from '../auth/masking';
import { ScopeService } from '../auth/scope.service';
import { invalidField, InvalidFieldsException } from '../common/api-error';
import { Clock } from '../common/clock';
import { pageOf, type Page } from '../common/pagination';
import type {
  AllPresentView,
  AttendanceDto,
  DeputyCandidateView,
  DeputyPhoneView,
  DeputySearchQuery,
  CancelMeetingDto,
  CreateMeetingDto,
  InvitationDetailView,
  InvitationListQuery,
  InvitationReplyDto,
  InvitationView,
  InviteDto,
  LeaveDecisionDto,
  MeetingListQuery,
  MeetingView,
  PhoneCallDto,
  PhoneTaskQuery,
  ProposalQuery,
  ProposalsView,
  TermView,
  UpdateMeetingDto,
} from './attendance.dto';
import {
  AttendanceRepository,
  regionFilter,
  type InvitationRow,
  type MeetingRow,
  type TermRow,
} from './attendance.repository';
import { AttendanceWritesRepository } from './attendance-writes.repository';
import { invitationEventView, invitationView, meetingView, termView } from './attendance-views';
import { InvitationWorkflowClient } from './invitation-workflow.client';
import { meetingState, type MeetingState } from './meeting-state';

export const actorOf = (user: AuthUser): Actor => ({ userId: user.id, label: user.displayName });

@Injectable()
export class MeetingsService {
  constructor(
    @Inject(AttendanceRepository) private readonly repository: AttendanceRepository,
    @Inject(AttendanceWritesRepository) private readonly writes: AttendanceWritesRepository,
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(InvitationWorkflowClient) private readonly workflows: InvitationWorkflowClient,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PersonalDataService) private readonly personalData: PersonalDataService,
  ) {}

  // -------------------------------------------------------------------------------------------------------------
  // Scope

  /** The region roots the user manages meetings under; null for admins (everywhere). */
  roots(user: AuthUser): string[] | null {
    if (hasRole(user, 'admin')) return null;
    return [
      ...new Set([...this.scope.regionPathsFor(user, 'liaison'), ...this.scope.regionPathsFor(user, 'supervisor')]),
    ];
  }

  canManage(user: AuthUser, regionPath: string): boolean {
    return (
      hasRole(user, 'admin') ||
      this.scope.isInRegion(user, 'liaison', regionPath) ||
      this.scope.isInRegion(user, 'supervisor', regionPath)
    );
  }

  today(): string {
    return chinaDateOf(this.clock.now());
  }

  /** The meeting, if the user manages its region; 404 otherwise (its existence is not revealed). */
  async meetingFor(user: AuthUser, id: string): Promise<MeetingRow> {
    const meeting = await this.repository.meeting(id);
    if (!meeting || !this.canManage(user, meeting.region_path)) throw new NotFoundException('Meeting not found');
    return meeting;
  }

  async termFor(user: AuthUser, id: string, field?: string): Promise<TermRow> {
    const term = await this.repository.term(id);
    if (!term || !this.canManage(user, term.region_path)) {
      if (field) throw invalidField(field, `${field} is not a congress term in your regions`);
      throw new NotFoundException('Term not found');
    }
    return term;
  }

  private async invitationFor(user: AuthUser, id: string): Promise<InvitationRow> {
    const invitation = await this.repository.invitation(id);
    if (!invitation || !this.canManage(user, invitation.region_path))
      throw new NotFoundException('Invitation not found');
    return invitation;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Terms and meetings

  async terms(user: AuthUser): Promise<TermView[]> {
    return (await this.repository.terms(this.roots(user))).map(termView);
  }

  async list(user: AuthUser, query: MeetingListQuery): Promise<Page<MeetingView>> {
    const { rows, total } = await this.repository.meetings(
      this.roots(user),
      { termId: query.termId, status: query.status, today: this.today() },
      { limit: query.limit, offset: query.offset },
    );
    const views = await Promise.all(rows.map((row) => this.view(row)));
    return pageOf(views, total, query);
  }

  async detail(user: AuthUser, id: string): Promise<MeetingView> {
    return this.view(await this.meetingFor(user, id));
  }

  private async view(row: MeetingRow): Promise<MeetingView> {
    const [term, agenda] = await Promise.all([this.repository.term(row.term_id), this.repository.agenda(row.id)]);
    return meetingView(row, term!, agenda, this.today());
  }

  private stateOf(row: MeetingRow): MeetingState {
    return meetingState({ status: row.status, meetingDate: row.meeting_date, closedAt: row.closed_at }, this.today());
  }

  async create(user: AuthUser, body: CreateMeetingDto): Promise<MeetingView> {
    const term = await this.termFor(user, body.termId, 'termId');
    if (body.meetingDate < term.starts_on || body.meetingDate > term.ends_on) {
      throw invalidField('meetingDate', `meetingDate must lie in the term, ${term.starts_on} to ${term.ends_on}`);
    }
    if (body.meetingDate < this.today()) throw invalidField('meetingDate', 'meetingDate must not be in the past');
    const id = await this.writes.createMeeting({
      termId: term.id,
      title: body.title.trim(),
      meetingDate: body.meetingDate,
      location: body.location?.trim() ?? null,
      materials: body.materials?.trim() ? body.materials : null,
      wholeMeetingQuota: body.wholeMeetingQuota ?? 10,
      createdByUserId: user.id,
      agenda: body.agenda.map((item) => ({
        title: item.title.trim(),
        committee: item.committee.trim(),
        deputyQuota: item.deputyQuota ?? 5,
      })),
    });
    return this.detail(user, id);
  }

  async update(user: AuthUser, id: string, body: UpdateMeetingDto): Promise<MeetingView> {
    const meeting = await this.meetingFor(user, id);
    if (meeting.status === 'cancelled') throw new ConflictException('The meeting was cancelled');
    if (meeting.closed_at !== null) throw new ConflictException('The meeting is closed: its record is final');
    await this.writes.updateMeeting(id, {
      title: body.title?.trim() ?? null,
      location: body.location?.trim() ?? null,
      materials: body.materials ?? null,
      wholeMeetingQuota: body.wholeMeetingQuota ?? null,
    });
    return this.detail(user, id);
  }

  /** Only a meeting nobody was invited to may be deleted; one with invitations is cancelled instead. */
  async remove(user: AuthUser, id: string): Promise<void> {
    const meeting = await this.meetingFor(user, id);
    if (meeting.invited > 0) {
      throw new ConflictException('Deputies were invited to this meeting: cancel it instead, so they are told');
    }
    await this.writes.deleteMeeting(id);
  }

  /** Cancels the meeting and every open invitation: each deputy is told, and each workflow ends. */
  async cancel(user: AuthUser, id: string, body: CancelMeetingDto, requestKey: string): Promise<MeetingView> {
    const meeting = await this.meetingFor(user, id);
    switch (this.stateOf(meeting)) {
      case 'cancelled':
        throw new ConflictException('The meeting was cancelled already');
      case 'closed':
      case 'held':
        throw new ConflictException(
          `The meeting was held on ${meeting.meeting_date}: a held meeting cannot be cancelled`,
        );
      case 'planned':
        break;
    }
    const reason = body.reason;
    await this.writes.cancelMeeting(id, reason);
    const open = (await this.repository.invitationsOfMeeting(id)).filter((i) => i.closed_at === null);
    const results = await Promise.allSettled(
      open.map((invitation) =>
        this.workflows.update(
          invitation.id,
          cancelInvitationUpdate,
          { reason, actor: actorOf(user) },
          `cancel:${user.id}:${requestKey}`,
          ['reason'],
        ),
      ),
    );
    // An invitation already closed (the meeting day ended meanwhile) has nothing to cancel; anything else is retried
    // by cancelling again, which the meeting's status no longer allows: so report it.
    const failed = results.filter(
      (r) => r.status === 'rejected' && !(r.reason instanceof ConflictException),
    ) as PromiseRejectedResult[];
    if (failed.length > 0) throw failed[0].reason;
    return this.detail(user, id);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Proposals and invitations

  async proposals(user: AuthUser, id: string, query: ProposalQuery): Promise<ProposalsView> {
    const meeting = await this.meetingFor(user, id);
    const { kind, quota, already } = await this.quotaOf(meeting, query.agendaItemId, 'agendaItemId');
    const limit = query.limit ?? Math.max(quota - already, 0);
    const rows = limit > 0 ? await this.repository.proposals(meeting, this.today(), limit) : [];
    return {
      kind,
      quota,
      alreadyInvited: already,
      proposals: rows.map((row) => ({
        deputy: { id: row.id, name: row.name, employer: row.employer, post: row.post },
        attendances: row.attendances,
        upcoming: row.upcoming,
        neverAttended: row.attendances === 0,
      })),
    };
  }

  private async quotaOf(
    meeting: MeetingRow,
    agendaItemId: string | undefined,
    field: string,
  ): Promise<{ kind: InvitationKind; quota: number; already: number }> {
    if (!agendaItemId) return { kind: 'whole', quota: meeting.whole_meeting_quota, already: meeting.whole_invited };
    const item = (await this.repository.agenda(meeting.id)).find((a) => a.id === agendaItemId);
    if (!item) throw invalidField(field, `${field} is not an item of this meeting's agenda`);
    return { kind: 'item', quota: item.deputy_quota, already: item.invited };
  }

  /**
   * Invites deputies of the meeting's congress and starts one workflow each. Idempotent: a deputy invited before in
   * the same way is answered as they are (and their workflow started if a first attempt stopped short).
   */
  async invite(user: AuthUser, id: string, body: InviteDto): Promise<InvitationView[]> {
    const meeting = await this.meetingFor(user, id);
    switch (this.stateOf(meeting)) {
      case 'cancelled':
        throw new ConflictException('The meeting was cancelled');
      case 'closed':
      case 'held':
        throw new ConflictException(`The meeting was held on ${meeting.meeting_date}: nobody can be invited to it now`);
      case 'planned':
        break;
    }
    const { kind } = await this.quotaOf(meeting, body.agendaItemId, 'agendaItemId');
    const itemId = body.agendaItemId ?? null;
    const members = await this.repository.termDeputyIds(meeting.term_id, body.deputyIds);
    const existing = new Map(
      (await this.repository.invitationsOfMeeting(id, body.deputyIds)).map((row) => [row.deputy_id, row]),
    );
    const problems: Record<string, string[]> = {};
    body.deputyIds.forEach((deputyId, index) => {
      const before = existing.get(deputyId);
      if (!members.has(deputyId)) {
        problems[`deputyIds.${index}`] = [`deputyIds.${index} is not a deputy of this meeting's congress`];
      } else if (before && (before.kind !== kind || before.agenda_item_id !== itemId)) {
        problems[`deputyIds.${index}`] = [`deputyIds.${index} is invited to this meeting already (${before.kind})`];
      }
    });
    if (Object.keys(problems).length > 0) throw new InvalidFieldsException(problems);

    const newcomers = body.deputyIds.filter((deputyId) => !existing.has(deputyId));
    await this.writes.invite(id, newcomers, { kind, agendaItemId: itemId }, actorOf(user));
    const rows = await this.repository.invitationsOfMeeting(id, body.deputyIds);
    for (const row of rows) {
      if (row.closed_at === null) {
        await this.workflows.start({ id: row.id, meetingId: id, meetingDate: meeting.meeting_date });
      }
    }
    return rows.map(invitationView);
  }

  async invitations(user: AuthUser, id: string, query: InvitationListQuery): Promise<Page<InvitationView>> {
    await this.meetingFor(user, id);
    const params: unknown[] = [id];
    let where = 'i.meeting_id = $1';
    if (query.status) where += ` AND i.status = $${params.push(query.status)}`;
    const { rows, total } = await this.repository.invitationPage(where, params, query);
    return pageOf(rows.map(invitationView), total, query);
  }

  async invitation(user: AuthUser, id: string): Promise<InvitationDetailView> {
    const row = await this.invitationFor(user, id);
    return { ...invitationView(row), events: (await this.repository.events(id)).map(invitationEventView) };
  }

  // -------------------------------------------------------------------------------------------------------------
  // The phone-call task list (电话通知) and the leave decision

  /** Open calls: notified, not yet reached, not cancelled, workflow running; the most urgent first. */
  async phoneTasks(user: AuthUser, query: PhoneTaskQuery): Promise<Page<InvitationView>> {
    const params: unknown[] = [];
    const where = [
      regionFilter('r.path', this.roots(user), params),
      `i.phone_status IN ('pending', 'not_reached')`,
      `i.closed_at IS NULL`,
      `i.status <> 'cancelled'`,
    ];
    if (query.meetingId) where.push(`i.meeting_id = $${params.push(query.meetingId)}`);
    const { rows, total } = await this.repository.invitationPage(
      where.join(' AND '),
      params,
      query,
      'i.phone_due_at, m.meeting_date, d.name, i.id',
    );
    return pageOf(rows.map(invitationView), total, query);
  }

  async recordCall(user: AuthUser, id: string, body: PhoneCallDto, requestKey: string): Promise<InvitationView> {
    const invitation = await this.invitationFor(user, id);
    const note = body.note?.trim() ? body.note : undefined; // free text is stored as sent; blank is none
    const input = { outcome: body.outcome, ...(note ? { note } : {}), actor: actorOf(user) };
    return this.send(invitation, recordCallUpdate, input, `recordCall:${user.id}:${requestKey}`, ['outcome', 'note']);
  }

  async decideLeave(user: AuthUser, id: string, body: LeaveDecisionDto, requestKey: string): Promise<InvitationView> {
    const invitation = await this.invitationFor(user, id);
    const note = body.note?.trim() ? body.note : undefined;
    const input = { approved: body.approved, ...(note ? { note } : {}), actor: actorOf(user) };
    return this.send(invitation, decideLeaveUpdate, input, `decideLeave:${user.id}:${requestKey}`, ['approved']);
  }

  /**
   * The deputy's phone, whole, for the staff who call them: liaison officers and supervisors of the meeting's region
   * (an admin without such a role sees it masked). Each whole read is logged in data_access_log.
   */
  async deputyPhone(user: AuthUser, id: string): Promise<DeputyPhoneView> {
    const invitation = await this.invitationFor(user, id);
    const mayCall =
      this.scope.isInRegion(user, 'liaison', invitation.region_path) ||
      this.scope.isInRegion(user, 'supervisor', invitation.region_path);
    if (!mayCall) return { phone: maskPhone(invitation.deputy_phone), masked: true };
    await this.personalData.recordDeputyRead(
      user,
      ['deputies.phone'],
      `${ACCESS_PURPOSES.callDeputy} invitation:${invitation.id}`,
    );
    return { phone: invitation.deputy_phone, masked: false };
  }

  /**
   * Staff record what the deputy answered them (attend, or leave with the reason they gave): the same update as the
   * deputy's own reply, so the same checks, with the staff member as the actor and the deputy named in the event.
   */
  async replyOnBehalf(
    user: AuthUser,
    id: string,
    body: InvitationReplyDto,
    requestKey: string,
  ): Promise<InvitationView> {
    const invitation = await this.invitationFor(user, id);
    const input = {
      ...this.replyInput(user, body),
      onBehalfOf: { deputyId: invitation.deputy_id, deputyName: invitation.deputy_name },
    };
    const updateId = `replyOnBehalf:${user.id}:${requestKey}`;
    return this.send(invitation, invitationReplyUpdate, input, updateId, ['answer', 'reason']);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Inviting anyone of the term, taking everyone's attendance at once, closing the record

  async searchDeputies(user: AuthUser, id: string, query: DeputySearchQuery): Promise<DeputyCandidateView[]> {
    const meeting = await this.meetingFor(user, id);
    const rows = await this.repository.searchTermDeputies(meeting, query.name?.trim() ?? '', query.limit ?? 20);
    return rows.map((row) => ({
      deputy: { id: row.id, name: row.name, employer: row.employer, post: row.post },
      attendances: row.attendances,
      invitedAs: row.invited_kind,
    }));
  }

  /** 全部出席: every invited deputy not marked yet is present, but those on leave or asking for it. */
  async allPresent(user: AuthUser, id: string, requestKey: string): Promise<AllPresentView> {
    const meeting = await this.meetingFor(user, id);
    this.assertAttendanceOpen(meeting);
    const marked = await this.writes.markAllPresent(id, `attendance-all:${user.id}:${requestKey}`, actorOf(user));
    const leftOut = (await this.repository.invitationsOfMeeting(id)).filter(
      (row) => row.attendance === null && row.status !== 'cancelled',
    );
    return { marked: marked.length, leftOut: leftOut.map(invitationView) };
  }

  /** Closes a held meeting's record: from then on its attendance is final and nothing about it changes. */
  async close(user: AuthUser, id: string): Promise<MeetingView> {
    const meeting = await this.meetingFor(user, id);
    this.assertAttendanceOpen(meeting);
    if (!(await this.writes.closeMeeting(id, user.id))) throw new ConflictException('The meeting is closed already');
    return this.detail(user, id);
  }

  /** Attendance is taken from the meeting day until the record is closed. */
  private assertAttendanceOpen(meeting: MeetingRow): void {
    if (meeting.status === 'cancelled') throw new ConflictException('The meeting was cancelled');
    if (meeting.closed_at !== null) throw new ConflictException('The meeting is closed: its attendance is final');
    if (meeting.meeting_date > this.today()) {
      throw new ConflictException(`The meeting has not been held yet: it is on ${meeting.meeting_date}`);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // The deputy

  async myInvitations(user: AuthUser, query: InvitationListQuery): Promise<Page<InvitationView>> {
    if (!user.deputyId) return pageOf([], 0, query);
    const params: unknown[] = [user.deputyId];
    let where = 'i.deputy_id = $1';
    if (query.status) where += ` AND i.status = $${params.push(query.status)}`;
    const { rows, total } = await this.repository.invitationPage(where, params, query);
    return pageOf(rows.map(invitationView), total, query);
  }

  async reply(user: AuthUser, id: string, body: InvitationReplyDto, requestKey: string): Promise<InvitationView> {
    const invitation = await this.repository.invitation(id);
    // Another deputy's invitation does not exist for this one.
    if (!invitation || !user.deputyId || invitation.deputy_id !== user.deputyId) {
      throw new NotFoundException('Invitation not found');
    }
    const input = this.replyInput(user, body);
    return this.send(invitation, invitationReplyUpdate, input, `reply:${user.id}:${requestKey}`, ['answer', 'reason']);
  }

  /** The reply update's input, the same whoever records it: a leave request must say why in writing. */
  private replyInput(user: AuthUser, body: InvitationReplyDto): InvitationReplyInput {
    const reason = body.reason?.trim() ? body.reason : undefined;
    if (body.answer === 'leave' && !reason) {
      throw invalidField('reason', 'reason is required: a leave request must say why in writing');
    }
    return { answer: body.answer, ...(body.answer === 'leave' ? { reason } : {}), actor: actorOf(user) };
  }

  private async send<I>(
    invitation: InvitationRow,
    definition: UpdateDefinition<InvitationWorkflowState, [I]>,
    input: I,
    updateId: string,
    fields: readonly string[],
  ): Promise<InvitationView> {
    if (invitation.closed_at !== null) {
      throw new ConflictException(
        invitation.status === 'cancelled'
          ? 'The meeting was cancelled (InvitationClosed)'
          : 'The meeting is over (InvitationClosed)',
      );
    }
    await this.workflows.update(invitation.id, definition, input, updateId, fields);
    return invitationView((await this.repository.invitation(invitation.id))!);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Attendance on the day (实时考勤)

  async recordAttendance(user: AuthUser, id: string, body: AttendanceDto, requestKey: string): Promise<InvitationView> {
    const invitation = await this.invitationFor(user, id);
    if (invitation.meeting_status === 'cancelled') throw new ConflictException('The meeting was cancelled');
    if (invitation.meeting_closed_at !== null) {
      throw new ConflictException('The meeting is closed: its attendance is final');
    }
    if (invitation.meeting_date > this.today()) {
      throw new ConflictException(`Attendance is taken on the day: the meeting is on ${invitation.meeting_date}`);
    }
    if (body.mark === 'on_leave' && !(invitation.reply === 'leave' && invitation.leave_decision === 'approved')) {
      throw invalidField('mark', 'on_leave needs an approved written leave request; mark absent otherwise');
    }
    const note = body.note?.trim() ? body.note : null;
    await this.writes.recordAttendance(
      id,
      `attendance:${user.id}:${requestKey}`,
      { mark: body.mark, note, previous: invitation.attendance },
      actorOf(user),
    );
    return invitationView((await this.repository.invitation(id))!);
  }

  /** True when the deputy attended this meeting (present or late), and for which item if only one. */
  async attendedAs(meetingId: string, deputyId: string): Promise<InvitationRow | null> {
    const [row] = await this.repository.invitationsOfMeeting(meetingId, [deputyId]);
    return row && row.attendance && ATTENDED_MARKS.includes(row.attendance) ? row : null;
  }
}
