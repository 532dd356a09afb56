// Input and output of replying by a signed link (no account): the link's assignment, its issue, the answer.
import { ApiProperty } from '@nestjs/swagger';
import { ApiDateTime, ApiInteger } from '../common/swagger';
import { IsString, MaxLength } from 'class-validator';
import { AssignmentView, IssueSummaryView, NamedRef } from './issues.dto';

export class ReplyLinkParams {
  @ApiProperty({ description: 'The token from the emailed link (…/reply?token=…).', maxLength: 512 })
  @IsString()
  @MaxLength(512)
  token!: string;
}

export class ReplyLinkAssignmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['lead', 'co'] }) role!: AssignmentView['role'];
  @ApiInteger({ example: 1 }) round!: number;
  @ApiProperty({ example: 'assigned' }) status!: string;
  @ApiDateTime() dueAt!: Date;
}

export class ReplyLinkView {
  @ApiProperty({ type: NamedRef, description: 'The department the link was sent to.' }) department!: NamedRef;
  @ApiProperty({ type: ReplyLinkAssignmentView }) assignment!: ReplyLinkAssignmentView;
  @ApiProperty({ type: IssueSummaryView, description: "The issue; the voter's data masked." }) issue!: IssueSummaryView;
  @ApiProperty({ description: 'Whether a reply can be given with this link now.' }) canReply!: boolean;
  @ApiDateTime() expiresAt!: Date;
}
