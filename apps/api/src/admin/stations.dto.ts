import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiInteger, ApiNullable } from '../common/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { DEPUTY_LEVELS, STATION_LEVELS, type DeputyLevel, type StationLevel } from '@app/database';
import { PageQuery } from '../common/pagination';
import { CODE_MESSAGE, CODE_PATTERN, NAME_MAX, NOT_BLANK, Trim } from './admin.dto';
import { IfPresent } from '../common/validation';

export const MAX_STATION_DEPUTIES = 200;

export class StationQuery extends PageQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "Stations in this region's subtree (a township: its villages' too)",
  })
  @IsOptional()
  @IsUUID()
  regionId?: string;

  @ApiPropertyOptional({ description: 'Part of the name or code', maxLength: 64, example: '荣家湾' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
}

export class CreateStationDto {
  @ApiProperty({ example: 'baishi', pattern: CODE_PATTERN.source, maxLength: 64 })
  @IsString()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: '白石村代表工作站', maxLength: NAME_MAX })
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({
    enum: STATION_LEVELS,
    example: 'village',
    description:
      "township: a deputies' home (人大代表之家) in a township region; village: a work station (代表工作站) in a village",
  })
  @IsIn(STATION_LEVELS)
  level!: StationLevel;

  @ApiProperty({ format: 'uuid', description: 'A region of the same level as the station' })
  @IsUUID()
  regionId!: string;

  @ApiNullable('uuid', {
    description: 'The head (负责人); on creation the head also becomes one of the station’s deputies',
    required: false,
  })
  @IsOptional()
  @IsUUID()
  headDeputyId?: string | null;

  @ApiNullable('uuid', {
    description: 'The liaison officer (联络员): an active user',
    required: false,
  })
  @IsOptional()
  @IsUUID()
  liaisonOfficerUserId?: string | null;
}

export class UpdateStationDto {
  @ApiPropertyOptional({ example: 'baishi', pattern: CODE_PATTERN.source, maxLength: 64 })
  @IfPresent()
  @IsString()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional({ example: '白石村代表工作站', maxLength: NAME_MAX })
  @IfPresent()
  @Trim()
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ enum: STATION_LEVELS, description: 'Must match the level of the (new) region' })
  @IfPresent()
  @IsIn(STATION_LEVELS)
  level?: StationLevel;

  @ApiPropertyOptional({ format: 'uuid' })
  @IfPresent()
  @IsUUID()
  regionId?: string;

  @ApiNullable('uuid', {
    description: 'One of the station’s deputies (set them first with PUT …/deputies); null: no head',
    required: false,
  })
  @IsOptional()
  @IsUUID()
  headDeputyId?: string | null;

  @ApiNullable('uuid', { description: 'null: no liaison officer', required: false })
  @IsOptional()
  @IsUUID()
  liaisonOfficerUserId?: string | null;
}

export class StationDeputiesDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: MAX_STATION_DEPUTIES,
    description: 'Replaces the station’s deputies; the head must stay among them',
    example: ['0f8fad5b-d9cb-469f-a165-70867728950e'],
  })
  @IsArray()
  @ArrayMaxSize(MAX_STATION_DEPUTIES)
  @ArrayUnique({ message: 'deputyIds must not name a deputy twice' })
  @IsUUID('all', { each: true })
  deputyIds!: string[];
}

export class StationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'rongjiawan' }) code!: string;
  @ApiProperty({ example: '荣家湾镇人大代表之家' }) name!: string;
  @ApiProperty({ enum: STATION_LEVELS }) level!: StationLevel;
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty({ example: '荣家湾镇' }) regionName!: string;
  @ApiNullable('uuid') headDeputyId!: string | null;
  @ApiNullable('string', { example: '张志强' }) headDeputyName!: string | null;
  @ApiNullable('uuid') liaisonOfficerUserId!: string | null;
  @ApiNullable('string', { example: '邓丽（荣家湾镇人大代表之家联络员）' })
  liaisonOfficerName!: string | null;
  @ApiInteger({ example: 3 }) deputyCount!: number;
}

export class StationDeputyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '张志强' }) name!: string;
  @ApiProperty({ enum: DEPUTY_LEVELS }) level!: DeputyLevel;
}

export class StationDetailView extends StationView {
  @ApiProperty({ type: [StationDeputyView] }) deputies!: StationDeputyView[];
}
