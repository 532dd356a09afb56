// The department inbox's query and view.
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ApiDateTime, ApiInteger, ApiNullable } from '../common/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ISSUE_STATUSES, ISSUE_URGENCIES, type IssueStatus, type IssueUrgency } from '@app/contracts';
import { sortSpecs, type SortSpec } from '@app/database';
import { PageQuery } from '../common/pagination';
import { NamedRef } from '../issues/issues.dto';

/**
 * open: not yet answered (the default); new: not yet acknowledged; due_soon: open, due within DUE_SOON_WORKING_DAYS
 * working days; overdue: open, past the deadline; answered: replied, given input or otherwise done.
 */
export const INBOX_FILTERS = ['open', 'new', 'acknowledged', 'due_soon', 'overdue', 'answered', 'all'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

/** The inbox's sortable columns; `-` in front sorts descending. The default is dueAt (soonest deadline first). */
export const INBOX_SORT_FIELDS = ['dueAt', 'assignedAt', 'submittedAt', 'number', 'urgency'] as const;
export type InboxSortField = (typeof INBOX_SORT_FIELDS)[number];
export const INBOX_SORTS = sortSpecs(INBOX_SORT_FIELDS);

/** What narrows the inbox on every tab: the search and the filters (the tab counts take only these). */
export class InboxFilters {
  @ApiPropertyOptional({
    maxLength: 40,
    example: 'YYX-2026-00123',
    description:
      'Search: the beginning of an issue number (事项编号), words of the description, or — for issues your department ' +
      "leads, whose voter you may contact — the voter's whole phone number.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  stationId?: string;

  @ApiPropertyOptional({ enum: ISSUE_URGENCIES })
  @IsOptional()
  @IsIn(ISSUE_URGENCIES)
  urgency?: IssueUrgency;

  @ApiPropertyOptional({ enum: ['lead', 'co'], description: 'lead 主办 · co 协办' })
  @IsOptional()
  @IsIn(['lead', 'co'])
  role?: 'lead' | 'co';
}

/** One tab of the inbox, searched, filtered and sorted: what the page shows and what the export writes. */
export class InboxListFilters extends InboxFilters {
  @ApiPropertyOptional({ enum: INBOX_FILTERS, default: 'open' })
  @IsOptional()
  @IsIn(INBOX_FILTERS)
  status?: InboxFilter;

  @ApiPropertyOptional({ enum: INBOX_SORTS, default: 'dueAt', description: 'A column; `-` in front for descending.' })
  @IsOptional()
  @IsIn(INBOX_SORTS, {
    message: ({ value }) =>
      `sort: no field '${String(value)}' to sort by; one of ${INBOX_SORT_FIELDS.join(', ')} (- in front: descending)`,
  })
  sort?: SortSpec<InboxSortField>;
}

export class InboxQuery extends IntersectionType(InboxListFilters, PageQuery) {}

export class InboxCountsView {
  @ApiInteger({ example: 2 }) new!: number;
  @ApiInteger({ example: 1 }) acknowledged!: number;
  @ApiInteger({ example: 1 }) due_soon!: number;
  @ApiInteger({ example: 0 }) overdue!: number;
  @ApiInteger({ example: 3 }) open!: number;
  @ApiInteger({ example: 12 }) answered!: number;
  @ApiInteger({ example: 15 }) all!: number;
}

export class InboxIssueView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'YYX-2026-00123', description: '事项编号' }) number!: string;
  @ApiProperty({ enum: ISSUE_STATUSES }) status!: IssueStatus;
  @ApiProperty({ example: '已交办' }) statusLabel!: string;
  @ApiProperty({ enum: ISSUE_URGENCIES }) urgency!: IssueUrgency;
  @ApiProperty({ example: '城东社区建设路路面破损严重，雨天积水，群众出行不便。' }) description!: string;
  @ApiProperty({ type: NamedRef }) category!: NamedRef;
  @ApiProperty({ type: NamedRef }) station!: NamedRef;
  @ApiProperty({ type: NamedRef }) place!: NamedRef;
  @ApiProperty({ type: NamedRef, description: 'The deputy who carried it.' }) deputy!: NamedRef;
  @ApiDateTime() submittedAt!: Date;
}

export class InboxItemView {
  @ApiProperty({ format: 'uuid' }) assignmentId!: string;
  @ApiProperty({ enum: ['lead', 'co'], description: 'lead 主办 · co 协办' }) role!: 'lead' | 'co';
  @ApiInteger({ example: 1 }) round!: number;
  @ApiProperty({ enum: ['assigned', 'acknowledged', 'sent_back', 'answered', 'withdrawn'] }) status!: string;
  @ApiDateTime() assignedAt!: Date;
  @ApiNullable('date-time') acknowledgedAt!: Date | null;
  @ApiDateTime() dueAt!: Date;
  @ApiNullable('integer', {
    example: 3,
    description:
      'Working days from today to the deadline on the official calendar; negative when overdue; null when done.',
  })
  workingDaysLeft!: number | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: InboxIssueView }) issue!: InboxIssueView;
}
