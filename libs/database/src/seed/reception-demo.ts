// Demo reception days: each demo station with a rule gets a duty rota (its deputies taking turns, two a day; one a
// day at a village work station), and the deputies' homes of 荣家湾镇 and 新墙镇 get their last three reception days
// recorded — two held, the latest not held — so the registers and performance files have something to show.
// Idempotent: an existing rota (perhaps set through the API) or reception day is left as it is.
import { addWorkingDays, isWorkingDay, subtractWorkingDays, endOfChinaDay, chinaDay } from '@app/calendar';
import {
  DEFAULT_RECEPTION_POLICY,
  addCalendarDays,
  dutyDeputiesFor,
  nominalDatesBetween,
  parseReceptionRule,
  receptionDayWorkflowId,
} from '@app/contracts';
import type { EntityManager } from 'typeorm';
import { loadWorkingCalendar } from '../calendar-days.repository';
import { loadRotaPlan } from '../reception-rota';
import { queryRows } from '../sql';

const RECORDED_STATIONS: Record<string, { voters: number[]; notes: string[]; notHeld: string }> = {
  rongjiawan: {
    voters: [14, 9],
    notes: ['集中接待选民，现场解答养老保险、低保政策咨询', '接待选民，收集道路、饮水意见'],
    notHeld: '镇人代会筹备，接待日顺延至下月',
  },
  xinqiang: {
    voters: [7, 11],
    notes: ['接待选民，解答农机补贴政策', '接待选民，收集农田水利意见'],
    notHeld: '防汛值守，接待活动暂停一次',
  },
};

export async function seedReceptionDemo(manager: EntityManager, now: Date = new Date()): Promise<void> {
  const stations = await queryRows<{ id: string; code: string; level: string; rule: string; liaison: string | null }>(
    manager,
    `SELECT id, code, level, reception_rule AS rule, liaison_officer_user_id AS liaison
     FROM stations WHERE reception_rule IS NOT NULL ORDER BY code`,
  );
  for (const station of stations) {
    await manager.query(
      `INSERT INTO reception_plans (station_id, deputies_per_day, rota_starts_on, rota_deputy_ids)
       SELECT $1, $2, '2026-01-01', array_agg(d.id ORDER BY convert_to(d.name, 'UTF8'), d.id)
       FROM station_deputies sd JOIN deputies d ON d.id = sd.deputy_id WHERE sd.station_id = $1
       ON CONFLICT (station_id) DO NOTHING`,
      [station.id, station.level === 'village' ? 1 : 2],
    );
  }

  const calendar = await loadWorkingCalendar(manager);
  const today = chinaDay(now);
  const policy = DEFAULT_RECEPTION_POLICY;
  for (const station of stations) {
    const demo = RECORDED_STATIONS[station.code];
    const rule = parseReceptionRule(station.rule);
    if (!demo || !rule) continue;
    const rota = await loadRotaPlan(manager, station.id);
    // The last three reception days whose record would be due by now.
    const past = nominalDatesBetween(rule, addCalendarDays(today, -120), addCalendarDays(today, -10)).slice(-3);
    for (const [index, nominalDate] of past.entries()) {
      const heldOn = isWorkingDay(nominalDate, calendar) ? nominalDate : addWorkingDays(nominalDate, 1, calendar);
      const remindAt = new Date(
        `${subtractWorkingDays(heldOn, policy.reminderWorkingDaysBefore, calendar)}T09:00:00+08:00`,
      );
      const recordedAt = new Date(`${addWorkingDays(heldOn, 1, calendar)}T10:30:00+08:00`);
      const held = index < 2;
      const [row] = await queryRows<{ id: string }>(
        manager,
        `INSERT INTO receptions (station_id, nominal_date, held_on, status, workflow_id, remind_at, record_due_at,
                                 overdue_at, reminded_at, voters_received, notes, not_held_reason, recorded_by_user_id,
                                 recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $6, $9, $10, $11, $12, $13)
         ON CONFLICT (station_id, nominal_date) DO NOTHING RETURNING id`,
        [
          station.id,
          nominalDate,
          heldOn,
          held ? 'held' : 'not_held',
          receptionDayWorkflowId(station.id, nominalDate),
          remindAt,
          endOfChinaDay(addWorkingDays(heldOn, policy.recordWorkingDaysAfter, calendar)),
          endOfChinaDay(addWorkingDays(heldOn, policy.overdueWorkingDaysAfter, calendar)),
          held ? demo.voters[index] : null,
          held ? demo.notes[index] : null,
          held ? null : demo.notHeld,
          station.liaison,
          recordedAt,
        ],
      );
      if (!row) continue; // seeded before
      const duty = dutyDeputiesFor(rota, nominalDate);
      // The second deputy on duty missed the first day: the performance files show an absence too.
      for (const [position, deputyId] of duty.entries()) {
        await manager.query(`INSERT INTO reception_duties (reception_id, deputy_id, present) VALUES ($1, $2, $3)`, [
          row.id,
          deputyId,
          held ? !(index === 0 && position === 1) : null,
        ]);
      }
      const events: [string, string, Date, string | null, Record<string, unknown>][] = [
        ['scheduled', 'scheduled', new Date(remindAt.getTime() - 20 * 86_400_000), null, { nominalDate, heldOn }],
        ['reminder', 'reminded', remindAt, null, { heldOn }],
        [
          `update:demo-${nominalDate}`,
          held ? 'recorded' : 'not_held',
          recordedAt,
          station.liaison,
          held ? { votersReceived: demo.voters[index], notes: demo.notes[index] } : { reason: demo.notHeld },
        ],
      ];
      for (const [stepKey, type, at, actor, data] of events) {
        await manager.query(
          `INSERT INTO reception_events (reception_id, step_key, type, actor_user_id, actor_label, data, occurred_at)
           VALUES ($1, $2, $3, $4, COALESCE((SELECT display_name FROM users WHERE id = $4), 'system'), $5, $6)`,
          [row.id, stepKey, type, actor, data, at],
        );
      }
    }
  }
}
