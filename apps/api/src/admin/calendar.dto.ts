import { ApiProperty } from '@nestjs/swagger';
import { ApiDate, ApiInteger, ApiNullable } from '../common/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CALENDAR_DAY_KINDS } from '@app/database';
import type { CalendarDayKind } from '@app/calendar';
import { NOT_BLANK, Trim } from './admin.dto';
import { QueryInt } from '../common/validation';

/**
 * The years the calendar may hold: the supervision figures count working days from a table built for 2000-2099
 * (metrics.working_days), so a day outside it could never be counted there.
 */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;

export class CalendarQuery {
  @ApiInteger({
    example: 2026,
    minimum: FIRST_YEAR,
    maximum: LAST_YEAR,
    description: 'Default: this year in China',
    required: false,
  })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(FIRST_YEAR)
  @Max(LAST_YEAR)
  year?: number;
}

export class CalendarDayParams {
  @ApiDate({ example: '2026-10-01', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'day must be a date as YYYY-MM-DD' })
  day!: string;
}

export class PutCalendarDayDto {
  @ApiProperty({
    enum: CALENDAR_DAY_KINDS,
    example: 'holiday',
    description: 'holiday: off even on a weekday; workday: a make-up working day (调休), on even at a weekend',
  })
  @IsIn(CALENDAR_DAY_KINDS)
  kind!: CalendarDayKind;

  @ApiProperty({ example: '国庆节', maxLength: 50 })
  @Trim()
  @IsString()
  @MaxLength(50)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;
}

export class CalendarDayView {
  @ApiDate({ example: '2026-10-01' }) day!: string;
  @ApiProperty({ enum: CALENDAR_DAY_KINDS }) kind!: CalendarDayKind;
  @ApiProperty({ example: '国庆节' }) name!: string;
}

export class CalendarYearView {
  @ApiInteger({ example: 2026 }) year!: number;
  @ApiProperty({ type: [CalendarDayView], description: 'The exceptions to Monday–Friday, in date order' })
  days!: CalendarDayView[];
}

export class CalendarCoverageView {
  @ApiProperty({
    type: 'array',
    items: { type: 'integer' },
    example: [2025, 2026],
    description: 'The years with at least one holiday entered',
  })
  enteredYears!: number[];

  @ApiProperty({
    type: 'array',
    items: { type: 'integer' },
    example: [2026, 2027],
    description:
      'The years deadlines run into: from this year (China) to the year of the latest open deadline or promised ' +
      'date, and at least to the year a new deadline set today could reach',
  })
  neededYears!: number[];

  @ApiProperty({
    type: 'array',
    items: { type: 'integer' },
    example: [2027],
    description: 'The needed years without any holiday entered',
  })
  missingYears!: number[];

  @ApiNullable('date', { example: '2027-01-15', description: 'The latest open deadline or promised date (China)' })
  latestDeadline!: string | null;
}
