import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches } from 'class-validator';
import { ISSUE_STATUSES, type IssueStatus } from '@app/contracts';
import { ApiDateTime, ApiInteger } from '../common/swagger';
import { IfPresent } from '../common/validation';
import { DESCRIPTION_MAX_LENGTH } from './issues.dto';

/** A draft being written at intake (deputy form, reception, a voter's submission): who raised the same problem? */
export class SimilarIssuesQuery {
  @ApiProperty({ format: 'uuid', description: 'The village or community (or township) the draft is about.' })
  @IsUUID()
  placeRegionId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The draft’s category; left out (a voter’s submission has none), any category of the place.',
  })
  @IfPresent() // left out, not null: the document says a uuid (schemathesis sent null and got 200)
  @IsUUID()
  categoryId?: string;

  @ApiProperty({ example: '建设路的路灯坏了很久，晚上走路看不见', minLength: 2, maxLength: DESCRIPTION_MAX_LENGTH })
  @IsString()
  @Length(2, DESCRIPTION_MAX_LENGTH)
  @Matches(/\S/, { message: 'description must not be blank' })
  description!: string;
}

export class SimilarIssueView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'YYX-2026-00123' })
  number!: string;

  @ApiProperty({ description: 'The beginning of its description (its title on lists).' })
  title!: string;

  @ApiProperty()
  stationName!: string;

  @ApiProperty()
  placeName!: string;

  @ApiProperty()
  categoryName!: string;

  @ApiDateTime()
  submittedAt!: string;

  @ApiProperty({ enum: ISSUE_STATUSES })
  status!: IssueStatus;

  @ApiProperty()
  statusLabel!: string;

  @ApiProperty({ format: 'double', minimum: 0, maximum: 1, description: 'Text similarity (Dice on character grams).' })
  score!: number;
}

export class SimilarIssuesView {
  @ApiProperty({ type: [SimilarIssueView], description: 'Most similar first, at most 10; only issues you may see.' })
  candidates!: SimilarIssueView[];

  @ApiProperty({ format: 'double', description: 'The score a candidate reaches to be listed.' })
  threshold!: number;

  @ApiInteger({ description: 'Days before (and, for an existing issue, after) its submission that are searched.' })
  windowDays!: number;
}
