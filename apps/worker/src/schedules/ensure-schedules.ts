// Owns "ensure the schedules", done in one place: at each worker's start, one worker at a time (a PostgreSQL advisory
// lock), never by the API. The nightly maintenance schedule is created or brought up to its definition; each station
// with a reception rule gets its schedule back if it is missing. Two replicas starting together leave one schedule
// each, each created (and, for reception, triggered) once, with no error: the second waits for the lock and finds
// them in place.
import { Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '@app/config';
import { reconcileReceptionSchedules } from '@app/temporal';
import { ensureMaintenanceSchedule } from '../maintenance/maintenance.schedule';
import { SchedulesRepository } from './schedules.repository';

export async function ensureSchedules(
  client: Client,
  config: AppConfig,
  repository: SchedulesRepository,
): Promise<void> {
  await repository.withSchedulesLock(async (db) => {
    await ensureMaintenanceSchedule(client, config);
    // Not under test: each suite makes the reception schedules it needs, and its neighbours' workers (on a shared
    // server) should not see them.
    if (config.NODE_ENV === 'test') return;
    const created = await reconcileReceptionSchedules(
      client,
      config.TEMPORAL_TASK_QUEUE,
      await repository.stationsWithRules(db),
    );
    if (created.length) Logger.log(`Created ${created.length} missing reception schedule(s)`, 'Schedules');
  });
}
