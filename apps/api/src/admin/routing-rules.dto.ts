import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiInteger, ApiNullable } from '../common/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IfPresent } from '../common/validation';

export const MAX_CO_HANDLERS = 20;
const PRIORITY_LIMIT = 1000;

export class RoutingRuleQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the rules of this region (not of its subtree)' })
  @IsOptional()
  @IsUUID()
  regionId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only the rules of this category (catch-all rules not included)',
  })
  @IsOptional()
  @IsUUID()
  categoryId?: string;
}

export class CreateRoutingRuleDto {
  @ApiProperty({ format: 'uuid', description: "The rule covers this region's whole subtree" })
  @IsUUID()
  regionId!: string;

  @ApiNullable('uuid', { description: 'null or absent: any category', required: false })
  @IsOptional()
  @IsUUID()
  categoryId?: string | null;

  @ApiProperty({
    format: 'uuid',
    description: "An active department whose region is the rule's region or above it (主办)",
  })
  @IsUUID()
  leadDepartmentId!: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_CO_HANDLERS,
    default: [],
    description: 'Active co-handling departments (协办), each serving the region; never the lead',
  })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(MAX_CO_HANDLERS)
  @ArrayUnique({ message: 'coHandlerDepartmentIds must not name a department twice' })
  @IsUUID('all', { each: true })
  coHandlerDepartmentIds?: string[];

  @ApiInteger({
    default: 0,
    minimum: -PRIORITY_LIMIT,
    maximum: PRIORITY_LIMIT,
    description: 'Breaks ties between equally specific rules; higher wins',
    required: false,
  })
  @IfPresent()
  @IsInt()
  @Min(-PRIORITY_LIMIT)
  @Max(PRIORITY_LIMIT)
  priority?: number;

  @ApiPropertyOptional({ default: true })
  @IfPresent()
  @IsBoolean()
  active?: boolean;
}

export class UpdateRoutingRuleDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IfPresent()
  @IsUUID()
  regionId?: string;

  @ApiNullable('uuid', { description: 'null: any category', required: false })
  @IsOptional()
  @IsUUID()
  categoryId?: string | null;

  @ApiPropertyOptional({ format: 'uuid' })
  @IfPresent()
  @IsUUID()
  leadDepartmentId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_CO_HANDLERS, description: 'Replaces them all' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(MAX_CO_HANDLERS)
  @ArrayUnique({ message: 'coHandlerDepartmentIds must not name a department twice' })
  @IsUUID('all', { each: true })
  coHandlerDepartmentIds?: string[];

  @ApiInteger({ minimum: -PRIORITY_LIMIT, maximum: PRIORITY_LIMIT, required: false })
  @IfPresent()
  @IsInt()
  @Min(-PRIORITY_LIMIT)
  @Max(PRIORITY_LIMIT)
  priority?: number;

  @ApiPropertyOptional()
  @IfPresent()
  @IsBoolean()
  active?: boolean;
}

export class ResolveRouteDto {
  @ApiProperty({ format: 'uuid', description: "The issue's place (a township or a village)" })
  @IsUUID()
  placeRegionId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  categoryId!: string;
}

export class RoutingRuleView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty({ example: '荣家湾镇' }) regionName!: string;
  @ApiNullable('uuid', { description: 'null: any category' })
  categoryId!: string | null;
  @ApiNullable('string', { example: '道路交通' }) categoryName!: string | null;
  @ApiProperty({ format: 'uuid' }) leadDepartmentId!: string;
  @ApiProperty({ example: '荣家湾镇交通管理站' }) leadDepartmentName!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) coHandlerDepartmentIds!: string[];
  @ApiProperty({ type: [String], example: ['荣家湾镇自然资源所'] }) coHandlerDepartmentNames!: string[];
  @ApiInteger({ example: 0 }) priority!: number;
  @ApiProperty() active!: boolean;
}

export class DepartmentRefView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '荣家湾镇交通管理站' }) name!: string;
}

export class ResolvedRuleView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty({ example: '荣家湾镇' }) regionName!: string;
  @ApiNullable('uuid') categoryId!: string | null;
}

export class ResolvedRouteView {
  @ApiNullable(DepartmentRefView, { description: 'null: the issue would go to triage' })
  lead!: DepartmentRefView | null;
  @ApiProperty({ type: [DepartmentRefView] }) coHandlers!: DepartmentRefView[];
  @ApiNullable(ResolvedRuleView) rule!: ResolvedRuleView | null;
  @ApiProperty({
    example:
      'The rule of 荣家湾镇 for 道路交通 wins over 1 other applicable rule: its region is deeper. Lead: 荣家湾镇交通管理站; co-handlers: 荣家湾镇自然资源所.',
  })
  explanation!: string;
}
