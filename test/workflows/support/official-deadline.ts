// computeDeadlines' answer on the official calendar (see ComputeDeadlinesInput), for the tests about holidays.
import {
  OFFICIAL_CALENDAR_DAYS,
  addWorkingDays,
  calendarFromDays,
  chinaDay,
  endOfChinaDay,
  subtractWorkingDays,
} from '@app/calendar';

const OFFICIAL = calendarFromDays(OFFICIAL_CALENDAR_DAYS);

export function officialDeadline(fromInstant: string, workingDays: number): string {
  const from = chinaDay(new Date(fromInstant));
  const day =
    workingDays >= 0 ? addWorkingDays(from, workingDays, OFFICIAL) : subtractWorkingDays(from, -workingDays, OFFICIAL);
  return endOfChinaDay(day).toISOString();
}
