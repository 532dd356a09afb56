// The department inbox's query and view.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiDateTime, ApiInteger, ApiNullable } from '../common/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ISSUE_STATUSES, ISSUE_URGENCIES, type IssueStatus, type IssueUrgency } from '@app/contracts';
import { PageQuery } from '../common/pagination';
import { NamedRef } from '../issues/issues.dto';

/**
 * open: not yet answered (the default); new: not yet acknowledged; due_soon: open, due within DUE_SOON_WORKING_DAYS
 * working days; overdue: open, past the deadline; answered: replied, given input or otherwise done.
 */
export const INBOX_FILTERS = ['open', 'new', 'acknowledged', 'due_soon', 'overdue', 'answered', 'all'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INBOX_FILTERS, default: 'open' })
  @IsOptional()
  @IsIn(INBOX_FILTERS)
  status?: InboxFilter;
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
