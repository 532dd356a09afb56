// Owns the API's side of each station's Temporal Schedule (`reception-<stationId>`): created or updated when a plan is
// set, deleted when it is cleared, triggered once at each change (so the next reception day opens now, not at the
// rule's next date). Missing schedules are re-created by the worker at its start (apps/worker/src/schedules), in one
// place for every replica; the schedule's definition lives in libs/temporal.
import { Inject, Injectable } from '@nestjs/common';
import { ScheduleNotFoundError } from '@temporalio/client';
import { receptionScheduleId } from '@app/contracts';
import { TemporalClientService, upsertReceptionSchedule } from '@app/temporal';

@Injectable()
export class ReceptionSchedulesService {
  constructor(@Inject(TemporalClientService) private readonly temporal: TemporalClientService) {}

  /** Creates or updates the station's schedule for `rule`, then runs it once. */
  upsert(stationId: string, rule: string): Promise<void> {
    return upsertReceptionSchedule(this.temporal.client, this.temporal.taskQueue, stationId, rule);
  }

  async remove(stationId: string): Promise<void> {
    try {
      await this.temporal.client.schedule.getHandle(receptionScheduleId(stationId)).delete();
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
  }

  /** When the schedule runs next (empty when there is none). */
  async nextActionTimes(stationId: string): Promise<Date[]> {
    try {
      const description = await this.temporal.client.schedule.getHandle(receptionScheduleId(stationId)).describe();
      return description.info.nextActionTimes;
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return [];
      throw error;
    }
  }
}
