// Owns each station's Temporal Schedule (`reception-<stationId>`) as Temporal sees it: its spec from the station's rule,
// its action, its policies; creating or updating it (then running it once, so the next reception day opens now), and
// re-creating the missing ones. The API calls upsert when a plan changes; the worker re-creates missing ones at start
// (apps/worker/src/schedules), so that two API replicas starting together do not both create and trigger them.
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type Client,
  type ScheduleOptionsAction,
  type ScheduleSpec,
} from '@temporalio/client';
import {
  DEFAULT_RECEPTION_POLICY,
  RECEPTION_SCHEDULE_WORKFLOW_TYPE,
  WEEKDAYS,
  parseReceptionRule,
  receptionScheduleId,
  receptionTickWorkflowId,
  type ReceptionScheduleInput,
} from '@app/contracts';

const DAY_NAMES = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
/** The tick runs at 00:05 China time on the rule's date: early, so that day's reception is open before it starts. */
const TICK = { hour: 0, minute: 5 } as const;

/** The schedule spec of a rule: its nominal dates, in China time. */
export function scheduleSpecOf(rule: string): ScheduleSpec {
  const parsed = parseReceptionRule(rule);
  if (!parsed) throw new Error(`Not a reception rule: ${rule}`);
  const calendar =
    parsed.kind === 'day_of_month'
      ? { dayOfMonth: parsed.day, ...TICK }
      : {
          // Both must match: the weekday within the n-th seven days of the month.
          dayOfWeek: DAY_NAMES[WEEKDAYS.indexOf(parsed.weekday)],
          dayOfMonth: { start: (parsed.nth - 1) * 7 + 1, end: parsed.nth * 7 },
          ...TICK,
        };
  return { calendars: [{ ...calendar, comment: rule }], timezone: 'Asia/Shanghai' };
}

/** Creates or updates the station's schedule for `rule`, then runs it once. */
export async function upsertReceptionSchedule(
  client: Client,
  taskQueue: string,
  stationId: string,
  rule: string,
): Promise<void> {
  const scheduleId = receptionScheduleId(stationId);
  const spec = scheduleSpecOf(rule);
  const action: ScheduleOptionsAction = {
    type: 'startWorkflow',
    workflowType: RECEPTION_SCHEDULE_WORKFLOW_TYPE,
    workflowId: receptionTickWorkflowId(stationId),
    taskQueue,
    args: [{ stationId, rule, policy: { ...DEFAULT_RECEPTION_POLICY } } satisfies ReceptionScheduleInput],
  };
  const handle = client.schedule.getHandle(scheduleId);
  try {
    await handle.update((previous) => ({ ...previous, spec, action }));
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    try {
      await client.schedule.create({
        scheduleId,
        spec,
        action,
        // A tick missed while the server was down still opens the days ahead when it comes back.
        policies: { catchupWindow: '7 days', overlap: 'SKIP' },
        memo: { stationId, rule },
      });
    } catch (createError) {
      // Created by a concurrent request: update it like the first branch.
      if (!(createError instanceof ScheduleAlreadyRunning)) throw createError;
      await handle.update((previous) => ({ ...previous, spec, action }));
    }
  }
  // BUFFER_ONE, not the schedule's SKIP: a tick still running (an earlier change's, or the cron's) would otherwise
  // swallow this one, and the days of the new rule would not open until the next cron tick.
  await handle.trigger('BUFFER_ONE');
}

/** Creates the schedule of every station with a rule whose schedule is missing; idempotent. Returns those created. */
export async function reconcileReceptionSchedules(
  client: Client,
  taskQueue: string,
  stations: readonly { id: string; rule: string }[],
): Promise<string[]> {
  const created: string[] = [];
  for (const station of stations) {
    if (!parseReceptionRule(station.rule)) continue;
    try {
      await client.schedule.getHandle(receptionScheduleId(station.id)).describe();
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
      await upsertReceptionSchedule(client, taskQueue, station.id, station.rule);
      created.push(station.id);
    }
  }
  return created;
}
