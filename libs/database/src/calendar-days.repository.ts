// Reads the official calendar from calendar_days into the form the pure calendar functions take.
import { calendarFromDays, type WorkingCalendar } from '@app/calendar';
import type { DataSource, EntityManager } from 'typeorm';
import { CalendarDay } from './entities';

export async function loadWorkingCalendar(db: DataSource | EntityManager): Promise<WorkingCalendar> {
  const days = await db.getRepository(CalendarDay).find({ select: { day: true, kind: true } });
  return calendarFromDays(days);
}

/**
 * The calendar, kept between calls and re-read only when calendar_days changed: each call asks PostgreSQL for a
 * one-row fingerprint of the table (its days and kinds), so an admin's edit counts from the very next call, in
 * every process, with no time-to-live to wait out and no message between the API and the worker. The one cache of
 * the calendar: the worker's steps, the department inbox and the supervision queues each hold one.
 */
export class WorkingCalendarCache {
  private cached?: { fingerprint: string; value: WorkingCalendar };

  async get(db: DataSource | EntityManager): Promise<WorkingCalendar> {
    const [{ fingerprint }] = await db.query<{ fingerprint: string }[]>(
      `SELECT count(*) || ':' || coalesce(md5(string_agg(day::text || kind, ',' ORDER BY day)), '') AS fingerprint
         FROM calendar_days`,
    );
    if (this.cached?.fingerprint !== fingerprint) {
      this.cached = { fingerprint, value: await loadWorkingCalendar(db) };
    }
    return this.cached.value;
  }
}
