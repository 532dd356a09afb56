import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiNullable } from '../common/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { REGION_LEVELS, type RegionLevel } from '@app/database';
import { PageQuery } from '../common/pagination';
import { CODE_MESSAGE, CODE_PATTERN, NAME_MAX, NOT_BLANK, Trim } from './admin.dto';
import { IfPresent } from '../common/validation';

export class RegionQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the direct children of this region' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ enum: REGION_LEVELS, example: 'township' })
  @IsOptional()
  @IsIn(REGION_LEVELS)
  level?: RegionLevel;

  @ApiPropertyOptional({ description: 'Part of the name or code', maxLength: 64, example: '荣家湾' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
}

export class CreateRegionDto {
  @ApiProperty({ example: 'xinhe', pattern: CODE_PATTERN.source, maxLength: 64, description: 'Unique; a path segment' })
  @IsString()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: '新河村', maxLength: NAME_MAX })
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ enum: REGION_LEVELS, example: 'village', description: "One level below the parent's" })
  @IsIn(REGION_LEVELS)
  level!: RegionLevel;

  @ApiNullable('uuid', {
    description: 'The region one level up; null (or absent) only for a city.',
    example: '0f8fad5b-d9cb-469f-a165-70867728950e',
    required: false,
  })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;
}

export class UpdateRegionDto {
  @ApiPropertyOptional({
    example: 'xinhe',
    pattern: CODE_PATTERN.source,
    maxLength: 64,
    description:
      'Renames the path segment of the region and of every region below it; refused (409) once an issue was raised in the subtree, whose records keep the old path.',
  })
  @IfPresent()
  @IsString()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional({ example: '新河村', maxLength: NAME_MAX })
  @IfPresent()
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;
}

export class RegionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'chengdong' }) code!: string;
  @ApiProperty({ example: '城东社区' }) name!: string;
  @ApiProperty({ enum: REGION_LEVELS, example: 'village' }) level!: RegionLevel;
  @ApiNullable('uuid') parentId!: string | null;
  @ApiProperty({ example: 'yueyang/yueyang-county/rongjiawan/chengdong', description: 'Codes from the city down' })
  path!: string;
}
