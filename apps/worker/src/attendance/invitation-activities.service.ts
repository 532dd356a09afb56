// Owns the invitation workflow's side effects: the notices to the deputy (the advance notice and the decisions by
// email through the outbox, the reminder through the NoticeChannel) and the read model (the invitation row and its
// append-only events). Every method is idempotent by (invitation, step key): a retry sends and writes nothing twice.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type {
  InvitationActivities,
  InvitationKind,
  InvitationRowPatch,
  NoticeOutcome,
  RecordInvitationTransitionInput,
  SendInvitationNoticeInput,
} from '@app/contracts';
import { appendStepEvent, queryRows, retryingTransaction } from '@app/database';
import { MailOutbox } from '@app/mail';
import { invitationNotice, type InvitationSummary } from './invitation-mail';
import { NoticeChannel, type NoticeRecipient } from './notice-channel';

/** The invitation row's columns by the patch's keys: the only columns a transition may write. */
const PATCH_COLUMNS: Readonly<Record<keyof InvitationRowPatch, string>> = {
  phoneStatus: 'phone_status',
  phoneDueAt: 'phone_due_at',
  phoneNote: 'phone_note',
  phoneCalledAt: 'phone_called_at',
  noticeSentAt: 'notice_sent_at',
  reminderSentAt: 'reminder_sent_at',
  reply: 'reply',
  leaveReason: 'leave_reason',
  repliedAt: 'replied_at',
  leaveDecision: 'leave_decision',
  leaveDecidedAt: 'leave_decided_at',
  closedAt: 'closed_at',
};

/** Where a deputy answers their invitations in the web app. */
export const MY_INVITATIONS_PATH = '/attendance/my';

@Injectable()
export class InvitationActivitiesService implements Omit<InvitationActivities, 'computeDeadlines'> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MailOutbox) private readonly outbox: MailOutbox,
    @Inject(NoticeChannel) private readonly channel: NoticeChannel,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sendInvitationNotice(input: SendInvitationNoticeInput): Promise<NoticeOutcome> {
    const { summary, recipient } = await this.load(input.invitationId);
    const notice = invitationNotice(summary, input.kind, input.data);
    const dedupeKey = `invitation:${input.invitationId}:${input.stepKey}:${input.kind}`;
    if (input.kind === 'reminder') {
      return this.channel.send({ dedupeKey, recipient, text: notice.text });
    }
    if (!recipient.email) return { channel: 'email', recipients: [] };
    await this.outbox.enqueue({ dedupeKey, issueId: null, to: [recipient.email], ...notice });
    return { channel: 'email', recipients: [recipient.email] };
  }

  async recordInvitationTransition(input: RecordInvitationTransitionInput): Promise<void> {
    await retryingTransaction(this.db, 'recordInvitationTransition', async (tx) => {
      if (!(await appendStepEvent(tx, 'invitation_events', input.invitationId, input))) return; // recorded by an earlier attempt
      const values: unknown[] = [input.invitationId, input.status];
      const sets = ['status = $2', 'updated_at = now()'];
      for (const [key, value] of Object.entries(input.patch) as [keyof InvitationRowPatch, unknown][]) {
        const column = PATCH_COLUMNS[key];
        if (!column || value === undefined) continue;
        values.push(value);
        sets.push(`${column} = $${values.length}`);
      }
      await tx.query(`UPDATE meeting_invitations SET ${sets.join(', ')} WHERE id = $1`, values);
    });
  }

  private async load(invitationId: string): Promise<{ summary: InvitationSummary; recipient: NoticeRecipient }> {
    const [row] = await queryRows<{
      kind: InvitationKind;
      meeting_id: string;
      title: string;
      meeting_date: string;
      location: string | null;
      materials: string | null;
      item_title: string | null;
      deputy_name: string;
      phone: string;
      email: string | null;
    }>(
      this.db,
      `SELECT i.kind, m.id AS meeting_id, m.title, to_char(m.meeting_date, 'YYYY-MM-DD') AS meeting_date, m.location,
              m.materials, a.title AS item_title, d.name AS deputy_name, d.phone, u.email
       FROM meeting_invitations i
       JOIN meetings m ON m.id = i.meeting_id
       JOIN deputies d ON d.id = i.deputy_id
       LEFT JOIN users u ON u.id = d.user_id AND u.active
       LEFT JOIN meeting_agenda_items a ON a.id = i.agenda_item_id
       WHERE i.id = $1`,
      [invitationId],
    );
    if (!row) throw new Error(`Invitation ${invitationId} is not in the database`);
    const agenda = await queryRows<{ position: number; title: string; committee: string }>(
      this.db,
      `SELECT position, title, committee FROM meeting_agenda_items WHERE meeting_id = $1 ORDER BY position`,
      [row.meeting_id],
    );
    return {
      summary: {
        invitationId,
        deputyName: row.deputy_name,
        kind: row.kind,
        meetingTitle: row.title,
        meetingDate: row.meeting_date,
        location: row.location,
        materials: row.materials,
        agenda,
        itemTitle: row.item_title,
        url: new URL(MY_INVITATIONS_PATH, this.config.PUBLIC_URL).toString(),
      },
      recipient: { name: row.deputy_name, phone: row.phone, email: row.email },
    };
  }
}
