// The reception-day API's input (validated, unknown fields refused) and its views, as OpenAPI describes them.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ISSUE_URGENCIES,
  RECEPTION_RULE_PATTERN,
  RECEPTION_STATUSES,
  type IssueUrgency,
  type ReceptionStatus,
} from '@app/contracts';
import { PageQuery } from '../common/pagination';
import { DESCRIPTION_MAX_LENGTH, IsCalendarDate, VoterDto } from '../issues/issues.dto';
import { ATTACHMENTS_PER_ISSUE } from '../attachments/attachment-content';

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

export class RaisedIssueDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID, description: 'The deputy who received it (of the station).' })
  @IsUUID()
  deputyId!: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID })
  @IsUUID()
  categoryId!: string;

  @ApiProperty({
    format: 'uuid',
    example: EXAMPLE_UUID,
    description: "A village or community of the station's township, or the township.",
  })
  @IsUUID()
  placeRegionId!: string;

  @ApiPropertyOptional({ enum: ISSUE_URGENCIES, default: 'normal' })
  @IsOptional()
  @IsIn(ISSUE_URGENCIES)
  urgency?: IssueUrgency;

  @ApiProperty({ example: '村组道路破损，雨天积水，希望尽快修复。', maxLength: DESCRIPTION_MAX_LENGTH })
  @IsString()
  @MaxLength(DESCRIPTION_MAX_LENGTH)
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  description!: string;

  @ApiPropertyOptional({ type: VoterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => VoterDto)
  voter?: VoterDto;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: ATTACHMENTS_PER_ISSUE,
    description: 'Files the liaison officer uploaded for this issue first (POST /api/attachments).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ATTACHMENTS_PER_ISSUE)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
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
  @ApiDate({ example: '2026-03-08' }) nominalDate!: string;
  @ApiDate({ example: '2026-03-09' }) heldOn!: string;
  @ApiProperty({ description: 'True when the rule’s date was not a working day.' }) moved!: boolean;
  @ApiProperty({ enum: RECEPTION_STATUSES }) status!: ReceptionStatus;
  @ApiProperty({ example: '已接待' }) statusLabel!: string;
  @ApiProperty({ type: [DutyView] }) deputies!: DutyView[];
  @ApiNullable('integer') votersReceived!: number | null;
  @ApiInteger({ example: 2 }) issuesRaised!: number;
  @ApiDateTime() recordDueAt!: string;
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
