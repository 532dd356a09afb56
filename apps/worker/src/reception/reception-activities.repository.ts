// Owns the SQL of the reception-day activities: opening a reception row with its duties and first event, the
// facts a notice needs, and each recorded transition (the event, the status and the rows it implies) in one
// transaction. The activities service decides; this file alone talks to PostgreSQL.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { WorkingCalendar } from '@app/calendar';
import { dutyDeputiesFor, type ReceptionStatus, type RecordReceptionTransitionInput } from '@app/contracts';
import { appendStepEvent, loadRotaPlan, loadWorkingCalendar, queryRows, retryingTransaction } from '@app/database';

export interface ReceptionFacts {
  id: string;
  station_id: string;
  station_name: string;
  station_path: string;
  nominal_date: string;
  held_on: string;
  status: ReceptionStatus;
  record_due_at: Date;
  liaison_email: string | null;
}

export interface ReceptionTimes {
  remindAt: string;
  dayEndsAt: string;
  recordDueAt: string;
  overdueAt: string;
}

/** A reception row as opened (now or by an earlier attempt). */
export interface OpenedRow {
  id: string;
  held_on: string;
  status: ReceptionStatus;
  remind_at: Date;
  record_due_at: Date;
  overdue_at: Date;
}

@Injectable()
export class ReceptionActivitiesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  workingCalendar(): Promise<WorkingCalendar> {
    return loadWorkingCalendar(this.db);
  }

  /**
   * Opens the reception of a station's nominal date, with its duties from the rota and its 'scheduled' event, in one
   * transaction; a reception opened by an earlier attempt is answered as it stands (its instants were computed then).
   */
  open(input: {
    stationId: string;
    nominalDate: string;
    heldOn: string;
    workflowId: string;
    times: ReceptionTimes;
  }): Promise<{ opened: boolean; row: OpenedRow }> {
    const { stationId, nominalDate, heldOn, times } = input;
    return retryingTransaction(this.db, 'openReception', async (tx) => {
      const [inserted] = await queryRows<{ id: string }>(
        tx,
        `INSERT INTO receptions (station_id, nominal_date, held_on, status, workflow_id, remind_at, record_due_at, overdue_at)
         VALUES ($1, $2, $3, 'scheduled', $4, $5, $6, $7)
         ON CONFLICT (station_id, nominal_date) DO NOTHING RETURNING id`,
        [stationId, nominalDate, heldOn, input.workflowId, times.remindAt, times.recordDueAt, times.overdueAt],
      );
      if (inserted) {
        await this.assignDuties(tx, inserted.id, stationId, nominalDate);
        await tx.query(
          `INSERT INTO reception_events (reception_id, step_key, type, actor_label, data)
           VALUES ($1, 'scheduled', 'scheduled', 'system', $2)`,
          [inserted.id, { nominalDate, heldOn, moved: heldOn !== nominalDate, ...times }],
        );
        const row: OpenedRow = {
          id: inserted.id,
          held_on: heldOn,
          status: 'scheduled',
          remind_at: new Date(times.remindAt),
          record_due_at: new Date(times.recordDueAt),
          overdue_at: new Date(times.overdueAt),
        };
        return { opened: true, row };
      }
      const [row] = await queryRows<OpenedRow>(
        tx,
        `SELECT id, to_char(held_on, 'YYYY-MM-DD') AS held_on, status, remind_at, record_due_at, overdue_at
         FROM receptions WHERE station_id = $1 AND nominal_date = $2`,
        [stationId, nominalDate],
      );
      return { opened: false, row };
    });
  }

  /** Puts on duty who the station's rota names now, dropping whoever it no longer names. */
  refreshDuties(reception: Pick<ReceptionFacts, 'id' | 'station_id' | 'nominal_date'>): Promise<void> {
    return retryingTransaction(this.db, 'sendReceptionNotice', (tx) =>
      this.assignDuties(tx, reception.id, reception.station_id, reception.nominal_date, true),
    );
  }

  /** Who is on duty, by name, with the address of those who have an active account. */
  duties(receptionId: string): Promise<{ name: string; email: string | null }[]> {
    return queryRows<{ name: string; email: string | null }>(
      this.db,
      `SELECT d.name, u.email FROM reception_duties rd JOIN deputies d ON d.id = rd.deputy_id
       LEFT JOIN users u ON u.id = d.user_id AND u.active
       WHERE rd.reception_id = $1 ORDER BY convert_to(d.name, 'UTF8')`,
      [receptionId],
    );
  }

  /** The event, the status and the rows the transition implies, in one transaction; a retry writes nothing. */
  async recordTransition(input: RecordReceptionTransitionInput): Promise<void> {
    await retryingTransaction(this.db, 'recordReceptionTransition', async (tx) => {
      if (!(await appendStepEvent(tx, 'reception_events', input.receptionId, input, 'system'))) return; // recorded by an earlier attempt
      await tx.query(`UPDATE receptions SET status = $2, updated_at = now() WHERE id = $1`, [
        input.receptionId,
        input.status,
      ]);
      await this.applySideRows(tx, input);
    });
  }

  async reception(id: string): Promise<ReceptionFacts> {
    const [row] = await queryRows<ReceptionFacts>(
      this.db,
      `SELECT r.id, r.station_id, s.name AS station_name, g.path AS station_path,
              to_char(r.nominal_date, 'YYYY-MM-DD') AS nominal_date, to_char(r.held_on, 'YYYY-MM-DD') AS held_on,
              r.status, r.record_due_at, u.email AS liaison_email
       FROM receptions r JOIN stations s ON s.id = r.station_id JOIN regions g ON g.id = s.region_id
       LEFT JOIN users u ON u.id = s.liaison_officer_user_id AND u.active
       WHERE r.id = $1`,
      [id],
    );
    if (!row) throw new Error(`Reception ${id} is not in the database`);
    return row;
  }

  /** Supervisors whose scope covers the station's place. */
  async supervisorEmails(stationPath: string): Promise<string[]> {
    const rows = await queryRows<{ email: string }>(
      this.db,
      `SELECT DISTINCT u.email FROM user_roles ur JOIN regions r ON r.id = ur.region_id
       JOIN users u ON u.id = ur.user_id AND u.active AND u.email IS NOT NULL
       WHERE ur.role = 'supervisor' AND ($1 = r.path OR $1 LIKE r.path || '/%')`,
      [stationPath],
    );
    return rows.map((r) => r.email);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private async applySideRows(tx: EntityManager, input: RecordReceptionTransitionInput): Promise<void> {
    const data = input.data;
    const actorId = input.actor?.userId ?? null;
    switch (input.type) {
      case 'reminded':
        await tx.query(`UPDATE receptions SET reminded_at = $2 WHERE id = $1`, [input.receptionId, input.at]);
        return;
      case 'recorded': {
        const present = stringList(data.presentDeputyIds);
        await tx.query(
          `UPDATE receptions SET voters_received = $2, notes = $3, recorded_by_user_id = $4, recorded_at = $5
           WHERE id = $1`,
          [
            input.receptionId,
            data.votersReceived,
            typeof data.notes === 'string' ? data.notes : null,
            actorId,
            input.at,
          ],
        );
        // Attendance: those on duty present or absent, and a stand-in who came without being on the rota.
        await tx.query(`UPDATE reception_duties SET present = (deputy_id = ANY($2::uuid[])) WHERE reception_id = $1`, [
          input.receptionId,
          present,
        ]);
        await tx.query(
          `INSERT INTO reception_duties (reception_id, deputy_id, present)
           SELECT $1, unnest($2::uuid[]), true ON CONFLICT (reception_id, deputy_id) DO NOTHING`,
          [input.receptionId, present],
        );
        const issueIds = stringList(data.issueIds);
        await tx.query(
          `INSERT INTO reception_issues (reception_id, issue_id, position)
           SELECT $1, id, position FROM unnest($2::uuid[]) WITH ORDINALITY AS raised(id, position)
           ON CONFLICT DO NOTHING`,
          [input.receptionId, issueIds],
        );
        return;
      }
      case 'not_held':
        await tx.query(
          `UPDATE receptions SET not_held_reason = $2, recorded_by_user_id = $3, recorded_at = $4 WHERE id = $1`,
          [input.receptionId, data.reason, actorId, input.at],
        );
        return;
      case 'scheduled':
      case 'day_passed':
      case 'record_reminder':
      case 'overdue':
      case 'cancelled':
        return; // the event and the status say it all
    }
  }

  /** Writes who is on duty from the station's rota; `replace` drops an earlier assignment first. */
  private async assignDuties(
    tx: EntityManager,
    receptionId: string,
    stationId: string,
    nominalDate: string,
    replace = false,
  ): Promise<void> {
    const deputies = dutyDeputiesFor(await loadRotaPlan(tx, stationId), nominalDate);
    if (replace) {
      await tx.query(`DELETE FROM reception_duties WHERE reception_id = $1 AND NOT (deputy_id = ANY($2::uuid[]))`, [
        receptionId,
        deputies,
      ]);
    }
    await tx.query(
      `INSERT INTO reception_duties (reception_id, deputy_id)
       SELECT $1, unnest($2::uuid[]) ON CONFLICT (reception_id, deputy_id) DO NOTHING`,
      [receptionId, deputies],
    );
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
