// The shapes of the voter's channel: what a voter's page sends and reads (public), and what the deciding deputy or
// liaison officer sends and reads (signed in).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Equals,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { ISSUE_URGENCIES, type IssueUrgency } from '@app/contracts';
import { VOTER_SUBMISSION_STATUSES, type VoterSubmissionStatus } from '@app/database';
import { PageQuery } from '../common/pagination';
import { ApiDateTime, ApiNullable } from '../common/swagger';
import { IssueSummaryView } from '../issues/issues.dto';
import { IsVoterPhone } from '../issues/voter-formats';
import { NamedRefView } from '../supervision/supervision.dto';

const EXAMPLE_UUID = '5b0c5c1e-8f0e-4d36-9a57-2f1f3c2f9a10';
const NOT_BLANK = /\S/;
/** A voter writes a paragraph or two; longer texts are refused before anything is stored. */
export const VOTER_DESCRIPTION_MAX_LENGTH = 1000;

export class VoterSubmissionDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID, description: 'The station whose code was scanned.' })
  @IsUUID()
  stationId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    example: EXAMPLE_UUID,
    description: "The deputy's code: one of its deputies.",
  })
  @IsOptional()
  @IsUUID()
  deputyId?: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID, description: "A place in the station's township." })
  @IsUUID()
  placeRegionId!: string;

  @ApiProperty({ example: '村口路灯坏了两个月，晚上出行不便。', minLength: 5, maxLength: VOTER_DESCRIPTION_MAX_LENGTH })
  @IsString()
  @Length(5, VOTER_DESCRIPTION_MAX_LENGTH)
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  description!: string;

  @ApiPropertyOptional({ example: '13812345678', description: 'Phone or email (at least one) for updates.' })
  @IsOptional()
  @IsVoterPhone()
  phone?: string;

  @ApiPropertyOptional({ example: 'voter@example.com', maxLength: 254 })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string;

  @ApiProperty({ enum: [true], description: 'The voter accepted the personal-information notice (must be true).' })
  @Equals(true, { message: 'noticeAccepted must be true: the personal-information notice must be accepted' })
  noticeAccepted!: boolean;

  @ApiProperty({ description: 'The token of the challenge (GET /api/public/voter/captcha).', maxLength: 1000 })
  @IsString()
  @MaxLength(1000)
  captchaToken!: string;

  @ApiProperty({ example: '4827', maxLength: 16 })
  @IsString()
  @MaxLength(16)
  captchaAnswer!: string;
}

export class TrackingCodeDto {
  @ApiProperty({ description: 'The tracking code shown and mailed on submission.', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  code!: string;
}

export class VoterSolvedDto extends TrackingCodeDto {
  @ApiProperty({ description: "Whether the problem was solved, in the voter's own words." })
  @IsBoolean()
  solved!: boolean;
}

export class AcceptSubmissionDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID, description: 'An active issue category.' })
  @IsUUID()
  categoryId!: string;

  @ApiProperty({ enum: ISSUE_URGENCIES, example: 'normal' })
  @IsIn(ISSUE_URGENCIES)
  urgency!: IssueUrgency;

  @ApiPropertyOptional({ format: 'uuid', example: EXAMPLE_UUID, description: "Default: the voter's place." })
  @IsOptional()
  @IsUUID()
  placeRegionId?: string;
}

export class MergeSubmissionDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_UUID, description: 'An open issue of the same deputy.' })
  @IsUUID()
  issueId!: string;
}

export class DeclineSubmissionDto {
  @ApiProperty({ example: '该问题属于个人民事纠纷，建议通过人民调解解决。', minLength: 2, maxLength: 500 })
  @IsString()
  @Length(2, 500)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason!: string;
}

export class PublishableDto {
  @ApiProperty({ description: "Shown on the voters' status page (true) or not (false)." })
  @IsBoolean()
  publishable!: boolean;
}

export class SubmissionQuery extends PageQuery {
  @ApiPropertyOptional({ enum: VOTER_SUBMISSION_STATUSES })
  @IsOptional()
  @IsIn(VOTER_SUBMISSION_STATUSES)
  status?: VoterSubmissionStatus;
}

// ---------------------------------------------------------------------------------------------------------------
// Views

export class CodeTargetView {
  @ApiProperty({ type: NamedRefView }) station!: NamedRefView;
  @ApiNullable(NamedRefView) deputy!: NamedRefView | null;
  @ApiNullable('string', { example: '每月8日' }) receptionDays!: string | null;
  @ApiProperty({ type: [NamedRefView] }) places!: NamedRefView[];
  @ApiProperty({ format: 'uuid' }) defaultPlaceId!: string;
  @ApiProperty() noticeVersion!: string;
  @ApiProperty({ description: 'The personal-information notice the voter accepts.' }) notice!: string;
}

export class CaptchaView {
  @ApiProperty() token!: string;
  @ApiProperty({ description: 'An SVG image.' }) svg!: string;
  @ApiDateTime() expiresAt!: string;
}

export class SubmissionReceiptView {
  @ApiProperty({ format: 'uuid' }) submissionId!: string;
  @ApiProperty({ description: 'Shown once and mailed; keep it to follow the submission.' }) trackingCode!: string;
  @ApiProperty({ description: 'The status page.' }) statusUrl!: string;
}

export class TrackStepView {
  @ApiProperty({ example: 'submitted' }) step!: string;
  @ApiProperty({ example: '已提交' }) label!: string;
  @ApiDateTime() at!: string;
}

export class PublishedReplyView {
  @ApiDateTime() repliedAt!: string;
  @ApiProperty({ enum: ['A', 'B', 'C'] }) replyClass!: string;
  @ApiProperty({ example: 'A：已解决或基本解决' }) replyClassLabel!: string;
  @ApiProperty() departmentName!: string;
  @ApiProperty() text!: string;
}

export class TrackedIssueView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** The readable issue number (事项编号) once issues have one; null until then. */
  @ApiNullable('string', { description: 'The readable issue number (事项编号), when issues carry one.' })
  number!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty() statusLabel!: string;
}

export class TrackView {
  @ApiProperty({ format: 'uuid' }) submissionId!: string;
  @ApiProperty({ enum: VOTER_SUBMISSION_STATUSES }) status!: VoterSubmissionStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() stationName!: string;
  @ApiProperty() placeName!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Masked: 138****5678, v***@example.com.' }) contact!: string;
  @ApiNullable('string') declineReason!: string | null;
  @ApiProperty({ type: [TrackStepView] }) steps!: TrackStepView[];
  @ApiNullable(TrackedIssueView) issue!: TrackedIssueView | null;
  @ApiProperty({ type: [PublishedReplyView] }) replies!: PublishedReplyView[];
  @ApiNullable('boolean') voterSolved!: boolean | null;
  @ApiProperty({ description: 'Whether the voter may now say if it was solved.' }) canSaySolved!: boolean;
}

export class SubmissionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: NamedRefView }) station!: NamedRefView;
  @ApiNullable(NamedRefView, { description: 'The deputy who decides.' }) deputy!: NamedRefView | null;
  @ApiProperty({ type: NamedRefView }) place!: NamedRefView;
  @ApiProperty() description!: string;
  @ApiProperty({ description: "The voter's contact, masked." }) contact!: string;
  @ApiProperty({ enum: VOTER_SUBMISSION_STATUSES }) status!: VoterSubmissionStatus;
  @ApiProperty() statusLabel!: string;
  @ApiDateTime() submittedAt!: string;
  @ApiNullable('date-time') remindedAt!: string | null;
  @ApiNullable('date-time') escalatedAt!: string | null;
  @ApiNullable('date-time') decidedAt!: string | null;
  @ApiNullable('string') decisionReason!: string | null;
  @ApiNullable('uuid') issueId!: string | null;
  @ApiNullable('boolean', { description: "The voter's own word on whether it was solved." }) voterSolved!:
    boolean | null;
}

export class SubmissionIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class StationCodeParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  stationId!: string;
}

export class DeputyCodeParams extends StationCodeParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  deputyId!: string;
}

export class ReplyParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  issueId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  replyId!: string;
}

export class AcceptedSubmissionView {
  @ApiProperty({ type: SubmissionView }) submission!: SubmissionView;
  @ApiProperty({ type: IssueSummaryView }) issue!: IssueSummaryView;
}
