// Owns the reception-day workflow's side effects: opening the reception row on the official calendar, the reminder
// and record-reminder emails (through the outbox), and the read model. Every method is idempotent by (reception,
// step key): a retried activity writes no second row and sends no second email.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { addWorkingDays, endOfChinaDay, subtractWorkingDays, workingDayOnOrAfter } from '@app/calendar';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  dutyDeputiesFor,
  type HeldOnDatesInput,
  type OpenReceptionInput,
  type OpenedReception,
  type ReceptionActivities,
  type ReceptionNoticeInput,
  type ReceptionStatus,
  type RecordReceptionTransitionInput,
} from '@app/contracts';
import { appendStepEvent, loadRotaPlan, loadWorkingCalendar, queryRows, retryingTransaction } from '@app/database';
import { MailOutbox } from '@app/mail';
import { receptionMail } from './reception-mail';

/** The reminder goes at the start of the working day, not at its end like a deadline. */
const REMINDER_HOUR_CHINA = '09:00:00+08:00';

interface ReceptionFacts {
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

@Injectable()
export class ReceptionActivitiesService implements ReceptionActivities {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MailOutbox) private readonly outbox: MailOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async heldOnDates({ nominalDates }: HeldOnDatesInput): Promise<Record<string, string>> {
    const calendar = await loadWorkingCalendar(this.db);
    return Object.fromEntries(nominalDates.map((date) => [date, workingDayOnOrAfter(date, calendar)]));
  }

  async openReception(input: OpenReceptionInput): Promise<OpenedReception> {
    const calendar = await loadWorkingCalendar(this.db);
    const { policy, nominalDate } = input;
    // Officials hold a reception day that falls on a weekend or public holiday on the next working day.
    const heldOn = workingDayOnOrAfter(nominalDate, calendar);
    const remindDay = subtractWorkingDays(heldOn, policy.reminderWorkingDaysBefore, calendar);
    const times = {
      remindAt: new Date(`${remindDay}T${REMINDER_HOUR_CHINA}`).toISOString(),
      dayEndsAt: endOfChinaDay(heldOn).toISOString(),
      recordDueAt: endOfChinaDay(addWorkingDays(heldOn, policy.recordWorkingDaysAfter, calendar)).toISOString(),
      overdueAt: endOfChinaDay(addWorkingDays(heldOn, policy.overdueWorkingDaysAfter, calendar)).toISOString(),
    };
    return retryingTransaction(this.db, 'openReception', async (tx) => {
      const [inserted] = await queryRows<{ id: string }>(
        tx,
        `INSERT INTO receptions (station_id, nominal_date, held_on, status, workflow_id, remind_at, record_due_at, overdue_at)
         VALUES ($1, $2, $3, 'scheduled', $4, $5, $6, $7)
         ON CONFLICT (station_id, nominal_date) DO NOTHING RETURNING id`,
        [input.stationId, nominalDate, heldOn, input.workflowId, times.remindAt, times.recordDueAt, times.overdueAt],
      );
      if (inserted) {
        await this.assignDuties(tx, inserted.id, input.stationId, nominalDate);
        await tx.query(
          `INSERT INTO reception_events (reception_id, step_key, type, actor_label, data)
           VALUES ($1, 'scheduled', 'scheduled', 'system', $2)`,
          [inserted.id, { nominalDate, heldOn, moved: heldOn !== nominalDate, ...times }],
        );
        return { receptionId: inserted.id, heldOn, moved: heldOn !== nominalDate, ...times, status: 'scheduled' };
      }
      // Opened by an earlier attempt: answer with the row as it stands (its instants were computed then).
      const [row] = await queryRows<{
        id: string;
        held_on: string;
        status: ReceptionStatus;
        remind_at: Date;
        record_due_at: Date;
        overdue_at: Date;
      }>(
        tx,
        `SELECT id, to_char(held_on, 'YYYY-MM-DD') AS held_on, status, remind_at, record_due_at, overdue_at
         FROM receptions WHERE station_id = $1 AND nominal_date = $2`,
        [input.stationId, nominalDate],
      );
      return {
        receptionId: row.id,
        heldOn: row.held_on,
        moved: row.held_on !== nominalDate,
        remindAt: row.remind_at.toISOString(),
        dayEndsAt: endOfChinaDay(row.held_on).toISOString(),
        recordDueAt: row.record_due_at.toISOString(),
        overdueAt: row.overdue_at.toISOString(),
        status: row.status,
      };
    });
  }

  async sendReceptionNotice(input: ReceptionNoticeInput): Promise<void> {
    const reception = await this.reception(input.receptionId);
    // The rota may have changed since the day opened: the reminder goes to who is on duty now.
    if (input.kind === 'reminder' && (reception.status === 'scheduled' || reception.status === 'reminded')) {
      await retryingTransaction(this.db, 'sendReceptionNotice', (tx) =>
        this.assignDuties(tx, reception.id, reception.station_id, reception.nominal_date, true),
      );
    }
    const duties = await queryRows<{ name: string; email: string | null }>(
      this.db,
      `SELECT d.name, u.email FROM reception_duties rd JOIN deputies d ON d.id = rd.deputy_id
       LEFT JOIN users u ON u.id = d.user_id AND u.active
       WHERE rd.reception_id = $1 ORDER BY convert_to(d.name, 'UTF8')`,
      [reception.id],
    );
    const recipients = new Set<string>();
    if (reception.liaison_email) recipients.add(reception.liaison_email);
    if (input.kind === 'reminder') duties.forEach((d) => d.email && recipients.add(d.email));
    if (input.kind === 'overdue')
      (await this.supervisorEmails(reception.station_path)).forEach((e) => recipients.add(e));
    const mail = receptionMail(input.kind, {
      stationName: reception.station_name,
      heldOn: reception.held_on,
      nominalDate: reception.nominal_date,
      dutyNames: duties.map((d) => d.name),
      recordDueAt: reception.record_due_at.toISOString(),
      url: new URL(`/reception/days/${reception.id}`, this.config.PUBLIC_URL).toString(),
    });
    await this.outbox.enqueue(
      [...recipients].sort().map((address) => ({
        dedupeKey: `reception:${reception.id}:${input.stepKey}:${input.kind}:${address}`,
        issueId: null,
        to: [address],
        ...mail,
      })),
    );
  }

  async recordReceptionTransition(input: RecordReceptionTransitionInput): Promise<void> {
    await retryingTransaction(this.db, 'recordReceptionTransition', async (tx) => {
      if (!(await appendStepEvent(tx, 'reception_events', input.receptionId, input, 'system'))) return; // recorded by an earlier attempt
      await tx.query(`UPDATE receptions SET status = $2, updated_at = now() WHERE id = $1`, [
        input.receptionId,
        input.status,
      ]);
      await this.applySideRows(tx, input);
    });
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

  private async reception(id: string): Promise<ReceptionFacts> {
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
  private async supervisorEmails(stationPath: string): Promise<string[]> {
    const rows = await queryRows<{ email: string }>(
      this.db,
      `SELECT DISTINCT u.email FROM user_roles ur JOIN regions r ON r.id = ur.region_id
       JOIN users u ON u.id = ur.user_id AND u.active AND u.email IS NOT NULL
       WHERE ur.role = 'supervisor' AND ($1 = r.path OR $1 LIKE r.path || '/%')`,
      [stationPath],
    );
    return rows.map((r) => r.email);
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
