// Meetings and invitations for the liaison office (列席): terms, meetings with their agendas, proposals, invitations
// with their statuses and timelines, the phone-call task list, leave decisions, attendance, speeches, the deliberation
// opinions and the reports. Liaison officers and supervisors whose regions cover the meeting's congress, and admins.
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { ApiIdempotencyKey, RequestKey } from '../common/idempotency-key';
import { downloadOf } from '../common/export/download';
import { DOCX_MIME } from '../common/export/docx';
import { PDF_MIME } from '../common/export/pdf';
import { XLSX_MIME } from '../common/export/xlsx';
import {
  AllPresentView,
  AttendanceDto,
  DeputyCandidateView,
  DeputyPhoneView,
  DeputySearchQuery,
  InvitationReplyDto,
  PeriodExportQuery,
  AttendanceIdParams,
  AttendancePeriodQuery,
  CancelMeetingDto,
  CoverageView,
  CreateMeetingDto,
  DeliberationQuery,
  InvitationDetailView,
  InvitationListQuery,
  InvitationView,
  InviteDto,
  LeaveDecisionDto,
  MeetingListQuery,
  MeetingReportView,
  MeetingView,
  PeriodReportView,
  PhoneCallDto,
  PhoneTaskQuery,
  ProposalQuery,
  ProposalsView,
  SpeechDto,
  SpeechView,
  TermView,
  UpdateMeetingDto,
} from './attendance.dto';
import { AttendanceReportsService } from './attendance-reports.service';
import { MeetingsService } from './meetings.service';
import { SpeechesService } from './speeches.service';

const COMMAND_ERRORS = [400, 403, 404, 409, 503];

@ApiTags('attendance')
@ApiSignedIn()
@Roles('liaison', 'supervisor', 'admin')
@Controller('api/attendance')
export class MeetingsController {
  constructor(
    @Inject(MeetingsService) private readonly meetings: MeetingsService,
    @Inject(SpeechesService) private readonly speeches: SpeechesService,
    @Inject(AttendanceReportsService) private readonly reports: AttendanceReportsService,
  ) {}

  // -------------------------------------------------------------------------------------------------------------
  // Terms

  @Get('terms')
  @ApiOperation({ summary: 'Congress terms in your regions, with their deputy counts' })
  @ApiOkResponse({ type: [TermView] })
  @ApiErrors(403)
  terms(@CurrentUser() user: AuthUser): Promise<TermView[]> {
    return this.meetings.terms(user);
  }

  @Get('terms/:id/coverage')
  @ApiOperation({ summary: 'Term coverage: deputies who have not attended a meeting yet this term' })
  @ApiOkResponse({ type: CoverageView })
  @ApiErrors(400, 403, 404)
  coverage(@CurrentUser() user: AuthUser, @Param() params: AttendanceIdParams): Promise<CoverageView> {
    return this.reports.coverage(user, params.id);
  }

  @Get('reports/period')
  @ApiOperation({
    summary: 'Attendance of a term’s meetings in [from, to): per meeting and in total, from the records',
    description: 'attended = attendedWhole + attendedItem: present or late, each invitation counted once.',
  })
  @ApiOkResponse({ type: PeriodReportView })
  @ApiErrors(400, 403)
  period(@CurrentUser() user: AuthUser, @Query() query: AttendancePeriodQuery): Promise<PeriodReportView> {
    return this.reports.period(user, query);
  }

  @Get('reports/period/export')
  @ApiOperation({
    summary: 'The period report to print (html) or as a worksheet (xlsx): one row per meeting and a total row',
  })
  @ApiProduces('text/html', XLSX_MIME)
  @ApiOkResponse({ description: 'The report, as an attachment.' })
  @ApiErrors(400, 403)
  async periodExport(@CurrentUser() user: AuthUser, @Query() query: PeriodExportQuery): Promise<StreamableFile> {
    return downloadOf(await this.reports.periodExport(user, query));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Meetings

  @Get('meetings')
  @ApiOperation({ summary: 'Meetings in your regions, latest first' })
  @ApiPageResponse(MeetingView)
  @ApiErrors(400, 403)
  list(@CurrentUser() user: AuthUser, @Query() query: MeetingListQuery): Promise<Page<MeetingView>> {
    return this.meetings.list(user, query);
  }

  @Post('meetings')
  @ApiOperation({ summary: 'Plan a meeting with its agenda (each item with its owning committee)' })
  @ApiCreatedResponse({ type: MeetingView })
  @ApiErrors(400, 403)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateMeetingDto): Promise<MeetingView> {
    return this.meetings.create(user, body);
  }

  @Get('meetings/:id')
  @ApiOperation({ summary: 'One meeting with its agenda and invitation counts' })
  @ApiOkResponse({ type: MeetingView })
  @ApiErrors(400, 403, 404)
  detail(@CurrentUser() user: AuthUser, @Param() params: AttendanceIdParams): Promise<MeetingView> {
    return this.meetings.detail(user, params.id);
  }

  @Patch('meetings/:id')
  @ApiOperation({ summary: 'Change the title, place, materials or whole-meeting quota' })
  @ApiOkResponse({ type: MeetingView })
  @ApiErrors(400, 403, 404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @Body() body: UpdateMeetingDto,
  ): Promise<MeetingView> {
    return this.meetings.update(user, params.id, body);
  }

  @Delete('meetings/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a meeting nobody was invited to (otherwise cancel it)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 403, 404, 409)
  remove(@CurrentUser() user: AuthUser, @Param() params: AttendanceIdParams): Promise<void> {
    return this.meetings.remove(user, params.id);
  }

  @Post('meetings/:id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel the meeting: every invited deputy is told and each invitation closes' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: MeetingView })
  @ApiErrors(...COMMAND_ERRORS)
  cancel(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @Body() body: CancelMeetingDto,
    @RequestKey() key: string,
  ): Promise<MeetingView> {
    return this.meetings.cancel(user, params.id, body, key);
  }

  @Post('meetings/:id/close')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Close a held meeting’s record: its attendance is final from then on' })
  @ApiOkResponse({ type: MeetingView })
  @ApiErrors(400, 403, 404, 409)
  close(@CurrentUser() user: AuthUser, @Param() params: AttendanceIdParams): Promise<MeetingView> {
    return this.meetings.close(user, params.id);
  }

  @Post('meetings/:id/all-present')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Mark every invited deputy not marked yet present (全部出席), but those on leave or asking for it',
    description: 'Answers how many were marked and the invitations left for a mark by hand.',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: AllPresentView })
  @ApiErrors(400, 403, 404, 409)
  allPresent(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @RequestKey() key: string,
  ): Promise<AllPresentView> {
    return this.meetings.allPresent(user, params.id, key);
  }

  @Get('meetings/:id/deputies')
  @ApiOperation({
    summary: 'Search the deputies of the meeting’s term by name, to invite anyone, not only those proposed',
  })
  @ApiOkResponse({ type: [DeputyCandidateView] })
  @ApiErrors(400, 403, 404)
  deputies(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @Query() query: DeputySearchQuery,
  ): Promise<DeputyCandidateView[]> {
    return this.meetings.searchDeputies(user, params.id, query);
  }

  @Get('meetings/:id/proposals')
  @ApiOperation({
    summary: 'Deputies to invite: those who have not attended yet this term first, then the fewest attendances',
    description: 'Deputies of the meeting’s congress not yet invited to it; ties go to fewer upcoming invitations.',
  })
  @ApiOkResponse({ type: ProposalsView })
  @ApiErrors(400, 403, 404)
  proposals(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @Query() query: ProposalQuery,
  ): Promise<ProposalsView> {
    return this.meetings.proposals(user, params.id, query);
  }

  @Post('meetings/:id/invitations')
  @ApiOperation({
    summary: 'Invite deputies for the whole meeting or one agenda item; the three notices start for each',
    description: 'Inviting the same deputies the same way again answers their invitations and starts nothing new.',
  })
  @ApiCreatedResponse({ type: [InvitationView] })
  @ApiErrors(400, 403, 404, 409, 503)
  invite(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @Body() body: InviteDto,
  ): Promise<InvitationView[]> {
    return this.meetings.invite(user, params.id, body);
  }

  @Get('meetings/:id/invitations')
  @ApiOperation({ summary: 'The meeting’s invitations with their statuses, whole-meeting first' })
  @ApiPageResponse(InvitationView)
  @ApiErrors(400, 403, 404)
  invitations(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @Query() query: InvitationListQuery,
  ): Promise<Page<InvitationView>> {
    return this.meetings.invitations(user, params.id, query);
  }

  @Get('meetings/:id/report')
  @ApiOperation({ summary: 'The meeting’s figures and the absences reported to it' })
  @ApiOkResponse({ type: MeetingReportView })
  @ApiErrors(400, 403, 404)
  report(@CurrentUser() user: AuthUser, @Param() params: AttendanceIdParams): Promise<MeetingReportView> {
    return this.reports.meeting(user, params.id);
  }

  @Get('meetings/:id/speeches')
  @ApiOperation({ summary: 'The speeches recorded at the meeting, by agenda item' })
  @ApiOkResponse({ type: [SpeechView] })
  @ApiErrors(400, 403, 404)
  speechList(@CurrentUser() user: AuthUser, @Param() params: AttendanceIdParams): Promise<SpeechView[]> {
    return this.speeches.list(user, params.id);
  }

  @Post('meetings/:id/speeches')
  @ApiOperation({
    summary: 'Record an attending deputy’s speech on an item; the deputy is mailed to sign it off',
    description: 'Recording again for the same deputy and item replaces the text until the deputy signs it off.',
  })
  @ApiCreatedResponse({ type: SpeechView })
  @ApiErrors(400, 403, 404, 409)
  recordSpeech(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @Body() body: SpeechDto,
  ): Promise<SpeechView> {
    return this.speeches.record(user, params.id, body);
  }

  @Get('meetings/:id/deliberation')
  @ApiOperation({
    summary: 'The deliberation opinions (审议意见): the signed-off speeches by item, as HTML, XLSX, Word or PDF',
    description:
      'The Word and PDF forms are the official document, issued by the standing committee office with its date ' +
      'line; PDF answers 503 when the server has no Chinese font.',
  })
  @ApiProduces('text/html', XLSX_MIME, DOCX_MIME, PDF_MIME)
  @ApiOkResponse({ description: 'The document, as an attachment.' })
  @ApiErrors(400, 403, 404, 503)
  async deliberation(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @Query() query: DeliberationQuery,
  ): Promise<StreamableFile> {
    return downloadOf(await this.speeches.deliberation(user, params.id, query));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Invitations

  @Get('invitations/:id')
  @ApiOperation({ summary: 'One invitation with its timeline (every notice, call, reply and decision)' })
  @ApiOkResponse({ type: InvitationDetailView })
  @ApiErrors(400, 403, 404)
  invitation(@CurrentUser() user: AuthUser, @Param() params: AttendanceIdParams): Promise<InvitationDetailView> {
    return this.meetings.invitation(user, params.id);
  }

  @Get('phone-tasks')
  @ApiOperation({ summary: 'Phone calls to make (电话通知): open calls, the most urgent first' })
  @ApiPageResponse(InvitationView)
  @ApiErrors(400, 403)
  phoneTasks(@CurrentUser() user: AuthUser, @Query() query: PhoneTaskQuery): Promise<Page<InvitationView>> {
    return this.meetings.phoneTasks(user, query);
  }

  @Post('invitations/:id/phone-call')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record the outcome of the confirming phone call' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: InvitationView })
  @ApiErrors(...COMMAND_ERRORS)
  phoneCall(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @Body() body: PhoneCallDto,
    @RequestKey() key: string,
  ): Promise<InvitationView> {
    return this.meetings.recordCall(user, params.id, body, key);
  }

  @Get('invitations/:id/deputy-phone')
  @ApiOperation({
    summary: 'The deputy’s phone, to call them: whole for the region’s liaison officers and supervisors, and logged',
  })
  @ApiOkResponse({ type: DeputyPhoneView })
  @ApiErrors(400, 403, 404)
  deputyPhone(@CurrentUser() user: AuthUser, @Param() params: AttendanceIdParams): Promise<DeputyPhoneView> {
    return this.meetings.deputyPhone(user, params.id);
  }

  @Post('invitations/:id/reply-on-behalf')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Record what the deputy answered on the phone (attend, or leave with their reason), on their behalf',
    description: 'The same checks as the deputy’s own reply; the timeline names who recorded it and for whom.',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: InvitationView })
  @ApiErrors(...COMMAND_ERRORS)
  replyOnBehalf(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @Body() body: InvitationReplyDto,
    @RequestKey() key: string,
  ): Promise<InvitationView> {
    return this.meetings.replyOnBehalf(user, params.id, body, key);
  }

  @Post('invitations/:id/leave-decision')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Approve or reject a written leave request' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: InvitationView })
  @ApiErrors(...COMMAND_ERRORS)
  leaveDecision(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @Body() body: LeaveDecisionDto,
    @RequestKey() key: string,
  ): Promise<InvitationView> {
    return this.meetings.decideLeave(user, params.id, body, key);
  }

  @Put('invitations/:id/attendance')
  @ApiOperation({
    summary: 'Take attendance on the day: present, late, absent, or on leave (only with an approved request)',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: InvitationView })
  @ApiErrors(400, 403, 404, 409)
  attendance(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @Body() body: AttendanceDto,
    @RequestKey() key: string,
  ): Promise<InvitationView> {
    return this.meetings.recordAttendance(user, params.id, body, key);
  }
}
