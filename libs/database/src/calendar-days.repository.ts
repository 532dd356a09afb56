// Reads the official calendar from calendar_days into the form the pure calendar functions take.
import { calendarFromDays, type WorkingCalendar } from '@app/calendar';
import type { DataSource, EntityManager } from 'typeorm';
import { CalendarDay } from './entities';

export async function loadWorkingCalendar(db: DataSource | EntityManager): Promise<WorkingCalendar> {
  const days = await db.getRepository(CalendarDay).find({ select: { day: true, kind: true } });
  return calendarFromDays(days);
}
