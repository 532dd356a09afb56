// Owns the rules of the official calendar's exceptions: one entry per day, within the years the working-day
// figures cover. Deadlines computed after an edit count on the edited calendar (the worker re-reads calendar_days
// whenever it changed); deadlines already computed for running workflows stay as they were.
import { Inject, Injectable } from '@nestjs/common';
import { chinaDay } from '@app/calendar';
import type { AuthUser } from '../auth/auth-user';
import { invalidField } from '../common/api-error';
import { Clock } from '../common/clock';
import { notFound } from './admin-errors';
import {
  FIRST_YEAR,
  type CalendarCoverageView,
  LAST_YEAR,
  type CalendarDayView,
  type CalendarYearView,
  type PutCalendarDayDto,
} from './calendar.dto';
import { CalendarRepository } from './calendar.repository';

/**
 * How far ahead in calendar days a deadline set today may reach: a first handling (15 working days), an extension
 * and a second handling after 不满意 — about two months. In the last two months of a year, next year is needed.
 */
export const NEW_DEADLINE_REACH_DAYS = 60;

@Injectable()
export class CalendarService {
  constructor(
    @Inject(CalendarRepository) private readonly repository: CalendarRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async year(year?: number): Promise<CalendarYearView> {
    const wanted = year ?? Number(chinaDay(this.clock.now()).slice(0, 4));
    return { year: wanted, days: await this.repository.year(wanted) };
  }

  /**
   * Which years deadlines run into and which of them have no holidays entered yet: counted without them, a deadline
   * in such a year falls on what is really a holiday (and comes days too early). Needed: this year, up to the latest
   * open deadline, and at least as far as a deadline set today could reach (NEW_DEADLINE_REACH_DAYS).
   */
  async coverage(): Promise<CalendarCoverageView> {
    const today = chinaDay(this.clock.now());
    const [enteredYears, latestDeadline] = await Promise.all([
      this.repository.yearsWithHolidays(),
      this.repository.latestOpenDeadline(),
    ]);
    const reach = chinaDay(new Date(this.clock.now().getTime() + NEW_DEADLINE_REACH_DAYS * 86_400_000));
    const first = Number(today.slice(0, 4));
    const last = Math.max(Number(reach.slice(0, 4)), latestDeadline ? Number(latestDeadline.slice(0, 4)) : first);
    const neededYears = Array.from({ length: last - first + 1 }, (_, index) => first + index);
    const missingYears = neededYears.filter((year) => !enteredYears.includes(year));
    return { enteredYears, neededYears, missingYears, latestDeadline };
  }

  async put(
    actor: AuthUser,
    day: string,
    input: PutCalendarDayDto,
  ): Promise<{ view: CalendarDayView; created: boolean }> {
    checkDay(day);
    const view = { day, kind: input.kind, name: input.name };
    const { created } = await this.repository.put(actor.id, view);
    return { view, created };
  }

  async delete(actor: AuthUser, day: string): Promise<void> {
    checkDay(day);
    if (!(await this.repository.delete(actor.id, day))) throw notFound('Calendar exception');
  }
}

/** A real date ('2026-02-30' is not) in the years the calendar covers. */
function checkDay(day: string): void {
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw invalidField('day', 'day is not a calendar date');
  }
  const year = parsed.getUTCFullYear();
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw invalidField('day', `day must be in the years ${FIRST_YEAR}-${LAST_YEAR}`);
  }
}
