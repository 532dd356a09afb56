// Owns the one email the API itself sends for attendance: asking a deputy to sign off the transcript of their speech.
// It goes through the same outbox table as the worker's mail (sent once per dedupe key), so a retried request never
// mails twice; the workflow's notices stay the worker's.
//
// The row is claimed for a while (claimed_until) rather than locked in a transaction held open while the SMTP server
// answers: a slow or hanging mail server must not pin one of the API's pooled connections per request.
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

/** Longer than an SMTP exchange may take; a claim left by a process that died mid-send lapses after it. */
const CLAIM_SECONDS = 120;

@Injectable()
export class AttendanceMailer {
  private readonly logger = new Logger(AttendanceMailer.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MailService) private readonly mail: MailService,
  ) {}

  /** Sends unless sent before under this key. A failure is logged and left pending: the speech is recorded anyway. */
  async send(mail: AttendanceMail): Promise<void> {
    let claimedId: string | undefined;
    try {
      await this.db.query(
        `INSERT INTO mail_outbox (dedupe_key, issue_id, recipients, subject, text_body)
         VALUES ($1, NULL, $2, $3, $4) ON CONFLICT (dedupe_key) DO NOTHING`,
        [mail.dedupeKey, [mail.to], mail.subject, mail.text],
      );
      // Sent already, or another request is sending it right now: nothing to do.
      const [claimed] = await queryRows<{ id: string }>(
        this.db,
        `UPDATE mail_outbox SET claimed_until = now() + make_interval(secs => $2)
          WHERE dedupe_key = $1 AND status <> 'sent' AND (claimed_until IS NULL OR claimed_until < now())
          RETURNING id`,
        [mail.dedupeKey, CLAIM_SECONDS],
      );
      if (!claimed) return;
      claimedId = claimed.id;
      const messageId = `<${createHash('sha256').update(mail.dedupeKey).digest('hex').slice(0, 32)}@lianluo>`;
      await this.mail.send({ to: [mail.to], subject: mail.subject, text: mail.text, messageId });
      await this.db.query(
        `UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, message_id = $2, sent_at = now(),
                claimed_until = NULL, last_error = NULL
          WHERE id = $1`,
        [claimed.id, messageId],
      );
    } catch (error) {
      this.logger.warn(`Mail ${mail.dedupeKey} not sent: ${String(error)}`);
      if (claimedId) {
        await this.db
          .query(
            `UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, claimed_until = NULL
              WHERE id = $1 AND status <> 'sent'`,
            [claimedId, String(error).slice(0, 2000)],
          )
          .catch(() => undefined); // the claim lapses by itself
      }
    }
  }
}
