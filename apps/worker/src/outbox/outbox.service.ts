// Owns sending mail exactly once per dedupe key: the outbox row is written first, the message sent while the
// row is locked, and a retry that finds the row sent does nothing. Only a crash in the instant between the SMTP
// server's "250 OK" and the commit can send a message twice.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { queryRows, retryingTransaction } from '@app/database';
import { MailService } from '@app/mail';

export interface OutboxMail {
  dedupeKey: string;
  issueId: string | null;
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MailService) private readonly mail: MailService,
  ) {}

  /** Sends the mail unless a mail with this dedupe key was sent already. Throws (for a retry) if SMTP fails. */
  async send(mail: OutboxMail): Promise<'sent' | 'already_sent'> {
    const outcome = await retryingTransaction(this.db, 'outbox.send', async (tx) => {
      await tx.query(
        `INSERT INTO mail_outbox (dedupe_key, issue_id, recipients, subject, text_body, html_body)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING`,
        [mail.dedupeKey, mail.issueId, mail.to, mail.subject, mail.text, mail.html ?? null],
      );
      const [row] = await queryRows<{ id: string; status: string }>(
        tx,
        `SELECT id, status FROM mail_outbox WHERE dedupe_key = $1 FOR UPDATE`,
        [mail.dedupeKey],
      );
      if (row.status === 'sent') return { status: 'already_sent' as const };
      const messageId = `<${createHash('sha256').update(mail.dedupeKey).digest('hex').slice(0, 32)}@lianluo>`;
      try {
        await this.mail.send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId });
      } catch (error) {
        // Commit the attempt, then throw after the transaction so Temporal retries the activity.
        await tx.query(`UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
          row.id,
          String(error).slice(0, 2000),
        ]);
        return { status: 'failed' as const, error };
      }
      await tx.query(
        `UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, message_id = $2, sent_at = now(), last_error = NULL
         WHERE id = $1`,
        [row.id, messageId],
      );
      return { status: 'sent' as const };
    });
    if (outcome.status === 'failed') {
      this.logger.warn(`Mail ${mail.dedupeKey} not accepted: ${String(outcome.error)}`);
      throw outcome.error;
    }
    return outcome.status;
  }
}
