import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { BooleanQuery, CODE_MESSAGE, CODE_PATTERN, NAME_MAX, NOT_BLANK, Trim } from './admin.dto';
import { IfPresent } from '../common/validation';

export class DepartmentQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the departments of this region (not of its subtree)' })
  @IsOptional()
  @IsUUID()
  regionId?: string;

  @ApiPropertyOptional({ description: 'Part of the name or code', maxLength: 64, example: '交通' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only active; false: only inactive; absent: both' })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  active?: boolean;
}

export class CreateDepartmentDto {
  @ApiProperty({ example: 'jiaotong.baishi', pattern: CODE_PATTERN.source, maxLength: 64 })
  @IsString()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: '荣家湾镇交通管理站', maxLength: NAME_MAX })
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ format: 'uuid', description: 'The township, county or city the department belongs to' })
  @IsUUID()
  regionId!: string;

  @ApiProperty({
    example: 'jiaotong@rongjiawan.example.org',
    maxLength: 254,
    description: 'Where referrals are mailed',
  })
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email!: string;
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional({ example: 'jiaotong.baishi', pattern: CODE_PATTERN.source, maxLength: 64 })
  @IfPresent()
  @IsString()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional({ example: '荣家湾镇交通管理站', maxLength: NAME_MAX })
  @IfPresent()
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ example: 'jiaotong@rongjiawan.example.org', maxLength: 254 })
  @IfPresent()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({
    description:
      'false closes the department: routing skips rules that lead to it (and leaves it out as a co-handler), and it ' +
      'cannot be named in new rules or referrals; its open assignments are not touched.',
  })
  @IfPresent()
  @IsBoolean()
  active?: boolean;
}

export class DepartmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'jiaotong.rongjiawan' }) code!: string;
  @ApiProperty({ example: '荣家湾镇交通管理站' }) name!: string;
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty({ example: '荣家湾镇' }) regionName!: string;
  @ApiProperty({ example: 'jiaotong.rongjiawan@demo.lianluo.local' }) email!: string;
  @ApiProperty() active!: boolean;
}
