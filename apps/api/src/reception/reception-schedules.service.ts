// Owns each station's Temporal Schedule (`reception-<stationId>`): created or updated when a plan is set, deleted when
// it is cleared, triggered once at each change (so the next reception day opens now, not at the rule's next date),
// and re-created at API start for stations with a rule whose schedule is missing.
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleOptionsAction,
  type ScheduleSpec,
} from '@temporalio/client';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  DEFAULT_RECEPTION_POLICY,
  RECEPTION_SCHEDULE_WORKFLOW_TYPE,
  WEEKDAYS,
  parseReceptionRule,
  receptionScheduleId,
  receptionTickWorkflowId,
  type ReceptionScheduleInput,
} from '@app/contracts';
import { TemporalClientService } from '@app/temporal';
import { ReceptionRepository } from './reception.repository';

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

@Injectable()
export class ReceptionSchedulesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReceptionSchedulesService.name);

  constructor(
    @Inject(TemporalClientService) private readonly temporal: TemporalClientService,
    @Inject(ReceptionRepository) private readonly repository: ReceptionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Not under test: each suite makes the schedules it needs, and its neighbours' workers should not see them.
    if (this.config.NODE_ENV === 'test') return;
    this.reconcile().catch((error: unknown) =>
      this.logger.warn(`Reception schedules not reconciled (next start will try again): ${String(error)}`),
    );
  }

  /** Creates the schedule of every station with a rule whose schedule is missing; idempotent. Returns those created. */
  async reconcile(): Promise<string[]> {
    const created: string[] = [];
    for (const station of await this.repository.stationsWithRules()) {
      if (!parseReceptionRule(station.rule)) continue;
      try {
        await this.temporal.client.schedule.getHandle(receptionScheduleId(station.id)).describe();
      } catch (error) {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
        await this.upsert(station.id, station.rule);
        created.push(station.id);
      }
    }
    if (created.length) this.logger.log(`Created ${created.length} missing reception schedule(s)`);
    return created;
  }

  /** Creates or updates the station's schedule for `rule`, then runs it once. */
  async upsert(stationId: string, rule: string): Promise<void> {
    const client = this.temporal.client;
    const scheduleId = receptionScheduleId(stationId);
    const spec = scheduleSpecOf(rule);
    const action: ScheduleOptionsAction = {
      type: 'startWorkflow',
      workflowType: RECEPTION_SCHEDULE_WORKFLOW_TYPE,
      workflowId: receptionTickWorkflowId(stationId),
      taskQueue: this.temporal.taskQueue,
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
    await handle.trigger();
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
