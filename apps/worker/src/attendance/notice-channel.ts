// Owns the channel of the short notices a deputy gets on the phone (the text-message reminder the day before): an
// interface a real SMS gateway implements, and the email implementation the worker wires in until there is one.
import { Inject, Injectable } from '@nestjs/common';
import { MailOutbox } from '@app/mail';

export interface NoticeRecipient {
  name: string;
  /** Mobile number, for an SMS gateway. */
  phone: string | null;
  email: string | null;
}

export interface ShortNotice {
  /** Sends at most once per key, however often the activity is retried. */
  dedupeKey: string;
  recipient: NoticeRecipient;
  /** A text message: plain, short, self-contained. */
  text: string;
}

/** What was sent, for the record: the channel's name and the addresses reached (none when the deputy has none). */
export interface ShortNoticeOutcome {
  channel: string;
  recipients: string[];
}

/**
 * A channel for text-message style notices. Abstract class rather than interface so that it is its own DI token:
 * `{ provide: NoticeChannel, useClass: SmsGatewayChannel }` swaps the implementation without touching the activities.
 */
export abstract class NoticeChannel {
  abstract send(notice: ShortNotice): Promise<ShortNoticeOutcome>;
}

/** Delivers the text as an email: recorded in the outbox (once per dedupe key), sent by the worker's deliverer. */
@Injectable()
export class EmailNoticeChannel extends NoticeChannel {
  constructor(@Inject(MailOutbox) private readonly outbox: MailOutbox) {
    super();
  }

  async send(notice: ShortNotice): Promise<ShortNoticeOutcome> {
    const email = notice.recipient.email;
    if (!email) return { channel: 'email', recipients: [] };
    await this.outbox.enqueue({
      dedupeKey: notice.dedupeKey,
      issueId: null,
      to: [email],
      subject: `【联络】短信提醒 / Text reminder`,
      text: `${notice.text}\n`,
    });
    return { channel: 'email', recipients: [email] };
  }
}
