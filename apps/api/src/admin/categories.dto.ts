import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { BooleanQuery, CODE_MESSAGE, CODE_PATTERN, NAME_MAX, NOT_BLANK, Trim } from './admin.dto';
import { IfPresent } from '../common/validation';

export class CategoryQuery extends PageQuery {
  @ApiPropertyOptional({ type: Boolean, description: 'true: only active; false: only inactive; absent: both' })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  active?: boolean;
}

export class CreateCategoryDto {
  @ApiProperty({ example: 'housing', pattern: CODE_PATTERN.source, maxLength: 64 })
  @IsString()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: '住房保障', maxLength: NAME_MAX })
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'nameZh must not be blank' })
  nameZh!: string;

  @ApiProperty({ example: 'Housing', maxLength: NAME_MAX })
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'nameEn must not be blank' })
  nameEn!: string;
}

export class UpdateCategoryDto {
  @ApiPropertyOptional({ example: 'housing', pattern: CODE_PATTERN.source, maxLength: 64 })
  @IfPresent()
  @IsString()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional({ example: '住房保障', maxLength: NAME_MAX })
  @IfPresent()
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'nameZh must not be blank' })
  nameZh?: string;

  @ApiPropertyOptional({ example: 'Housing', maxLength: NAME_MAX })
  @IfPresent()
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'nameEn must not be blank' })
  nameEn?: string;

  @ApiPropertyOptional({ description: 'false: deputies can no longer choose it; existing issues keep it' })
  @IfPresent()
  @IsBoolean()
  active?: boolean;
}

export class CategoryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'roads' }) code!: string;
  @ApiProperty({ example: '道路交通' }) nameZh!: string;
  @ApiProperty({ example: 'Roads and transport' }) nameEn!: string;
  @ApiProperty() active!: boolean;
}
