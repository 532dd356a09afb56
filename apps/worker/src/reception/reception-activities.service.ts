// Owns the reception-day workflow's side effects: opening the reception row on the official calendar, the reminder
// and record-reminder emails (through the outbox), and the read model (SQL in reception-activities.repository.ts). Every method is idempotent by (reception,
// step key): a retried activity writes no second row and sends no second email.
import { Inject, Injectable } from '@nestjs/common';
import { addWorkingDays, endOfChinaDay, subtractWorkingDays, workingDayOnOrAfter } from '@app/calendar';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  type HeldOnDatesInput,
  type OpenReceptionInput,
  type OpenedReception,
  type ReceptionActivities,
  type ReceptionNoticeInput,
  type RecordReceptionTransitionInput,
} from '@app/contracts';
import { MailOutbox } from '@app/mail';
import { ReceptionActivitiesRepository } from './reception-activities.repository';
import { receptionMail } from './reception-mail';

/** The reminder goes at the start of the working day, not at its end like a deadline. */
const REMINDER_HOUR_CHINA = '09:00:00+08:00';

@Injectable()
export class ReceptionActivitiesService implements ReceptionActivities {
  constructor(
    @Inject(ReceptionActivitiesRepository) private readonly repository: ReceptionActivitiesRepository,
    @Inject(MailOutbox) private readonly outbox: MailOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async heldOnDates({ nominalDates }: HeldOnDatesInput): Promise<Record<string, string>> {
    const calendar = await this.repository.workingCalendar();
    return Object.fromEntries(nominalDates.map((date) => [date, workingDayOnOrAfter(date, calendar)]));
  }

  async openReception(input: OpenReceptionInput): Promise<OpenedReception> {
    const calendar = await this.repository.workingCalendar();
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
    const { opened, row } = await this.repository.open({
      stationId: input.stationId,
      nominalDate,
      heldOn,
      workflowId: input.workflowId,
      times,
    });
    if (opened) return { receptionId: row.id, heldOn, moved: heldOn !== nominalDate, ...times, status: 'scheduled' };
    // Opened by an earlier attempt: answer with the row as it stands (its instants were computed then).
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
  }

  async sendReceptionNotice(input: ReceptionNoticeInput): Promise<void> {
    const reception = await this.repository.reception(input.receptionId);
    // The rota may have changed since the day opened: the reminder goes to who is on duty now.
    if (input.kind === 'reminder' && (reception.status === 'scheduled' || reception.status === 'reminded')) {
      await this.repository.refreshDuties(reception);
    }
    const duties = await this.repository.duties(reception.id);
    const recipients = new Set<string>();
    if (reception.liaison_email) recipients.add(reception.liaison_email);
    if (input.kind === 'reminder') duties.forEach((d) => d.email && recipients.add(d.email));
    if (input.kind === 'overdue')
      (await this.repository.supervisorEmails(reception.station_path)).forEach((e) => recipients.add(e));
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
    await this.repository.recordTransition(input);
  }
}
