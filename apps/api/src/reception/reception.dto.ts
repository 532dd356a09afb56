// The reception-day API's input (validated, unknown fields refused) and its views, as OpenAPI describes them.
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { ApiDate, ApiDateTime, ApiInteger, ApiNullable } from '../common/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AD_HOC_RECEPTION_KINDS,
  ISSUE_URGENCIES,
  RECEPTION_KINDS,
  RECEPTION_RULE_PATTERN,
  RECEPTION_STATUSES,
  type AdHocReceptionKind,
  type IssueUrgency,
  type ReceptionKind,
  type ReceptionStatus,
} from '@app/contracts';
import { PageQuery } from '../common/pagination';
import { CreateIssueDto, IsCalendarDate } from '../issues/issues.dto';
import { IDEMPOTENCY_KEY_PATTERN } from '../common/idempotency-key';

export const NOTES_MAX_LENGTH = 2000;
export const REASON_MAX_LENGTH = 1000;
export const MAX_RAISED_ISSUES = 50;
export const MAX_ROTA = 50;
const NOT_BLANK = /\S/;
const EXAMPLE_UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

// ---------------------------------------------------------------------------------------------------------------
// The plan

export class DutyOverrideDto {
  @ApiDate({ example: '2026-03-08', description: "A date the station's rule gives (before any holiday move)." })
  @IsCalendarDate()
  date!: string;

  @ApiProperty({ type: [String], format: 'uuid', example: [EXAMPLE_UUID], description: 'Deputies on duty that day.' })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  deputyIds!: string[];
}

export class ReceptionPlanDto {
  @ApiProperty({
    example: 'monthly:8',
    description:
      "'monthly:<day>' (the day of every month, 1-28) or 'monthly:<n>:<weekday>' (the n-th, 1-4, weekday mon…sun " +
      "of every month, e.g. 'monthly:1:mon' for the first Monday). A day that is not a working day moves to the next.",
  })
  @IsString()
  @Matches(RECEPTION_RULE_PATTERN, {
    message: "rule must be 'monthly:<day 1-28>' or 'monthly:<1-4>:<mon|tue|wed|thu|fri|sat|sun>'",
  })
  rule!: string;

  @ApiInteger({ example: 2, minimum: 1, maximum: 20, description: 'Deputies on duty per reception day.' })
  @IsInt()
  @Min(1)
  @Max(20)
  deputiesPerDay!: number;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    example: [EXAMPLE_UUID],
    description: "The station's deputies in the order they take turns; each must serve the station.",
  })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(MAX_ROTA)
  @IsUUID('all', { each: true })
  rotaDeputyIds!: string[];

  @ApiPropertyOptional({
    example: '2026-01-01',
    description: 'The month of this date takes the first turn (default: the current month).',
  })
  @IsOptional()
  @IsCalendarDate()
  rotaStartsOn?: string;

  @ApiPropertyOptional({ type: [DutyOverrideDto], description: 'Swaps (调班): who is on duty on a given day.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => DutyOverrideDto)
  dutyOverrides?: DutyOverrideDto[];
}

export class StationIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class NamedView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '张志强' }) name!: string;
}

export class DutyView extends NamedView {
  @ApiNullable('boolean', { description: 'Set when the day is recorded: present or absent.' })
  present!: boolean | null;
}

export class UpcomingReceptionView {
  @ApiDate({ example: '2026-03-08' }) nominalDate!: string;
  @ApiDate({ example: '2026-03-09', description: 'Moved to the next working day when needed.' }) heldOn!: string;
  @ApiProperty({ type: [NamedView] }) deputies!: NamedView[];
}

export class DutyOverrideView {
  @ApiDate({ example: '2026-03-08' }) date!: string;
  @ApiProperty({ type: [NamedView] }) deputies!: NamedView[];
}

export class ReceptionPlanView {
  @ApiProperty({ type: NamedView }) station!: NamedView;
  @ApiNullable('string', { example: 'monthly:8', description: 'Null: no plan.' })
  rule!: string | null;
  @ApiNullable('string', { example: '每月8日' }) ruleLabel!: string | null;
  @ApiInteger({ example: 2 }) deputiesPerDay!: number;
  @ApiDate({ example: '2026-01-01' }) rotaStartsOn!: string;
  @ApiProperty({ type: [NamedView], description: 'The rotation order.' }) rota!: NamedView[];
  @ApiProperty({ type: [DutyOverrideView] }) dutyOverrides!: DutyOverrideView[];
  @ApiProperty({ type: [NamedView], description: "The station's deputies, to choose from." })
  stationDeputies!: NamedView[];
  @ApiNullable(NamedView, { description: "The station's liaison officer (a user)." })
  liaisonOfficer!: NamedView | null;
  @ApiProperty({ type: [UpcomingReceptionView], description: 'The next reception days and who is on duty.' })
  upcoming!: UpcomingReceptionView[];
}

export class ReceptionStationView extends NamedView {
  @ApiProperty({ enum: ['township', 'village'] }) level!: string;
  @ApiNullable('string', { example: 'monthly:8' }) rule!: string | null;
  @ApiNullable('string', { example: '每月8日' }) ruleLabel!: string | null;
  @ApiProperty({ description: 'Whether you may set its plan.' }) canManage!: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Reception days

export class ReceptionQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  stationId?: string;

  @ApiDate({ example: '2026-01-01', description: 'Held on or after this date.', required: false })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiDate({ example: '2026-12-31', description: 'Held on or before this date.', required: false })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ enum: RECEPTION_STATUSES })
  @IsOptional()
  @IsIn(RECEPTION_STATUSES)
  status?: ReceptionStatus;
}

export class DutyQuery {
  @ApiDate({
    example: '2026-01-01',
    description: 'Held on or after this date (default: 3 months ago).',
    required: false,
  })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiDate({
    example: '2026-12-31',
    description: 'Held on or before this date (default: 3 months ahead).',
    required: false,
  })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class ReceptionIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

/**
 * One issue raised at a reception: the deputy's intake form (the same fields and the same checks, taken from
 * CreateIssueDto) plus the deputy who received the voter; the station and channel come from the reception.
 */
export class RaisedIssueDto extends PickType(CreateIssueDto, [
  'categoryId',
  'placeRegionId',
  'description',
  'voter',
  'attachmentIds',
] as const) {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID, description: 'The deputy who received it (of the station).' })
  @IsUUID()
  deputyId!: string;

  @ApiPropertyOptional({ enum: ISSUE_URGENCIES, default: 'normal' })
  @IsOptional()
  @IsIn(ISSUE_URGENCIES)
  urgency?: IssueUrgency;
}

export class RecordReceptionDto {
  @ApiInteger({ example: 12, minimum: 0, maximum: 100000 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  votersReceived!: number;

  @ApiPropertyOptional({ example: '接待选民12人次，现场解答政策咨询5件。', maxLength: NOTES_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(NOTES_MAX_LENGTH)
  notes?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'The deputies who received voters (default: those on duty). Each must serve the station.',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(MAX_ROTA)
  @IsUUID('all', { each: true })
  presentDeputyIds?: string[];

  @ApiPropertyOptional({
    type: [RaisedIssueDto],
    maxItems: MAX_RAISED_ISSUES,
    description: 'Each becomes an issue (channel reception_day) handled like a deputy’s submission.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_RAISED_ISSUES)
  @ValidateNested({ each: true })
  @Type(() => RaisedIssueDto)
  issuesRaised?: RaisedIssueDto[];
}

const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** An ad-hoc (临时) or appointment (预约) reception, recorded once it has been held. */
export class AdHocReceptionDto extends RecordReceptionDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID })
  @IsUUID()
  stationId!: string;

  @ApiProperty({
    enum: AD_HOC_RECEPTION_KINDS,
    example: 'ad_hoc',
    description: 'ad_hoc 临时接待, appointment 预约接待.',
  })
  @IsIn(AD_HOC_RECEPTION_KINDS)
  kind!: AdHocReceptionKind;

  @ApiDate({ example: '2026-12-03', description: 'The day it was held (China time): today or earlier.' })
  @IsCalendarDate()
  heldOn!: string;

  @ApiPropertyOptional({ example: '09:00', pattern: TIME_OF_DAY.source, description: 'From (China time).' })
  @IsOptional()
  @Matches(TIME_OF_DAY, { message: 'heldFrom must be a time of day HH:mm' })
  heldFrom?: string;

  @ApiPropertyOptional({ example: '11:30', pattern: TIME_OF_DAY.source, description: 'Until (China time).' })
  @IsOptional()
  @Matches(TIME_OF_DAY, { message: 'heldUntil must be a time of day HH:mm' })
  heldUntil?: string;

  @ApiProperty({
    example: '7d0f3c1e-5b7a-4f43-9c1e-2f1a8e6b9d20',
    description: 'Made by the client once per reception and sent again on every retry: a retry finds the first one.',
    minLength: 8,
    maxLength: 100,
    pattern: IDEMPOTENCY_KEY_PATTERN.source,
  })
  @IsString()
  @Length(8, 100)
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: 'idempotencyKey may hold only letters, digits and . _ : -' })
  idempotencyKey!: string;
}

export class NotHeldDto {
  @ApiProperty({ example: '暴雨红色预警，接待活动取消', maxLength: REASON_MAX_LENGTH })
  @IsString()
  @MaxLength(REASON_MAX_LENGTH)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason!: string;
}

export class RecordOptionsView {
  @ApiProperty({ type: [NamedView] }) deputies!: NamedView[];
  @ApiProperty({ type: [NamedView] }) categories!: NamedView[];
  @ApiProperty({ type: [NamedView], description: 'The township first, then its villages and communities.' })
  places!: NamedView[];
}

export class RaisedIssueView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'YYX-2026-00123', description: '事项编号' }) number!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: 'assigned' }) status!: string;
  @ApiProperty({ example: '已交办' }) statusLabel!: string;
  @ApiProperty({ example: '交通' }) categoryName!: string;
  @ApiProperty({ example: '张志强' }) deputyName!: string;
  @ApiNullable('string') leadDepartmentName!: string | null;
}

export class ReceptionEventView {
  @ApiDateTime() at!: string;
  @ApiProperty({ example: 'recorded' }) type!: string;
  @ApiProperty({ example: '登记接待' }) label!: string;
  @ApiNullable('string') actor!: string | null;
}

export class ReceptionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: NamedView }) station!: NamedView;
  @ApiProperty({ enum: RECEPTION_KINDS, description: 'A rule day, or an ad-hoc (临时) or appointment (预约) one.' })
  kind!: ReceptionKind;
  @ApiProperty({ example: '接待日' }) kindLabel!: string;
  @ApiNullable('date', { description: 'The date the rule gives; null for an ad-hoc reception.' })
  nominalDate!: string | null;
  @ApiDate({ example: '2026-03-09' }) heldOn!: string;
  @ApiProperty({ description: 'True when the rule’s date was not a working day.' }) moved!: boolean;
  @ApiProperty({ enum: RECEPTION_STATUSES }) status!: ReceptionStatus;
  @ApiProperty({ example: '已接待' }) statusLabel!: string;
  @ApiProperty({ type: [DutyView] }) deputies!: DutyView[];
  @ApiNullable('integer') votersReceived!: number | null;
  @ApiInteger({ example: 2 }) issuesRaised!: number;
  @ApiNullable('string', { example: '09:00', description: 'An ad-hoc reception’s hours, when given.' })
  heldFrom!: string | null;
  @ApiNullable('string', { example: '11:30' }) heldUntil!: string | null;
  @ApiNullable('date-time', { description: 'Rule days: recorded by then, or the liaison officer is reminded.' })
  recordDueAt!: string | null;
  @ApiProperty({ description: 'Whether you may record it or mark it not held now.' }) canRecord!: boolean;
}

export class ReceptionDetailView extends ReceptionView {
  @ApiNullable('string') notes!: string | null;
  @ApiNullable('string') notHeldReason!: string | null;
  @ApiNullable('string') recordedBy!: string | null;
  @ApiNullable('date-time') recordedAt!: string | null;
  @ApiProperty({ type: [RaisedIssueView] }) issues!: RaisedIssueView[];
  @ApiProperty({ type: [ReceptionEventView] }) timeline!: ReceptionEventView[];
}
