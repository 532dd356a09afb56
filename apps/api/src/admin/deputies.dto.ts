import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiNullable } from '../common/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DEPUTY_LEVELS, GENDERS, type DeputyLevel, type Gender } from '@app/database';
import { PageQuery } from '../common/pagination';
import { NAME_MAX, NOT_BLANK, Trim } from './admin.dto';
import { IfPresent } from '../common/validation';

/** A mobile or landline number as printed on a station wall: digits, an optional leading +, spaces and dashes. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 -]{2,30}$/;
const PHONE_MESSAGE = 'phone must be 3-32 characters: digits, spaces and dashes, optionally a leading +';
const TEXT_MAX = 200;

export class DeputyQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name, employer or post', maxLength: 64, example: '张' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the deputies of this station' })
  @IsOptional()
  @IsUUID()
  stationId?: string;
}

export class CreateDeputyDto {
  @ApiProperty({ example: '李建国', maxLength: NAME_MAX })
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ enum: GENDERS, example: 'male' })
  @IsIn(GENDERS)
  gender!: Gender;

  @ApiProperty({ enum: DEPUTY_LEVELS, example: 'county', description: 'The congress the deputy was elected to' })
  @IsIn(DEPUTY_LEVELS)
  level!: DeputyLevel;

  @ApiProperty({ example: '荣家湾镇中心小学', maxLength: TEXT_MAX })
  @Trim()
  @IsString()
  @MaxLength(TEXT_MAX)
  @Matches(NOT_BLANK, { message: 'employer must not be blank' })
  employer!: string;

  @ApiProperty({ example: '校长', maxLength: TEXT_MAX })
  @Trim()
  @IsString()
  @MaxLength(TEXT_MAX)
  @Matches(NOT_BLANK, { message: 'post must not be blank' })
  post!: string;

  @ApiProperty({ example: '13807301234', pattern: PHONE_PATTERN.source, maxLength: 32 })
  @IsString()
  @MaxLength(32)
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE })
  phone!: string;

  @ApiNullable('uuid', {
    description: 'The user who signs in as this deputy (linked both ways); one user per deputy',
    required: false,
  })
  @IsOptional()
  @IsUUID()
  userId?: string | null;
}

export class UpdateDeputyDto {
  @ApiPropertyOptional({ example: '李建国', maxLength: NAME_MAX })
  @IfPresent()
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ enum: GENDERS })
  @IfPresent()
  @IsIn(GENDERS)
  gender?: Gender;

  @ApiPropertyOptional({ enum: DEPUTY_LEVELS })
  @IfPresent()
  @IsIn(DEPUTY_LEVELS)
  level?: DeputyLevel;

  @ApiPropertyOptional({ example: '荣家湾镇中心小学', maxLength: TEXT_MAX })
  @IfPresent()
  @Trim()
  @IsString()
  @MaxLength(TEXT_MAX)
  @Matches(NOT_BLANK, { message: 'employer must not be blank' })
  employer?: string;

  @ApiPropertyOptional({ example: '校长', maxLength: TEXT_MAX })
  @IfPresent()
  @Trim()
  @IsString()
  @MaxLength(TEXT_MAX)
  @Matches(NOT_BLANK, { message: 'post must not be blank' })
  post?: string;

  @ApiPropertyOptional({ example: '13807301234', pattern: PHONE_PATTERN.source, maxLength: 32 })
  @IfPresent()
  @IsString()
  @MaxLength(32)
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE })
  phone?: string;

  @ApiNullable('uuid', {
    description: "null unlinks the deputy's user (who then no longer sees the issues raised through this deputy)",
    required: false,
  })
  @IsOptional()
  @IsUUID()
  userId?: string | null;
}

export class DeputyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '张志强' }) name!: string;
  @ApiProperty({ enum: GENDERS }) gender!: Gender;
  @ApiProperty({ enum: DEPUTY_LEVELS }) level!: DeputyLevel;
  @ApiProperty({ example: '荣家湾镇城东社区' }) employer!: string;
  @ApiProperty({ example: '党支部书记' }) post!: string;
  @ApiProperty({ example: '13807301001' }) phone!: string;
  @ApiNullable('uuid') userId!: string | null;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The stations the deputy serves' }) stationIds!: string[];
}
