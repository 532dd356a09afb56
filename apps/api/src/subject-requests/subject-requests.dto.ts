import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ISSUE_STATUSES, type IssueStatus } from '@app/contracts';
import { VOTER_SUBMISSION_STATUSES, type VoterSubmissionStatus } from '@app/database';
import { IsEmail, IsIn, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IfPresent } from '../common/validation';
import { NOT_BLANK } from '../admin/admin.dto';
import { ApiDateTime, ApiNullable } from '../common/swagger';
import { IsResidentIdNumber, IsVoterPhone } from '../issues/voter-formats';

const NotBlank = (property: string) => Matches(NOT_BLANK, { message: `${property} must not be blank` });

/**
 * Who asks, found by phone, ID number or email address (any that is given matches). In the body, so no number lands
 * in a URL log. The email finds the contacts left through a QR code or an Open311 client, which issues do not hold.
 */
export class SubjectLookupDto {
  @ApiPropertyOptional({ example: '13807305678', maxLength: 20 })
  @ValidateIf(
    (dto: SubjectLookupDto) => dto.phone !== undefined || (dto.idNumber === undefined && dto.email === undefined),
  )
  @IsString()
  @MaxLength(20)
  @IsVoterPhone()
  phone?: string;

  @ApiPropertyOptional({ example: '430621196505121230', maxLength: 18 })
  @IfPresent()
  @IsString()
  @MaxLength(18)
  @IsResidentIdNumber()
  idNumber?: string;

  @ApiPropertyOptional({ example: 'li.guilan@example.com', maxLength: 254 })
  @IfPresent()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email?: string;

  @ApiProperty({
    example: '本人来电申请查阅（登记号 2026-007）',
    maxLength: 200,
    description: 'Why the data is read: the request and how it reached you. Recorded with every read.',
  })
  @IsString()
  @MaxLength(200)
  @NotBlank('purpose')
  purpose!: string;
}

export class SubjectExportDto extends SubjectLookupDto {
  @ApiPropertyOptional({ enum: ['xlsx', 'json'], default: 'xlsx' })
  @IfPresent()
  @IsIn(['xlsx', 'json'])
  format?: 'xlsx' | 'json';
}

export class SubjectIssueParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

/** The fields to correct; a field left out stays as it is. */
export class CorrectVoterDataDto {
  @ApiPropertyOptional({ example: '李桂兰', maxLength: 50 })
  @IfPresent()
  @IsString()
  @MaxLength(50)
  @NotBlank('name')
  name?: string;

  @ApiPropertyOptional({ example: '13807305678', maxLength: 20 })
  @IfPresent()
  @IsString()
  @MaxLength(20)
  @IsVoterPhone()
  phone?: string;

  @ApiPropertyOptional({ example: '430621196505121230', maxLength: 18 })
  @IfPresent()
  @IsString()
  @MaxLength(18)
  @IsResidentIdNumber()
  idNumber?: string;

  @ApiPropertyOptional({ example: '荣家湾镇城东社区建设路12号', maxLength: 200 })
  @IfPresent()
  @IsString()
  @MaxLength(200)
  @NotBlank('address')
  address?: string;

  @ApiProperty({ example: '本人申请更正电话号码', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  @NotBlank('reason')
  reason!: string;
}

export class EraseVoterDataDto {
  @ApiProperty({ example: '本人申请删除（事项已办结）', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  @NotBlank('reason')
  reason!: string;
}

export class SubjectVoterView {
  @ApiNullable('string')
  name!: string | null;

  @ApiNullable('string')
  phone!: string | null;

  @ApiNullable('string')
  idNumber!: string | null;

  @ApiNullable('string')
  address!: string | null;
}

/** One issue that holds data about the person, their data unmasked (the admin answers the person's request). */
export class SubjectIssueView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ISSUE_STATUSES, example: 'closed' })
  status!: IssueStatus;

  @ApiProperty({ example: '已办结' })
  statusLabel!: string;

  @ApiDateTime()
  submittedAt!: Date;

  @ApiNullable('date-time')
  closedAt!: Date | null;

  @ApiProperty({ example: '荣家湾镇人大代表之家' })
  stationName!: string;

  @ApiProperty({ example: '张志强' })
  deputyName!: string;

  @ApiProperty({ example: '村口道路破损，雨天积水' })
  description!: string;

  @ApiProperty({ type: SubjectVoterView })
  voter!: SubjectVoterView;

  @ApiProperty({ description: 'Whether the voter data may be erased now: only once the issue is closed.' })
  erasable!: boolean;
}

export class SubjectOpen311View {
  @ApiProperty({ example: '12345 热线', description: 'The Open311 client the request came through.' })
  clientName!: string;

  @ApiNullable('string')
  reporterFirstName!: string | null;

  @ApiNullable('string')
  reporterLastName!: string | null;

  @ApiNullable('string')
  deviceId!: string | null;

  @ApiNullable('string')
  accountId!: string | null;

  @ApiNullable('string')
  addressString!: string | null;
}

/** One contact left through a station's QR code or an Open311 client (a voter submission), unmasked. */
export class SubjectSubmissionView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: VOTER_SUBMISSION_STATUSES, example: 'accepted' })
  status!: VoterSubmissionStatus;

  @ApiProperty({ example: '已受理' })
  statusLabel!: string;

  @ApiDateTime()
  submittedAt!: Date;

  @ApiProperty({ example: '荣家湾镇人大代表之家' })
  stationName!: string;

  @ApiProperty({ example: '村口路灯坏了两个月' })
  description!: string;

  @ApiNullable('string')
  contactPhone!: string | null;

  @ApiNullable('string')
  contactEmail!: string | null;

  @ApiNullable('uuid', { description: 'The issue it became or joined.' })
  issueId!: string | null;

  @ApiNullable(SubjectOpen311View, { description: 'Null unless it came from an Open311 client.' })
  open311!: SubjectOpen311View | null;

  @ApiProperty({
    description: 'Whether its contacts may be erased now: once it was declined, or the issue it went into is closed.',
  })
  erasable!: boolean;
}

export class SubjectSearchView {
  @ApiProperty({ type: [SubjectIssueView] })
  issues!: SubjectIssueView[];

  @ApiProperty({ type: [SubjectSubmissionView] })
  submissions!: SubjectSubmissionView[];
}
