// Owns the SQL of the official calendar's exceptions (calendar_days). A write here fires the trigger that rebuilds
// the supervision figures' working-day table, and every WorkingCalendarCache (worker, inbox, queues) sees the change
// on its next read.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows, type JsonObject } from '@app/database';
import type { CalendarDayKind } from '@app/calendar';
import { recordAudit } from './admin-audit';
import type { CalendarDayView } from './calendar.dto';

const COLUMNS = `to_char(day, 'YYYY-MM-DD') AS day, kind, name`;

@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async year(year: number): Promise<CalendarDayView[]> {
    return queryRows<CalendarDayView>(
      this.db,
      `SELECT ${COLUMNS} FROM calendar_days WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1)
        ORDER BY day`,
      [year],
    );
  }

  /** The years in which at least one official holiday is entered (make-up working days alone do not count). */
  async yearsWithHolidays(): Promise<number[]> {
    const rows = await queryRows<{ year: number }>(
      this.db,
      `SELECT DISTINCT EXTRACT(YEAR FROM day)::int AS year FROM calendar_days WHERE kind = 'holiday' ORDER BY year`,
    );
    return rows.map((row) => row.year);
  }

  /** The China date of the latest deadline still running: an open issue's due date or a class B promised date. */
  async latestOpenDeadline(): Promise<string | null> {
    const [row] = await queryRows<{ latest: string | null }>(
      this.db,
      `SELECT to_char(max(GREATEST((i.due_at AT TIME ZONE 'UTC' + interval '8 hours')::date, i.promised_date)),
                      'YYYY-MM-DD') AS latest
         FROM issues i WHERE i.status <> 'closed'`,
    );
    return row?.latest ?? null;
  }

  async put(actorUserId: string, entry: CalendarDayView): Promise<{ created: boolean }> {
    return this.db.transaction(async (tx) => {
      const before = await daySnapshot(tx, entry.day);
      await tx.query(
        `INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3)
         ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name`,
        [entry.day, entry.kind, entry.name],
      );
      await recordAudit(tx, {
        actorUserId,
        action: before ? 'update' : 'create',
        entity: 'calendar_day',
        entityId: entry.day,
        before,
        after: await daySnapshot(tx, entry.day),
      });
      return { created: before === null };
    });
  }

  /** False when the day was no exception. */
  async delete(actorUserId: string, day: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const before = await daySnapshot(tx, day);
      if (!before) return false;
      await tx.query(`DELETE FROM calendar_days WHERE day = $1`, [day]);
      await recordAudit(tx, {
        actorUserId,
        action: 'delete',
        entity: 'calendar_day',
        entityId: day,
        before,
        after: null,
      });
      return true;
    });
  }
}

async function daySnapshot(tx: EntityManager, day: string): Promise<JsonObject | null> {
  const [row] = await queryRows<{ day: string; kind: CalendarDayKind; name: string }>(
    tx,
    `SELECT ${COLUMNS} FROM calendar_days WHERE day = $1 FOR UPDATE`,
    [day],
  );
  return row ? { ...row } : null;
}
