// Owns the schedule that starts the maintenance workflow every night at 03:00 China time. The worker makes sure it
// exists each time it starts (apps/worker/src/schedules): created when missing, brought up to this definition when present (keeping a pause an
// operator set), so starting one worker or ten, once or every day, leaves exactly one schedule.
import { Logger } from '@nestjs/common';
import {
  Client,
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type ScheduleHandle,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
} from '@temporalio/client';
import type { AppConfig } from '@app/config';
import {
  MAINTENANCE_HOUR,
  MAINTENANCE_SCHEDULE_ID,
  MAINTENANCE_TIME_ZONE,
  MAINTENANCE_WORKFLOW_ID,
  MAINTENANCE_WORKFLOW_TYPE,
} from '@app/contracts';

type MaintenanceSchedule = ScheduleOptions<ScheduleOptionsStartWorkflowAction<() => Promise<unknown>>>;

/** What the schedule should be, for the worker's namespace and task queue. */
export function maintenanceSchedule(config: Pick<AppConfig, 'TEMPORAL_TASK_QUEUE'>): MaintenanceSchedule {
  return {
    scheduleId: MAINTENANCE_SCHEDULE_ID,
    spec: {
      calendars: [{ hour: MAINTENANCE_HOUR, minute: 0, second: 0, comment: 'daily at 03:00 China time' }],
      timezone: MAINTENANCE_TIME_ZONE,
    },
    action: {
      type: 'startWorkflow',
      workflowType: MAINTENANCE_WORKFLOW_TYPE,
      workflowId: MAINTENANCE_WORKFLOW_ID,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [],
      // A run that cannot finish in an hour is stuck; the next night starts afresh.
      workflowExecutionTimeout: '1 hour',
    },
    policies: {
      // Never two clean-ups at once; after an outage, one catch-up run is enough, not one per missed night.
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '1 day',
    },
  };
}

/** Creates the schedule, or updates it to the current definition; returns its handle. */
export async function ensureMaintenanceSchedule(client: Client, config: AppConfig): Promise<ScheduleHandle> {
  const desired = maintenanceSchedule(config);
  try {
    const handle = await client.schedule.create(desired);
    Logger.log(`Created schedule "${desired.scheduleId}" (daily 03:00 ${MAINTENANCE_TIME_ZONE})`, 'Maintenance');
    return handle;
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const handle = client.schedule.getHandle(desired.scheduleId);
  const { spec, action, policies } = desired;
  await handle.update((current) => ({ spec, action, policies, state: current.state }));
  return handle;
}
