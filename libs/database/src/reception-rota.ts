// Reads a station's duty rota for its reception days into the pure form the contract's dutyDeputiesFor() takes.
// Shared by the worker (who is on duty when a day opens and when it is reminded) and the API (the plan's preview).
import type { RotaPlan } from '@app/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from './sql';

/** Used when a station has a rule but nobody has set its rota yet: everyone takes turns, two a day, from 2025. */
export const DEFAULT_ROTA = { deputiesPerDay: 2, startsOn: '2025-01-01' } as const;

/**
 * The station's rota. Deputies no longer assigned to the station drop out of the order and the overrides; without a
 * saved rota the station's deputies take turns in the order of their names.
 */
export async function loadRotaPlan(db: DataSource | EntityManager, stationId: string): Promise<RotaPlan> {
  const members = await queryRows<{ id: string }>(
    db,
    `SELECT d.id FROM station_deputies sd JOIN deputies d ON d.id = sd.deputy_id
     WHERE sd.station_id = $1 ORDER BY convert_to(d.name, 'UTF8'), d.id`,
    [stationId],
  );
  const current = new Set(members.map((m) => m.id));
  const [plan] = await queryRows<{
    deputies_per_day: number;
    rota_starts_on: string;
    rota_deputy_ids: string[];
    duty_overrides: Record<string, string[]>;
  }>(
    db,
    `SELECT deputies_per_day, to_char(rota_starts_on, 'YYYY-MM-DD') AS rota_starts_on, rota_deputy_ids, duty_overrides
     FROM reception_plans WHERE station_id = $1`,
    [stationId],
  );
  if (!plan) {
    return {
      order: [...current],
      deputiesPerDay: DEFAULT_ROTA.deputiesPerDay,
      startsOn: DEFAULT_ROTA.startsOn,
      overrides: {},
    };
  }
  const overrides: Record<string, string[]> = {};
  for (const [date, ids] of Object.entries(plan.duty_overrides ?? {})) {
    const kept = (Array.isArray(ids) ? ids : []).filter((id) => current.has(id));
    if (kept.length > 0) overrides[date] = kept;
  }
  return {
    order: plan.rota_deputy_ids.filter((id) => current.has(id)),
    deputiesPerDay: plan.deputies_per_day,
    startsOn: plan.rota_starts_on,
    overrides,
  };
}
