// The issue API's input (validated DTOs) and output (views), with the examples the OpenAPI document shows.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiDate, ApiDateTime, ApiInteger, ApiNullable } from '../common/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import {
  ISSUE_STATUSES,
  ISSUE_URGENCIES,
  RATINGS,
  REPLY_CLASSES,
  TRANSITION_TYPES,
  isIsoDate,
  type IssueStatus,
  type IssueUrgency,
  type IssueWorkflowState,
  type Rating,
  type RecordedRating,
  type ReplyClass,
} from '@app/contracts';
import { DEPUTY_CHANNELS, ISSUE_CHANNELS, type IssueChannel } from '@app/database';
import { IDEMPOTENCY_KEY_PATTERN } from '../common/idempotency-key';
import { PageQuery } from '../common/pagination';
import { ATTACHMENTS_PER_ISSUE } from '../attachments/attachment-content';
import { StoredFileView } from '../attachments/attachments.dto';
import { ATTACHMENT_EVENT_TYPE } from '../attachments/attachments.repository';
import { IsResidentIdNumber, IsVoterPhone } from './voter-formats';

export const DESCRIPTION_MAX_LENGTH = 4000;
export const TEXT_MAX_LENGTH = 4000;
export const REASON_MAX_LENGTH = 1000;
export const MAX_ATTACHMENTS = 10;
export const MAX_CO_HANDLERS = 5;
const NOT_BLANK = /\S/;
const EXAMPLE_UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

// ---------------------------------------------------------------------------------------------------------------
// Small validators

/** A real calendar date written `YYYY-MM-DD`. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a calendar date (YYYY-MM-DD)', ...options },
      validator: { validate: (value: unknown) => isIsoDate(value) },
    });
}

/** Refuses the property when `other` is given too: "one of the two, not both". */
function IsAbsentWith(other: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAbsentWith',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [other],
      options: { message: `give either $property or ${other}, not both`, ...options },
      validator: {
        validate: (value: unknown, args) =>
          value === undefined || (args?.object as Record<string, unknown>)[other] === undefined,
      },
    });
}

/** promisedDate belongs to a class B reply only. */
function IsOnlyForClassB(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isOnlyForClassB',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property is only for a class B reply' },
      validator: {
        validate: (value: unknown, args) =>
          value === undefined || value === null || (args?.object as { replyClass?: unknown }).replyClass === 'B',
      },
    });
}

const NotBlank = (property: string) => Matches(NOT_BLANK, { message: `${property} must not be blank` });

// ---------------------------------------------------------------------------------------------------------------
// Intake

export class VoterDto {
  @ApiPropertyOptional({ example: '李桂兰', maxLength: 50 })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @NotBlank('name')
  name?: string;

  @ApiPropertyOptional({ example: '13807305678', description: 'Mainland mobile or landline number.', maxLength: 20 })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @IsVoterPhone()
  phone?: string;

  @ApiPropertyOptional({
    example: '430621196505121230',
    description: '18-character resident identity card number; the check character is verified.',
    maxLength: 18,
  })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  @IsResidentIdNumber()
  idNumber?: string;

  @ApiPropertyOptional({ example: '荣家湾镇城东社区建设路12号', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @NotBlank('address')
  address?: string;
}

export class AttachmentDto {
  @ApiProperty({ example: '路面破损照片.jpg', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  @NotBlank('name')
  name!: string;

  @ApiProperty({ example: 'https://files.example.org/lianluo/2025/road-damage.jpg', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url!: string;
}

export class CreateIssueDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID, description: 'A station the deputy is assigned to.' })
  @IsUUID()
  stationId!: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID, description: 'An active issue category.' })
  @IsUUID()
  categoryId!: string;

  @ApiProperty({
    format: 'uuid',
    example: EXAMPLE_UUID,
    description: "The village or community the issue is about (or the township itself), in the station's township.",
  })
  @IsUUID()
  placeRegionId!: string;

  @ApiProperty({ enum: DEPUTY_CHANNELS, example: 'reception_day' })
  @IsIn(DEPUTY_CHANNELS)
  channel!: IssueChannel;

  @ApiProperty({ enum: ISSUE_URGENCIES, example: 'normal' })
  @IsIn(ISSUE_URGENCIES)
  urgency!: IssueUrgency;

  @ApiProperty({
    example: '城东社区建设路路面破损严重，雨天积水，群众出行不便，希望尽快修复。',
    maxLength: DESCRIPTION_MAX_LENGTH,
  })
  @IsString()
  @MaxLength(DESCRIPTION_MAX_LENGTH)
  @NotBlank('description')
  description!: string;

  @ApiPropertyOptional({ type: VoterDto, description: "The voter's personal data; shown masked to most readers." })
  @IsOptional()
  @ValidateNested()
  @Type(() => VoterDto)
  voter?: VoterDto;

  @ApiPropertyOptional({ type: [AttachmentDto], maxItems: MAX_ATTACHMENTS, description: 'By reference only.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: ATTACHMENTS_PER_ISSUE,
    description: 'Files uploaded for this submission first (POST /api/attachments); intake binds them to the issue.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ATTACHMENTS_PER_ISSUE)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attachmentIds?: string[];

  @ApiProperty({
    example: '7d0f3c1e-5b7a-4f43-9c1e-2f1a8e6b9d20',
    description: 'Made by the client once per issue and sent again on every retry: a retry finds the first issue.',
    minLength: 8,
    maxLength: 100,
    pattern: IDEMPOTENCY_KEY_PATTERN.source,
  })
  @IsString()
  @Length(8, 100)
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: 'idempotencyKey may hold only letters, digits and . _ : -' })
  idempotencyKey!: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Reads

export class IssueQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ISSUE_STATUSES })
  @IsOptional()
  @IsIn(ISSUE_STATUSES)
  status?: IssueStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  stationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Issues assigned to this department (lead or co-handling).' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiDate({ example: '2025-11-01', description: 'Submitted on or after this China date.', required: false })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiDate({ example: '2025-11-30', description: 'Submitted on or before this China date.', required: false })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({
    example: 'YYX-2026-00123',
    maxLength: 40,
    description: 'An issue number (事项编号), whole or its beginning (`YYX-2026-`); case does not matter.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  q?: string;
}

export class IssueIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Commands

export class AssignDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID, description: 'The lead department (主办).' })
  @IsUUID()
  leadDepartmentId!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_CO_HANDLERS, description: '协办 departments.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CO_HANDLERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  coHandlerDepartmentIds?: string[];

  @ApiPropertyOptional({ example: '请交通管理站牵头，自然资源所配合。', maxLength: REASON_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(REASON_MAX_LENGTH)
  note?: string;
}

export class ReassignDto extends AssignDto {
  @ApiProperty({ example: '该路段属县道，改由县交通运输局办理。', maxLength: REASON_MAX_LENGTH })
  @IsString()
  @MaxLength(REASON_MAX_LENGTH)
  @NotBlank('reason')
  reason!: string;
}

export class SendBackDto {
  @ApiProperty({ example: '该事项不属于本站职责范围，建议交县水利局办理。', maxLength: REASON_MAX_LENGTH })
  @IsString()
  @MaxLength(REASON_MAX_LENGTH)
  @NotBlank('reason')
  reason!: string;
}

export class CoHandlerInputDto {
  @ApiProperty({ example: '经核查，该路段用地手续齐全，可以施工。', maxLength: TEXT_MAX_LENGTH })
  @IsString()
  @MaxLength(TEXT_MAX_LENGTH)
  @NotBlank('text')
  text!: string;
}

export class ReplyDto {
  @ApiProperty({ enum: REPLY_CLASSES, example: 'A', description: 'A 已解决 · B 正在解决或列入计划 · C 暂不能解决' })
  @IsIn(REPLY_CLASSES)
  replyClass!: ReplyClass;

  @ApiProperty({ example: '已安排施工队于本周修复破损路面，并疏通排水沟。', maxLength: TEXT_MAX_LENGTH })
  @IsString()
  @MaxLength(TEXT_MAX_LENGTH)
  @NotBlank('text')
  text!: string;

  @ApiDate({
    example: '2026-03-31',
    description: 'Class B only, and then required: the date by which the result will be reported (after today).',
    required: false,
  })
  @ValidateIf((reply: ReplyDto) => reply.replyClass === 'B' || (reply.promisedDate ?? undefined) !== undefined)
  @IsDefined({ message: 'promisedDate is required for a class B reply' })
  @IsOnlyForClassB()
  @IsCalendarDate()
  promisedDate?: string;
}

export class FollowUpReplyDto {
  @ApiProperty({ enum: ['A', 'C'], example: 'A', description: 'The final result of a class B reply.' })
  @IsIn(['A', 'C'])
  replyClass!: Exclude<ReplyClass, 'B'>;

  @ApiProperty({ example: '破损路面已于3月20日修复完毕，经回访群众满意。', maxLength: TEXT_MAX_LENGTH })
  @IsString()
  @MaxLength(TEXT_MAX_LENGTH)
  @NotBlank('text')
  text!: string;
}

export class RateDto {
  @ApiProperty({ enum: RATINGS, example: 'satisfied' })
  @IsIn(RATINGS)
  rating!: Rating;

  @ApiPropertyOptional({
    example: '路修好了，群众很满意。',
    maxLength: REASON_MAX_LENGTH,
    description:
      'Required for `unsatisfied`: the department handles the issue again and must know what is still wrong.',
  })
  @ValidateIf((rate: RateDto) => rate.rating === 'unsatisfied' || (rate.comment ?? undefined) !== undefined)
  @IsDefined({ message: 'an unsatisfied rating needs a comment saying what is still wrong' })
  @IsString()
  @MaxLength(REASON_MAX_LENGTH)
  @NotBlank('comment')
  comment?: string;
}

export class UrgeDto {
  @ApiProperty({ example: '群众反映强烈，请抓紧办理。', maxLength: REASON_MAX_LENGTH })
  @IsString()
  @MaxLength(REASON_MAX_LENGTH)
  @NotBlank('note')
  note!: string;
}

/** Merging this (repeated) issue into another (重复件合并): the target carries the handling and reply for both. */
export class MergeIntoDto {
  @ApiProperty({ format: 'uuid', description: 'The open issue, of the same place, that this one is merged into.' })
  @IsUUID()
  targetIssueId!: string;

  @ApiPropertyOptional({ example: '与该事项反映的是同一问题。', maxLength: REASON_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(REASON_MAX_LENGTH)
  reason?: string;
}

export class ExtendDto {
  @ApiInteger({ example: 5, minimum: 1, maximum: 60, description: 'Added to the current deadline.', required: false })
  @ValidateIf((extend: ExtendDto) => extend.newDueDate === undefined || extend.extraWorkingDays !== undefined)
  @IsDefined({ message: 'give extraWorkingDays or newDueDate' })
  @IsInt()
  @Min(1)
  @Max(60)
  extraWorkingDays?: number;

  @ApiPropertyOptional({ example: '2026-04-30', description: 'A later deadline (China date); or extraWorkingDays.' })
  @IsOptional()
  @IsCalendarDate()
  @IsAbsentWith('extraWorkingDays')
  newDueDate?: string;

  @ApiProperty({ example: '需等待县财政资金下达后施工。', maxLength: REASON_MAX_LENGTH })
  @IsString()
  @MaxLength(REASON_MAX_LENGTH)
  @NotBlank('reason')
  reason!: string;
}

export class ReferUpwardDto {
  @ApiProperty({ example: '涉及跨镇协调，乡镇层面难以解决，提请县人大常委会督办。', maxLength: REASON_MAX_LENGTH })
  @IsString()
  @MaxLength(REASON_MAX_LENGTH)
  @NotBlank('reason')
  reason!: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Views

export class IssueRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'YYX-2026-00123' }) number!: string;
}

export class NamedRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '荣家湾镇交通管理站' }) name!: string;
}

export class VoterView {
  @ApiNullable('string', { example: '李**' }) name!: string | null;
  @ApiNullable('string', { example: '138****5678' }) phone!: string | null;
  @ApiNullable('string', { example: '430621********1230' }) idNumber!: string | null;
  @ApiNullable('string', { example: '岳阳市岳阳县荣家湾镇***' }) address!: string | null;
  @ApiProperty({ description: 'False only for a reader entitled to the data; that read is logged.' }) masked!: boolean;
}

export class AttachmentView {
  @ApiProperty({ example: '路面破损照片.jpg' }) name!: string;
  @ApiProperty({ example: 'https://files.example.org/lianluo/2025/road-damage.jpg' }) url!: string;
}

export class IssueSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'YYX-2026-00123', description: '事项编号: region prefix, year of receipt, sequence.' })
  number!: string;
  @ApiProperty({ enum: ISSUE_STATUSES, example: 'assigned' }) status!: IssueStatus;
  @ApiProperty({ example: '已交办' }) statusLabel!: string;
  @ApiProperty({ enum: ISSUE_URGENCIES, example: 'normal' }) urgency!: IssueUrgency;
  @ApiProperty({ enum: ISSUE_CHANNELS, example: 'reception_day' }) channel!: IssueChannel;
  @ApiProperty({ example: '城东社区建设路路面破损严重，雨天积水，群众出行不便。' }) description!: string;
  @ApiProperty({ type: NamedRef }) category!: NamedRef;
  @ApiProperty({ type: NamedRef }) station!: NamedRef;
  @ApiProperty({ type: NamedRef, description: 'The village, community or township the issue is about.' })
  place!: NamedRef;
  @ApiNullable(NamedRef) leadDepartment!: NamedRef | null;
  @ApiInteger({ example: 1 }) round!: number;
  @ApiInteger({ example: 0 }) escalationLevel!: number;
  @ApiDateTime() submittedAt!: Date;
  @ApiNullable('date-time') dueAt!: Date | null;
  @ApiNullable('date-time') closedAt!: Date | null;
  @ApiPropertyOptional({ enum: REPLY_CLASSES, nullable: true }) replyClass!: ReplyClass | null;
  @ApiNullable('date', { example: '2026-03-31' }) promisedDate!: string | null;
  @ApiPropertyOptional({ enum: [...RATINGS, 'not_rated'], nullable: true }) satisfaction!: RecordedRating | null;
  @ApiProperty({ type: VoterView }) voter!: VoterView;
}

export class AssignmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: NamedRef }) department!: NamedRef;
  @ApiProperty({ enum: ['lead', 'co'] }) role!: 'lead' | 'co';
  @ApiInteger({ example: 1 }) round!: number;
  @ApiProperty({ enum: ['assigned', 'acknowledged', 'sent_back', 'answered', 'withdrawn'] }) status!: string;
  @ApiDateTime() assignedAt!: Date;
  @ApiDateTime() dueAt!: Date;
  @ApiNullable('date-time') acknowledgedAt!: Date | null;
  @ApiNullable('date-time') sentBackAt!: Date | null;
  @ApiNullable('string') sendBackReason!: string | null;
  @ApiNullable('string') inputText!: string | null;
  @ApiNullable('date-time') answeredAt!: Date | null;
}

export class ReplyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: NamedRef }) department!: NamedRef;
  @ApiInteger({ example: 1 }) round!: number;
  @ApiProperty({ enum: ['reply', 'follow_up'] }) kind!: 'reply' | 'follow_up';
  @ApiProperty({ enum: REPLY_CLASSES }) replyClass!: ReplyClass;
  @ApiProperty({ example: '已解决或基本解决' }) replyClassLabel!: string;
  @ApiProperty({ example: '已安排施工队于本周修复破损路面。' }) text!: string;
  @ApiNullable('date') promisedDate!: string | null;
  @ApiDateTime() repliedAt!: Date;
  @ApiProperty() onTime!: boolean;
}

export class FeedbackView {
  @ApiInteger({ example: 1 }) round!: number;
  @ApiProperty({ enum: [...RATINGS, 'not_rated'] }) rating!: RecordedRating;
  @ApiProperty({ example: '满意' }) ratingLabel!: string;
  @ApiNullable('string') comment!: string | null;
  @ApiDateTime() ratedAt!: Date;
}

export class EventActorView {
  @ApiNullable('uuid') userId!: string | null;
  @ApiNullable('string', { example: '彭志刚（荣家湾镇交通管理站）' }) label!: string | null;
}

export class IssueEventView {
  @ApiProperty({ example: '42', description: 'Gives the order of events.' }) id!: string;
  @ApiProperty({ example: 'r1:assigned' }) stepKey!: string;
  @ApiProperty({ enum: ['received', ATTACHMENT_EVENT_TYPE, ...TRANSITION_TYPES], example: 'assigned' }) type!: string;
  @ApiProperty({ example: '交办' }) label!: string;
  @ApiDateTime() occurredAt!: Date;
  @ApiNullable(EventActorView) actor!: EventActorView | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { leadDepartmentId: EXAMPLE_UUID } })
  data!: Record<string, unknown>;
}

export class IssueDetailView extends IssueSummaryView {
  @ApiProperty({ type: NamedRef, description: 'The deputy the issue was raised through.' }) deputy!: NamedRef;
  @ApiProperty({ type: [NamedRef] }) coHandlerDepartments!: NamedRef[];
  @ApiProperty({ type: [AttachmentView] }) attachments!: AttachmentView[];
  @ApiProperty({ type: [StoredFileView], description: 'Photos and documents uploaded to the issue.' })
  files!: StoredFileView[];
  @ApiNullable('date-time') assignedAt!: Date | null;
  @ApiProperty({ type: [AssignmentView] }) assignments!: AssignmentView[];
  @ApiProperty({ type: [ReplyView] }) replies!: ReplyView[];
  @ApiProperty({ type: [FeedbackView] }) feedback!: FeedbackView[];
  @ApiProperty({ type: [IssueEventView], description: 'Every recorded step, oldest first.' })
  timeline!: IssueEventView[];
  @ApiProperty({ type: IssueRef, nullable: true, description: 'The issue this one was merged into (重复件合并).' })
  mergedInto!: IssueRef | null;
  @ApiProperty({ type: [IssueRef], description: 'The issues merged into this one: its reply answers them too.' })
  mergedIssues!: IssueRef[];
}

/** The workflow's state as an update returns it (see IssueWorkflowState in libs/contracts). */
export class IssueStateView {
  @ApiProperty({ format: 'uuid' }) issueId!: string;
  @ApiProperty({ enum: ISSUE_STATUSES }) status!: IssueStatus;
  @ApiInteger({ example: 1 }) round!: number;
  @ApiInteger({ example: 0 }) escalationLevel!: number;
  @ApiNullable('uuid') leadDepartmentId!: string | null;
  @ApiProperty({ type: [String] }) coHandlerDepartmentIds!: string[];
  @ApiProperty({ type: [String] }) acknowledgedBy!: string[];
  @ApiNullable('date-time') dueAt!: string | null;
  @ApiNullable('date-time') followUpDueAt!: string | null;
  @ApiNullable('date-time') feedbackDueAt!: string | null;
  @ApiNullable('date-time') closedAt!: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  history!: Record<string, unknown>[];
}

export class IssueCommandResult {
  @ApiProperty({ type: IssueStateView, description: "The workflow's state right after the update." })
  state!: IssueWorkflowState;

  @ApiProperty({ type: IssueSummaryView, description: 'The read model, already updated by the workflow.' })
  issue!: IssueSummaryView;
}

export class AcceptedCommandView {
  @ApiProperty({ example: 'reply', description: 'The command, by its update name' })
  command!: string;

  @ApiProperty({ description: 'The id of the workflow update carrying it (unique to the request)' })
  updateId!: string;

  @ApiDateTime({
    description:
      'When the API first received it (a resend with the same Idempotency-Key keeps it): the instant its deadline, ' +
      'window or lateness is judged on',
  })
  receivedAt!: string;

  @ApiProperty({
    enum: ['saved', 'accepted'],
    description:
      'saved: stored by Lianluo, the workflow has not taken it yet (busy or stopped); the worker delivers it with ' +
      'its receipt time, no resend needed. accepted: the workflow has taken it and is carrying it out.',
  })
  stage!: 'saved' | 'accepted';

  @ApiProperty({ example: '/api/issues/0f8fad5b-d9cb-469f-a165-70867728950e/commands/1b4e28ba-2fa1-11d2' })
  outcomeUrl!: string;

  @ApiProperty({ description: 'What happened, in a sentence' })
  message!: string;
}

/**
 * 202: the command is saved with the instant it was received and will be carried out (the workflow has accepted it,
 * or the worker delivers it); its outcome is at `accepted.outcomeUrl` (also in Location), or resend the same request
 * with the same Idempotency-Key.
 */
export class IssueCommandAccepted {
  @ApiProperty({ type: AcceptedCommandView })
  accepted!: AcceptedCommandView;

  @ApiProperty({ type: IssueSummaryView, description: 'The read model as it was when the answer was written.' })
  issue!: IssueSummaryView;
}

/** What a command answers: 200 with its result, or 202 when accepted and still being carried out. */
export type IssueCommandAnswer = IssueCommandResult | IssueCommandAccepted;

export class CommandKeyParams extends IssueIdParams {
  @ApiProperty({
    description: 'The Idempotency-Key the command was sent with',
    pattern: IDEMPOTENCY_KEY_PATTERN.source,
  })
  @IsString()
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: 'key may hold only 8-100 letters, digits and . _ : -' })
  key!: string;
}

/** A command's receipt and outcome (GET /api/issues/:id/commands/:key): the sender's own commands only. */
export class CommandOutcomeView {
  @ApiProperty({ example: 'reply' }) command!: string;
  @ApiProperty() requestKey!: string;
  @ApiProperty() updateId!: string;
  @ApiDateTime({ description: 'When the API first received it: what its timing is judged on' }) receivedAt!: string;
  @ApiProperty({
    enum: ['pending', 'applied', 'rejected'],
    description: 'pending: saved, not carried out yet; applied: carried out; rejected: refused (see outcome)',
  })
  status!: 'pending' | 'applied' | 'rejected';
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'applied: {status} of the issue after it; rejected: {statusCode, response} as the caller was answered',
  })
  outcome!: Record<string, unknown> | null;
  @ApiNullable('date-time') decidedAt!: string | null;
}

export function isAccepted(answer: unknown): answer is IssueCommandAccepted {
  return typeof answer === 'object' && answer !== null && 'accepted' in answer && !('state' in answer);
}
