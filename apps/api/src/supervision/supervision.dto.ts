// Owns the shapes of the supervision endpoints: query parameters, and the views of queues, rates and issues.
// Every figure's meaning is written once, in @app/metrics, and shown here as its OpenAPI description.
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ApiDate, ApiDateTime, ApiInteger, ApiNullable } from '../common/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ISSUE_STATUSES, REPLY_CLASSES, TRANSITION_TYPES, type IssueStatus, type ReplyClass } from '@app/contracts';
import {
  COHORT_DEFINITION,
  COUNT_METRICS,
  METRIC_DEFINITIONS,
  QUEUE_KINDS,
  QUEUE_SORT_FIELDS,
  RATE_METRICS,
  RATES_FORMAT_NOTE,
  SCOPE_DEFINITION,
  type CountMetric,
  type QueueKind,
  type QueueSortField,
  type RateMetric,
} from '@app/metrics';
import { sortSpecs, type SortSpec } from '@app/database';
import { PageQuery } from '../common/pagination';
import { QueryInt } from '../common/validation';
import { ATTACHMENT_EVENT_TYPE } from '../attachments/attachments.repository';

const QUEUE_SORTS = sortSpecs(QUEUE_SORT_FIELDS);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

export const REPORT_FORMATS = ['html', 'docx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A region, station, department or category named by its code or its id. */
const REF = /^[A-Za-z0-9._-]{1,100}$/;

// ---------------------------------------------------------------------------------------------------------------
// Queries

export class ScopeQuery {
  @ApiPropertyOptional({
    description:
      'Region code or id: the region and everything under it. Name exactly one of region, station, department, ' +
      'deputy; with none, your own region is taken when you have exactly one.',
    example: 'yueyang-county',
  })
  @IsOptional()
  @Matches(REF, { message: 'region must be a region code or id' })
  region?: string;

  @ApiPropertyOptional({ description: 'Station code or id.', example: 'rongjiawan' })
  @IsOptional()
  @Matches(REF, { message: 'station must be a station code or id' })
  station?: string;

  @ApiPropertyOptional({ description: 'Lead department code or id.', example: 'jiaotong.rongjiawan' })
  @IsOptional()
  @Matches(REF, { message: 'department must be a department code or id' })
  department?: string;

  @ApiPropertyOptional({ description: 'Deputy id.', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  deputy?: string;
}

export class PeriodQuery {
  @ApiDate({ description: 'First day of the period (China date), included.', example: '2025-01-01' })
  @Matches(DATE, { message: 'from must be a date, YYYY-MM-DD' })
  from!: string;

  @ApiDate({
    description: 'The day after the last day of the period (China date), excluded.',
    example: '2026-01-01',
  })
  @Matches(DATE, { message: 'to must be a date, YYYY-MM-DD' })
  to!: string;
}

export class RatesQuery extends IntersectionType(ScopeQuery, PeriodQuery) {}

/** The breakdown is of a region: its months, townships and departments are parts of it. */
export class BreakdownQuery extends PeriodQuery {
  @ApiPropertyOptional({
    description:
      'Region code or id: the region and everything under it. Default: your own region when you have exactly one.',
    example: 'yueyang-county',
  })
  @IsOptional()
  @Matches(REF, { message: 'region must be a region code or id' })
  region?: string;
}

export class DrillQuery extends IntersectionType(RatesQuery, PageQuery) {
  @ApiProperty({ enum: COUNT_METRICS, description: 'The count whose issues to list.', example: 'replied' })
  @IsIn(COUNT_METRICS)
  metric!: CountMetric;
}

/** The issues behind one count, all of them (for the export). */
export class DrillExportQuery extends RatesQuery {
  @ApiProperty({ enum: COUNT_METRICS, description: 'The count whose issues to list.', example: 'replied' })
  @IsIn(COUNT_METRICS)
  metric!: CountMetric;
}

/** What narrows every queue (the tab counts take only these). */
export class QueueFilters {
  @ApiPropertyOptional({
    maxLength: 40,
    example: 'YYX-2026-00123',
    description:
      "Search: the beginning of an issue number (事项编号), words of the description, or the voter's whole phone " +
      'number (found only where you may see it: issues in the regions you supervise or keep liaison for).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  q?: string;

  @ApiPropertyOptional({
    description: 'Region code or id, within your regions: only issues there. Default: all your regions.',
    example: 'rongjiawan',
  })
  @IsOptional()
  @Matches(REF, { message: 'region must be a region code or id' })
  region?: string;

  @ApiPropertyOptional({ description: 'Category code or id.', example: 'roads' })
  @IsOptional()
  @Matches(REF, { message: 'category must be a category code or id' })
  category?: string;

  @ApiPropertyOptional({ description: 'Lead department code or id.', example: 'jiaotong.rongjiawan' })
  @IsOptional()
  @Matches(REF, { message: 'department must be a department code or id' })
  department?: string;

  @ApiPropertyOptional({ description: 'Station code or id.', example: 'rongjiawan' })
  @IsOptional()
  @Matches(REF, { message: 'station must be a station code or id' })
  station?: string;

  @ApiInteger({ description: 'Escalation level: 0 none, 1 township, 2 county, 3 city.', example: 1, required: false })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(9)
  level?: number;
}

/** One queue searched, filtered and sorted: what its page shows and what its export writes. */
export class QueueListFilters extends QueueFilters {
  @ApiPropertyOptional({
    enum: QUEUE_SORTS,
    description: "A column; `-` in front for descending. Default: the queue's own order (most urgent first).",
  })
  @IsOptional()
  @IsIn(QUEUE_SORTS, {
    message: ({ value }) =>
      `sort: no field '${String(value)}' to sort by; one of ${QUEUE_SORT_FIELDS.join(', ')} (- in front: descending)`,
  })
  sort?: SortSpec<QueueSortField>;
}

export class QueueQuery extends IntersectionType(QueueListFilters, PageQuery) {}

export class DueSoonQuery extends QueueQuery {
  @ApiInteger({
    description: 'Due within this many working days (today counts as 0).',
    default: 3,
    minimum: 0,
    maximum: 30,
    required: false,
  })
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(30)
  within: number = 3;
}

export class EventsQuery {
  @ApiPropertyOptional({
    description:
      'The access token, for EventSource, which cannot send an Authorization header. Prefer the header where you can: ' +
      'a URL may be logged on the way.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  access_token?: string;

  @ApiPropertyOptional({
    description:
      'Comma-separated event types to receive. Default: those that move an issue into or out of a queue ' +
      '(triage, sent_back, overdue, escalated, follow_up_missed, replied, follow_up_replied).',
    example: 'escalated,replied',
  })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  @Matches(/^[a-z_]+(,[a-z_]+)*$/, { message: 'types must be event types separated by commas' })
  types?: string;
}

export const DEFAULT_LIVE_TYPES = [
  'triage',
  'sent_back',
  'overdue',
  'escalated',
  'follow_up_missed',
  'replied',
  'follow_up_replied',
] as const;
/** What the issue_events table may hold: the workflow's transitions and the API's intake and attachment records. */
export const LIVE_EVENT_TYPES: readonly string[] = ['received', ATTACHMENT_EVENT_TYPE, ...TRANSITION_TYPES];

export class LedgerQuery extends PeriodQuery {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx' = 'xlsx';
}

export class StationParams {
  @ApiProperty({ description: 'Station code or id.', example: 'rongjiawan' })
  @Matches(REF, { message: 'station must be a station code or id' })
  station!: string;
}

export class DeputyParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  deputy!: string;
}

export class MonthlyReportQuery {
  @ApiProperty({ description: 'County code or id.', example: 'yueyang-county' })
  @Matches(REF, { message: 'county must be a region code or id' })
  county!: string;

  @ApiProperty({ description: 'The month, YYYY-MM.', example: '2026-01' })
  @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month!: string;

  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    default: 'html',
    description: 'html: the printable page; docx and pdf: the official document, as an attachment.',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format: ReportFormat = 'html';
}

/** The due-soon queue's horizon where all queues are read at once (tab counts, exports). */
export class QueueCountsQuery extends QueueFilters {
  @ApiInteger({
    description: 'For the due-soon queue: due within this many working days (today counts as 0).',
    default: 3,
    minimum: 0,
    maximum: 30,
    required: false,
  })
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(30)
  within: number = 3;
}

export class QueueExportQuery extends IntersectionType(QueueCountsQuery, QueueListFilters) {}

export class QueueParams {
  @ApiProperty({ enum: QUEUE_KINDS })
  @IsIn(QUEUE_KINDS)
  queue!: QueueKind;
}

export class QueueCountsView {
  @ApiInteger({ example: 4 }) escalated!: number;
  @ApiInteger({ example: 2 }) 'due-soon'!: number;
  @ApiInteger({ example: 1 }) triage!: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Views

export class NamedRefView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '荣家湾镇交通管理站' }) name!: string;
}

export class MaskedVoterView {
  @ApiNullable('string', { example: '张**' }) name!: string | null;
  @ApiNullable('string', { example: '138****5678' }) phone!: string | null;
  @ApiNullable('string', { example: '430621********1234' }) idNumber!: string | null;
  @ApiNullable('string', { example: '岳阳市岳阳县荣家湾镇***' }) address!: string | null;
  @ApiProperty({ example: true }) masked!: boolean;
}

export class LastActionView {
  @ApiProperty({ example: 'escalated' }) type!: string;
  @ApiProperty({ example: '督办升级' }) label!: string;
  @ApiNullable('string', { example: '彭建华（荣家湾镇人大主席团）' }) actor!: string | null;
  @ApiDateTime() at!: Date;
}

export class IssueLinksView {
  @ApiProperty({ example: '/api/issues/0f8fad5b-d9cb-469f-a165-70867728950e' }) self!: string;
  @ApiProperty({ example: '/api/issues/0f8fad5b-d9cb-469f-a165-70867728950e/urge', description: 'POST: 催办' })
  urge!: string;
  @ApiProperty({ description: 'POST: 延期, with a reason' }) extend!: string;
  @ApiProperty({ description: 'POST: 改办' }) reassign!: string;
  @ApiProperty({ description: 'POST: 提级督办' }) referUpward!: string;
}

export class SupervisedIssueView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'YYX-2026-00123', description: '事项编号' }) number!: string;
  @ApiProperty({ example: '村口道路破损，雨天积水' }) description!: string;
  @ApiProperty({ enum: ['normal', 'urgent'] }) urgency!: string;
  @ApiProperty({ enum: ISSUE_STATUSES }) status!: IssueStatus;
  @ApiProperty({ example: '督办中' }) statusLabel!: string;
  @ApiInteger({ example: 1 }) round!: number;
  @ApiInteger({ example: 1, description: '0: none; 1 township presidium, 2 county liaison office, 3 city.' })
  escalationLevel!: number;
  @ApiProperty({ type: NamedRefView }) category!: NamedRefView;
  @ApiProperty({ type: NamedRefView }) station!: NamedRefView;
  @ApiProperty({ type: NamedRefView }) township!: NamedRefView;
  @ApiProperty({ type: NamedRefView }) place!: NamedRefView;
  @ApiProperty({ type: NamedRefView }) deputy!: NamedRefView;
  @ApiNullable(NamedRefView) leadDepartment!: NamedRefView | null;
  @ApiDateTime() submittedAt!: Date;
  @ApiNullable('date-time') assignedAt!: Date | null;
  @ApiNullable('date-time', { description: 'The reply deadline.' })
  dueAt!: Date | null;
  @ApiNullable('date-time', {
    description:
      'The deadline the issue is judged by now: the reply deadline while a department holds it, the end of the ' +
      'promised date while a class B follow-up is awaited, else null.',
  })
  deadlineAt!: Date | null;
  @ApiNullable('integer', {
    description: 'Working days since the deadline (official calendar); null when the deadline has not passed.',
  })
  workingDaysOverdue!: number | null;
  @ApiNullable('integer', {
    description: 'Working days until the deadline (0: due today); null when it has passed or there is none.',
  })
  workingDaysLeft!: number | null;
  @ApiNullable('date-time') firstRepliedAt!: Date | null;
  @ApiNullable('boolean', { description: 'Whether the first reply came by its deadline.' })
  firstReplyOnTime!: boolean | null;
  @ApiProperty({ enum: ['A', 'B', 'C'], nullable: true }) replyClass!: string | null;
  @ApiNullable('string', { example: 'basically_satisfied' }) satisfaction!: string | null;
  @ApiInteger({ example: 0 }) sendBackCount!: number;
  @ApiNullable(LastActionView, { description: 'The latest recorded event.' })
  lastAction!: LastActionView | null;
  @ApiProperty({ type: MaskedVoterView }) voter!: MaskedVoterView;
  @ApiProperty({ type: IssueLinksView, description: 'The issue, and the supervisor actions on it.' })
  links!: IssueLinksView;
}

export class ScopeView {
  @ApiProperty({ enum: ['region', 'station', 'department', 'deputy'], description: SCOPE_DEFINITION }) kind!: string;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiNullable('string', { example: 'yueyang-county' }) code!: string | null;
  @ApiProperty({ example: '岳阳县' }) name!: string;
  @ApiNullable('string', { example: 'county', description: 'Regions only.' })
  level!: string | null;
}

export class PeriodView {
  @ApiDate({ example: '2025-01-01' }) from!: string;
  @ApiDate({ example: '2026-01-01' }) to!: string;
}

export class CountView {
  @ApiInteger({ example: 257 }) value!: number;
  @ApiProperty({
    example: '/api/supervision/rates/drill?metric=replied&region=…&from=2025-01-01&to=2026-01-01',
    description: 'The list of issues behind the number.',
  })
  drill!: string;
}

export class RatioView {
  @ApiNullable('number', { example: 0.921, description: RATES_FORMAT_NOTE }) value!: number | null;
  @ApiProperty({ example: '92.1%' }) display!: string;
  @ApiInteger({ example: 257 }) numerator!: number;
  @ApiInteger({ example: 279 }) denominator!: number;
  @ApiProperty({ description: 'The issues counted in the numerator.' }) numeratorDrill!: string;
  @ApiProperty({ description: 'The issues counted in the denominator.' }) denominatorDrill!: string;
}

export class DaysView {
  @ApiNullable('number', { example: 6 }) value!: number | null;
  @ApiProperty({ example: '6', description: '"—" when no issue has a reply.' }) display!: string;
  @ApiProperty({ description: 'The replied issues the figure is taken over.' }) drill!: string;
}

export class TotalView {
  @ApiInteger({ example: 3 }) value!: number;
}

/** For the OpenAPI document: one property per count, described by its definition. */
export class CountsView {}
for (const metric of COUNT_METRICS) {
  ApiProperty({ type: CountView, description: METRIC_DEFINITIONS[metric].definition })(CountsView.prototype, metric);
}

/** For the OpenAPI document: one property per rate, described by its definition. */
export class RateBlockView {}
for (const metric of RATE_METRICS) {
  ApiProperty({ type: RatioView, description: METRIC_DEFINITIONS[metric].definition })(RateBlockView.prototype, metric);
}

export class ReplyDaysView {
  @ApiProperty({ type: DaysView, description: METRIC_DEFINITIONS.medianWorkingDaysToFirstReply.definition })
  median!: DaysView;
  @ApiProperty({ type: DaysView, description: METRIC_DEFINITIONS.p90WorkingDaysToFirstReply.definition })
  p90!: DaysView;
}

export class RatesView {
  @ApiProperty({ type: ScopeView }) scope!: ScopeView;
  @ApiProperty({ type: PeriodView, description: COHORT_DEFINITION }) period!: PeriodView;
  @ApiDateTime({ description: 'When the figures were computed.' }) asOf!: Date;
  @ApiProperty({ type: CountsView }) counts!: Record<CountMetric, CountView>;
  @ApiProperty({ type: TotalView, description: METRIC_DEFINITIONS.sendBacks.definition }) sendBacks!: TotalView;
  @ApiProperty({ type: RateBlockView }) rates!: Record<RateMetric, RatioView>;
  @ApiProperty({ type: ReplyDaysView }) replyWorkingDays!: ReplyDaysView;
}

export class MonthRatesView extends RatesView {
  @ApiProperty({
    example: '2025-03',
    description: 'The month of collection (YYYY-MM); `period` is that month clipped to the period asked for.',
  })
  month!: string;
}

export class ClassShareView {
  @ApiProperty({ enum: REPLY_CLASSES }) replyClass!: ReplyClass;
  @ApiProperty({ example: '已解决或基本解决' }) label!: string;
  @ApiProperty({ type: CountView, description: 'The count of that class (as counts.classA…C).' }) count!: CountView;
  @ApiProperty({ type: RatioView, description: 'Its share of the issues with a reply class (counts.classified).' })
  share!: RatioView;
}

export class RatesBreakdownView {
  @ApiProperty({ type: ScopeView }) scope!: ScopeView;
  @ApiProperty({ type: PeriodView, description: COHORT_DEFINITION }) period!: PeriodView;
  @ApiDateTime({ description: 'When every figure here was computed.' }) asOf!: Date;
  @ApiProperty({ type: RatesView, description: 'The rates of the region and period: GET /api/supervision/rates.' })
  total!: RatesView;
  @ApiProperty({ type: [ClassShareView], description: 'The A/B/C mix of the total, by the latest reply.' })
  classMix!: ClassShareView[];
  @ApiProperty({
    type: [MonthRatesView],
    description: 'Every month of the period, empty ones included: the rates of the region for that month.',
  })
  byMonth!: MonthRatesView[];
  @ApiProperty({
    type: [RatesView],
    description:
      'The townships in the region with issues collected in the period, by code: the rates of each township (its ' +
      'scope is the township, as GET /api/supervision/rates?region=<township>).',
  })
  byTownship!: RatesView[];
  @ApiProperty({
    type: [RatesView],
    description:
      'The departments of the region and the regions under it that lead issues collected in the period, by region ' +
      'then code: the rates of each (as GET /api/supervision/rates?department=<department>, all its issues).',
  })
  byDepartment!: RatesView[];
}
