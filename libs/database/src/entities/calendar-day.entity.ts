import type { CalendarDayKind } from '@app/calendar';
import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { CALENDAR_DAY_KINDS, oneOf } from './domain-values';

/** A day that breaks the weekday rule: a holiday (off) or a make-up working day (调休, on). */
@Entity({ name: 'calendar_days' })
@Check('ck_calendar_days_kind', oneOf('kind', CALENDAR_DAY_KINDS))
export class CalendarDay {
  /** 'YYYY-MM-DD'; the pg driver hands dates back as strings, never as shifted JS Dates. */
  @PrimaryColumn({ name: 'day', type: 'date', primaryKeyConstraintName: 'pk_calendar_days' })
  day!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: CalendarDayKind;

  @Column({ name: 'name', type: 'text' })
  name!: string;
}
