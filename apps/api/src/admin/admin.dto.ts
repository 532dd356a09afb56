// The pieces the admin DTOs share: ids in the path, codes, names, optional-but-not-null fields, boolean queries.
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsUUID } from 'class-validator';

/**
 * Codes of regions, stations, departments and categories: lower-case letters, digits, dot, dash, underscore.
 * No slash: a region's code is a segment of its materialised path.
 */
export const CODE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const CODE_MESSAGE = 'code must be 1-64 characters: lower-case letters, digits, dot, dash or underscore';
export const NAME_MAX = 100;
/** Something other than spaces. */
export const NOT_BLANK = /\S/;

export class IdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

/** `?active=true` / `false` → boolean; anything else stays as sent, for @IsBoolean to refuse by name. */
export const BooleanQuery = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/** Trims a string input; other types pass through for the type validators to refuse. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
