// The attendance API's input (validated DTOs: unknown fields refused, each problem named by its field) and output
// (views), with the examples the OpenAPI document shows.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiDate, ApiDateTime, ApiInteger, ApiNullable } from '../common/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ATTENDANCE_MARKS,
  INVITATION_ANSWERS,
  INVITATION_KINDS,
  INVITATION_STATUSES,
  PHONE_STATUSES,
  type AttendanceMark,
  type InvitationAnswer,
  type InvitationKind,
  type InvitationStatus,
  type PhoneStatus,
} from '@app/contracts';
import { IfPresent } from '../common/validation';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate } from '../issues/issues.dto';
import { QueryInt } from '../common/validation';
import { MEETING_STATES, type MeetingState } from './meeting-state';

const NOT_BLANK = /\S/;
const NotBlank = (property: string) => Matches(NOT_BLANK, { message: `${property} must not be blank` });
const EXAMPLE_UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';
export const MAX_AGENDA_ITEMS = 20;
export const MAX_INVITES_PER_REQUEST = 50;

// ---------------------------------------------------------------------------------------------------------------
// Params and queries

export class AttendanceIdParams {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID })
  @IsUUID()
  id!: string;
}

export class MeetingListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only meetings of this congress term.' })
  @IsOptional()
  @IsUUID()
  termId?: string;

  @ApiPropertyOptional({
    enum: MEETING_STATES,
    description: 'planned: its day has not passed; held: it has, record not closed yet; closed; cancelled.',
  })
  @IsOptional()
  @IsIn(MEETING_STATES)
  status?: MeetingState;
}

export class DeputySearchQuery {
  @ApiPropertyOptional({ example: '王', maxLength: 50, description: 'Part of the name; without it, every deputy.' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  name?: string;

  @ApiInteger({ minimum: 1, maximum: 100, description: 'Default 20.', required: false })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export const PERIOD_REPORT_FORMATS = ['html', 'xlsx'] as const;

export class PeriodExportQuery {
  @ApiProperty({ format: 'uuid', description: 'The congress term whose meetings are counted.' })
  @IsUUID()
  termId!: string;

  @ApiDate({ description: 'First meeting day counted (China date), included.', example: '2017-01-01' })
  @IsCalendarDate()
  from!: string;

  @ApiDate({ description: 'The day after the last meeting day counted, excluded.', example: '2018-06-01' })
  @IsCalendarDate()
  to!: string;

  @ApiPropertyOptional({
    enum: PERIOD_REPORT_FORMATS,
    default: 'html',
    description: 'html: the printable page (打印); xlsx: one row per meeting and a total row (导出Excel).',
  })
  @IsOptional()
  @IsIn(PERIOD_REPORT_FORMATS)
  format: (typeof PERIOD_REPORT_FORMATS)[number] = 'html';
}

export class InvitationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INVITATION_STATUSES })
  @IsOptional()
  @IsIn(INVITATION_STATUSES)
  status?: InvitationStatus;
}

export class PhoneTaskQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this meeting’s calls.' })
  @IsOptional()
  @IsUUID()
  meetingId?: string;
}

export class ProposalQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Propose for this agenda item (按议题列席); without it, for the whole meeting (全程列席).',
  })
  @IsOptional()
  @IsUUID()
  agendaItemId?: string;

  @ApiInteger({
    minimum: 1,
    maximum: 100,
    description: 'Default: the places still open in the quota.',
    required: false,
  })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export const DELIBERATION_FORMATS = ['html', 'xlsx', 'docx', 'pdf'] as const;

export class DeliberationQuery {
  @ApiPropertyOptional({
    enum: DELIBERATION_FORMATS,
    default: 'html',
    description: 'html: the printable page; xlsx: one row per speech; docx and pdf: the official document.',
  })
  @IsOptional()
  @IsIn(DELIBERATION_FORMATS)
  format: (typeof DELIBERATION_FORMATS)[number] = 'html';
}

export class AttendancePeriodQuery {
  @ApiProperty({ format: 'uuid', description: 'The congress term whose meetings are counted.' })
  @IsUUID()
  termId!: string;

  @ApiDate({ description: 'First meeting day counted (China date), included.', example: '2017-01-01' })
  @IsCalendarDate()
  from!: string;

  @ApiDate({ description: 'The day after the last meeting day counted, excluded.', example: '2018-06-01' })
  @IsCalendarDate()
  to!: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Meetings

export class AgendaItemDto {
  @ApiProperty({ example: '审议市人民政府关于城市黑臭水体治理工作情况的报告', maxLength: 300 })
  @IsString()
  @MaxLength(300)
  @NotBlank('title')
  title!: string;

  @ApiProperty({ example: '城乡建设环境保护工作委员会', maxLength: 100, description: 'The committee that owns it.' })
  @IsString()
  @MaxLength(100)
  @NotBlank('committee')
  committee!: string;

  @ApiInteger({ example: 5, minimum: 0, maximum: 50, default: 5, required: false })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(50)
  deputyQuota?: number;
}

export class CreateMeetingDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID, description: 'The congress term (its region and level).' })
  @IsUUID()
  termId!: string;

  @ApiProperty({ example: '湘潭市第十六届人大常委会第三十次会议', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  @NotBlank('title')
  title!: string;

  @ApiDate({ example: '2026-12-28', description: 'China date, within the term, not in the past.' })
  @IsCalendarDate()
  meetingDate!: string;

  @ApiPropertyOptional({ example: '市人大常委会第一会议室', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @NotBlank('location')
  location?: string;

  @ApiPropertyOptional({ example: '会议资料见附件：议程、报告文本。', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  materials?: string;

  @ApiInteger({ example: 10, minimum: 0, maximum: 100, default: 10, required: false })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  wholeMeetingQuota?: number;

  @ApiProperty({ type: [AgendaItemDto], minItems: 1, maxItems: MAX_AGENDA_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_AGENDA_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemDto)
  agenda!: AgendaItemDto[];
}

/** Every field may be left out; none may be null (null would not clear it, so it is refused rather than ignored). */
export class UpdateMeetingDto {
  @ApiPropertyOptional({ example: '湘潭市第十六届人大常委会第三十次会议', maxLength: 200 })
  @IfPresent()
  @IsString()
  @MaxLength(200)
  @NotBlank('title')
  title?: string;

  @ApiPropertyOptional({ example: '市人大常委会第一会议室', maxLength: 200 })
  @IfPresent()
  @IsString()
  @MaxLength(200)
  location?: string;

  @ApiPropertyOptional({ example: '会议资料见附件。', maxLength: 4000 })
  @IfPresent()
  @IsString()
  @MaxLength(4000)
  materials?: string;

  @ApiInteger({ example: 10, minimum: 0, maximum: 100, required: false })
  @IfPresent()
  @IsInt()
  @Min(0)
  @Max(100)
  wholeMeetingQuota?: number;
}

export class CancelMeetingDto {
  @ApiProperty({ example: '会议延期至下月召开', maxLength: 1000 })
  @IsString()
  @MaxLength(1000)
  @NotBlank('reason')
  reason!: string;
}

export class InviteDto {
  @ApiProperty({ type: [String], format: 'uuid', example: [EXAMPLE_UUID], maxItems: MAX_INVITES_PER_REQUEST })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INVITES_PER_REQUEST)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  deputyIds!: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'For one agenda item; without it, the whole meeting.' })
  @IsOptional()
  @IsUUID()
  agendaItemId?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Invitations

export class PhoneCallDto {
  @ApiProperty({ enum: ['reached', 'not_reached'], example: 'reached' })
  @IsIn(['reached', 'not_reached'])
  outcome!: 'reached' | 'not_reached';

  @ApiPropertyOptional({ example: '代表本人接听，确认准时参会', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class InvitationReplyDto {
  @ApiProperty({ enum: INVITATION_ANSWERS, example: 'leave' })
  @IsIn(INVITATION_ANSWERS)
  answer!: InvitationAnswer;

  @ApiPropertyOptional({
    example: '当日需主持单位年度安全生产检查，无法到会，特此请假。',
    maxLength: 1000,
    description: 'The written reason; required for leave.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class LeaveDecisionDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  approved!: boolean;

  @ApiPropertyOptional({ example: '同意请假', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class AttendanceDto {
  @ApiProperty({ enum: ATTENDANCE_MARKS, example: 'present', description: 'on_leave needs an approved leave request.' })
  @IsIn(ATTENDANCE_MARKS)
  mark!: AttendanceMark;

  @ApiPropertyOptional({ example: '迟到15分钟', maxLength: 500 })
  @IfPresent() // null is refused, not read as "no note": the document says a string
  @IsString()
  @MaxLength(500)
  note?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Speeches

export class SpeechDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID })
  @IsUUID()
  agendaItemId!: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID, description: 'A deputy who attended (present or late).' })
  @IsUUID()
  deputyId!: string;

  @ApiProperty({ example: '建议加大老旧小区雨污分流改造力度，明确时间表。', maxLength: 10000 })
  @IsString()
  @MaxLength(10000)
  @NotBlank('text')
  text!: string;

  @ApiPropertyOptional({ type: [String], example: ['明确雨污分流改造时间表'], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  @Matches(NOT_BLANK, { each: true, message: 'each suggestion must not be blank' })
  suggestions?: string[];
}

export class SignOffDto {
  @ApiPropertyOptional({
    example: '建议加大老旧小区雨污分流改造力度，明确2027年底前完成的时间表。',
    maxLength: 10000,
    description: 'Your corrected text; omit it to sign the transcript as it is.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  @NotBlank('text')
  text?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Views

export class DeputyRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '周红' }) name!: string;
  @ApiProperty({ example: '湘潭市第一中学' }) employer!: string;
  @ApiProperty({ example: '校长' }) post!: string;
}

export class AgendaItemRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '审议…的报告' }) title!: string;
  @ApiInteger({ example: 1 }) position!: number;
}

export class TermRegionRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '湘潭市' }) name!: string;
}

export class AbsenceView {
  @ApiProperty({ format: 'uuid' }) deputyId!: string;
  @ApiProperty({ example: '李明' }) deputy!: string;
  @ApiProperty({ enum: ATTENDANCE_MARKS }) mark!: AttendanceMark;
  @ApiProperty({ example: '请假' }) markLabel!: string;
  @ApiNullable('string', { example: '出差' }) reason!: string | null;
}

export class AgendaItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiInteger({ example: 1 }) position!: number;
  @ApiProperty({ example: '审议市人民政府关于城市黑臭水体治理工作情况的报告' }) title!: string;
  @ApiProperty({ example: '城乡建设环境保护工作委员会' }) committee!: string;
  @ApiInteger({ example: 5 }) deputyQuota!: number;
  @ApiInteger({ example: 3, description: 'Deputies invited for this item.' }) invited!: number;
}

export class TermView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'xiangtan-16' }) code!: string;
  @ApiProperty({ example: '湘潭市第十六届人民代表大会' }) name!: string;
  @ApiProperty({ example: 'city' }) level!: string;
  @ApiDate({ example: '2022-01-01' }) startsOn!: string;
  @ApiDate({ example: '2026-12-31' }) endsOn!: string;
  @ApiProperty({ type: TermRegionRef }) region!: TermRegionRef;
  @ApiInteger({ example: 180 }) deputies!: number;
}

export class MeetingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '湘潭市第十六届人大常委会第三十次会议' }) title!: string;
  @ApiDate({ example: '2026-12-28' }) meetingDate!: string;
  @ApiNullable('string', { example: '市人大常委会第一会议室' }) location!: string | null;
  @ApiNullable('string') materials!: string | null;
  @ApiInteger({ example: 10 }) wholeMeetingQuota!: number;
  @ApiProperty({ enum: MEETING_STATES, description: 'held: a planned meeting whose day has passed.' })
  status!: MeetingState;
  @ApiProperty({ example: '计划召开' }) statusLabel!: string;
  @ApiNullable('string') cancelReason!: string | null;
  @ApiNullable('date-time', { description: 'When the office closed the record: attendance is final.' })
  closedAt!: string | null;
  @ApiProperty({ type: TermView }) term!: TermView;
  @ApiProperty({ type: [AgendaItemView] }) agenda!: AgendaItemView[];
  @ApiInteger({ example: 9, description: 'Deputies invited for the whole meeting.' }) wholeInvited!: number;
  @ApiInteger({ example: 15 }) invited!: number;
}

export class InvitationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ example: '湘潭市第十六届人大常委会第三十次会议' }) meetingTitle!: string;
  @ApiDate({ example: '2026-12-28' }) meetingDate!: string;
  @ApiProperty({ type: DeputyRef }) deputy!: DeputyRef;
  @ApiProperty({
    example: '138****5678',
    description: 'Masked; GET /api/attendance/invitations/{id}/deputy-phone reads it whole, and the read is logged.',
  })
  deputyPhone!: string;
  @ApiProperty({ enum: INVITATION_KINDS }) kind!: InvitationKind;
  @ApiProperty({ example: '全程列席' }) kindLabel!: string;
  @ApiNullable(AgendaItemRef, {
    description: 'The agenda item, for a per-item invitation; null for the whole meeting.',
  })
  agendaItem!: AgendaItemRef | null;
  @ApiProperty({ enum: INVITATION_STATUSES }) status!: InvitationStatus;
  @ApiProperty({ example: '已通知待回复' }) statusLabel!: string;
  @ApiNullable('date-time') noticeSentAt!: string | null;
  @ApiProperty({ enum: PHONE_STATUSES, nullable: true }) phoneStatus!: PhoneStatus | null;
  @ApiNullable('date-time') phoneDueAt!: string | null;
  @ApiNullable('string') phoneNote!: string | null;
  @ApiNullable('date-time') reminderSentAt!: string | null;
  @ApiProperty({ enum: INVITATION_ANSWERS, nullable: true }) reply!: InvitationAnswer | null;
  @ApiNullable('string') leaveReason!: string | null;
  @ApiProperty({ enum: ['approved', 'rejected'], nullable: true }) leaveDecision!: 'approved' | 'rejected' | null;
  @ApiProperty({ enum: ATTENDANCE_MARKS, nullable: true }) attendance!: AttendanceMark | null;
  @ApiNullable('string', { example: '出席' }) attendanceLabel!: string | null;
  @ApiNullable('string') attendanceNote!: string | null;
  @ApiNullable('date-time') closedAt!: string | null;
}

export class InvitationEventView {
  @ApiProperty({ example: '12' }) id!: string;
  @ApiProperty({ example: 'notice' }) stepKey!: string;
  @ApiProperty({ example: 'notice_sent' }) type!: string;
  @ApiProperty({ example: '预告通知' }) label!: string;
  @ApiNullable('string') actor!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiDateTime() at!: string;
}

export class InvitationDetailView extends InvitationView {
  @ApiProperty({ type: [InvitationEventView] }) events!: InvitationEventView[];
}

export class ProposalView {
  @ApiProperty({ type: DeputyRef }) deputy!: DeputyRef;
  @ApiInteger({ example: 0, description: 'Meetings attended in this term.' }) attendances!: number;
  @ApiInteger({ example: 0, description: 'Invitations to other meetings not yet held.' }) upcoming!: number;
  @ApiProperty({ example: true }) neverAttended!: boolean;
}

export class ProposalsView {
  @ApiProperty({ enum: INVITATION_KINDS }) kind!: InvitationKind;
  @ApiInteger({ example: 10 }) quota!: number;
  @ApiInteger({ example: 2 }) alreadyInvited!: number;
  @ApiProperty({ type: [ProposalView] }) proposals!: ProposalView[];
}

export class SpeechView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ example: '湘潭市第十六届人大常委会第三十次会议' }) meetingTitle!: string;
  @ApiProperty({ type: AgendaItemRef }) agendaItem!: AgendaItemRef;
  @ApiProperty({ type: DeputyRef }) deputy!: DeputyRef;
  @ApiProperty() text!: string;
  @ApiProperty({ type: [String] }) suggestions!: string[];
  @ApiProperty({ enum: ['awaiting_signoff', 'signed_off', 'corrected'] }) status!: string;
  @ApiProperty({ example: '待签阅' }) statusLabel!: string;
  @ApiNullable('string') originalText!: string | null;
  @ApiNullable('date-time') signedOffAt!: string | null;
}

export class MeetingReportView {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty() title!: string;
  @ApiDate() meetingDate!: string;
  @ApiProperty({ enum: ['planned', 'cancelled'] }) status!: string;
  @ApiInteger({ example: 15 }) invited!: number;
  @ApiInteger({ example: 9 }) invitedWhole!: number;
  @ApiInteger({ example: 6 }) invitedItem!: number;
  @ApiInteger({ example: 15, description: 'Present or late (列席人次).' }) attended!: number;
  @ApiInteger({ example: 9 }) attendedWhole!: number;
  @ApiInteger({ example: 6 }) attendedItem!: number;
  @ApiInteger({ example: 1 }) late!: number;
  @ApiInteger({ example: 0 }) absent!: number;
  @ApiInteger({ example: 0 }) onLeave!: number;
  @ApiInteger({ example: 0, description: 'Invited, attendance not (yet) taken.' }) notRecorded!: number;
  @ApiInteger({ example: 5 }) speeches!: number;
  @ApiInteger({ example: 5 }) signedSpeeches!: number;
  @ApiInteger({ example: 3 }) suggestions!: number;
  @ApiProperty({
    type: [AbsenceView],
    description: 'Deputies absent or on leave, as reported to the meeting (出缺情况).',
  })
  absences!: AbsenceView[];
}

export class PeriodReportView {
  @ApiProperty({ type: TermView }) term!: TermView;
  @ApiDate({ example: '2017-01-01' }) from!: string;
  @ApiDate({ example: '2018-06-01' }) to!: string;
  @ApiInteger({ example: 10, description: 'Meetings held (not cancelled).' }) meetings!: number;
  @ApiInteger({ example: 151 }) invited!: number;
  @ApiInteger({ example: 151, description: 'Attendances (列席人次): whole-meeting plus per-item.' }) attended!: number;
  @ApiInteger({ example: 90 }) attendedWhole!: number;
  @ApiInteger({ example: 61 }) attendedItem!: number;
  @ApiInteger({ example: 0 }) absent!: number;
  @ApiInteger({ example: 0 }) onLeave!: number;
  @ApiInteger({ example: 50 }) speeches!: number;
  @ApiInteger({ example: 25 }) suggestions!: number;
  @ApiInteger({ example: 151, description: 'Different deputies who attended at least once.' })
  distinctDeputies!: number;
  @ApiProperty({ type: [MeetingReportView] }) perMeeting!: MeetingReportView[];
}

export class CoverageView {
  @ApiProperty({ type: TermView }) term!: TermView;
  @ApiInteger({ example: 180 }) deputies!: number;
  @ApiInteger({ example: 151 }) attendedAtLeastOnce!: number;
  @ApiNullable('number', { example: 0.839, description: 'attendedAtLeastOnce / deputies, 3 decimals.' })
  coverage!: number | null;
  @ApiProperty({ type: [DeputyRef], description: 'Deputies who have not attended yet this term.' })
  notYetAttended!: DeputyRef[];
}

export class DeputyCandidateView {
  @ApiProperty({ type: DeputyRef }) deputy!: DeputyRef;
  @ApiInteger({ example: 0, description: 'Meetings of this term attended (present or late).' }) attendances!: number;
  @ApiProperty({ enum: INVITATION_KINDS, nullable: true, description: 'How they are invited to this meeting, if so.' })
  invitedAs!: InvitationKind | null;
}

export class DeputyPhoneView {
  @ApiProperty({ example: '13812345678' }) phone!: string;
  @ApiProperty({ description: 'False only when the reader may call the deputy and the read was logged.' })
  masked!: boolean;
}

export class AllPresentView {
  @ApiInteger({ example: 12, description: 'Invitations marked present by this request.' }) marked!: number;
  @ApiProperty({
    type: [InvitationView],
    description:
      'Invitations left for a mark by hand: on leave, asking for leave, or not taken yet for another reason.',
  })
  leftOut!: InvitationView[];
}
