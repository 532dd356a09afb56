// Owns the one email the API itself sends for attendance: asking a deputy to sign off the transcript of their speech.
// It goes through the same outbox table as the worker's mail (sent once per dedupe key), so a retried request never
// mails twice; the workflow's notices stay the worker's.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/database';
import { MailService } from '@app/mail';

export interface AttendanceMail {
  dedupeKey: string;
  to: string;
  subject: string;
  text: string;
}

@Injectable()
export class AttendanceMailer {
  private readonly logger = new Logger(AttendanceMailer.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MailService) private readonly mail: MailService,
  ) {}

  /** Sends unless sent before under this key. A failure is logged and left pending: the speech is recorded anyway. */
  async send(mail: AttendanceMail): Promise<void> {
    try {
      await this.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO mail_outbox (dedupe_key, issue_id, recipients, subject, text_body)
           VALUES ($1, NULL, $2, $3, $4) ON CONFLICT (dedupe_key) DO NOTHING`,
          [mail.dedupeKey, [mail.to], mail.subject, mail.text],
        );
        const [row] = await queryRows<{ id: string; status: string }>(
          tx,
          `SELECT id, status FROM mail_outbox WHERE dedupe_key = $1 FOR UPDATE`,
          [mail.dedupeKey],
        );
        if (row.status === 'sent') return;
        const messageId = `<${createHash('sha256').update(mail.dedupeKey).digest('hex').slice(0, 32)}@lianluo>`;
        await this.mail.send({ to: [mail.to], subject: mail.subject, text: mail.text, messageId });
        await tx.query(
          `UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, message_id = $2, sent_at = now() WHERE id = $1`,
          [row.id, messageId],
        );
      });
    } catch (error) {
      this.logger.warn(`Mail ${mail.dedupeKey} not sent: ${String(error)}`);
    }
  }
}
