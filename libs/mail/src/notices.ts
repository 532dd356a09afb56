// Owns how a notice reaches the people it is for: one `Notice` (what happened, to whom, its wording in each
// language) handed to every channel — mail (the outbox), in-app (the notifications table) and SMS (a gateway chosen
// by NOTICE_SMS_GATEWAY) — in the caller's transaction, so a step's rows, its mails and its in-app notices commit
// or roll back together. Each channel keys what it writes by the notice's key, so a retried step writes nothing twice.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { enqueueMail } from './mail-outbox';

export type NoticeLanguage = 'zh' | 'en';

/** A notice's wording in one language: the mail's subject and text, the in-app title and body. */
export interface RenderedNotice {
  subject: string;
  text: string;
  title: string;
  body: string;
}

/** A mailbox the notice is mailed to: a department's address (Chinese) or a user's (in the user's language). */
export interface NoticeMailbox {
  /** Appended to the notice's key: one mail per mailbox however often the step runs. */
  key: string;
  address: string;
  language: NoticeLanguage;
}

/** A user the notice is for: gets it in the app (and by SMS when a gateway is configured and a number is known). */
export interface NoticeUser {
  id: string;
  phone?: string | null;
}

export interface Notice {
  /** Unique per step and notice kind (e.g. `<issue>:<step>:<kind>`). */
  key: string;
  issueId: string | null;
  kind: string;
  mailboxes: readonly NoticeMailbox[];
  users: readonly NoticeUser[];
  render(language: NoticeLanguage): RenderedNotice;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** One way a notice reaches people. Channels write in the caller's transaction and never wait on a network. */
export abstract class NoticeChannel {
  abstract readonly name: string;
  abstract deliver(db: Queryable, notices: readonly Notice[]): Promise<void>;
}

/** Mail: one outbox row per mailbox, sent afterwards by the worker's MailDeliverer. */
export class MailNoticeChannel extends NoticeChannel {
  readonly name = 'mail';

  async deliver(db: Queryable, notices: readonly Notice[]): Promise<void> {
    await enqueueMail(
      db,
      notices.flatMap((notice) =>
        notice.mailboxes.map((mailbox) => {
          const { subject, text } = notice.render(mailbox.language);
          return {
            dedupeKey: `${notice.key}:${mailbox.key}`,
            issueId: notice.issueId,
            to: [mailbox.address],
            subject,
            text,
          };
        }),
      ),
    );
  }
}

/** In-app: one notifications row per user, in Chinese (the app's language); the bell counts the unread ones. */
export class InAppNoticeChannel extends NoticeChannel {
  readonly name = 'in_app';

  async deliver(db: Queryable, notices: readonly Notice[]): Promise<void> {
    const rows = notices.flatMap((notice) => {
      if (!notice.users.length) return [];
      const { title, body } = notice.render('zh');
      return [...new Set(notice.users.map((u) => u.id))].map((userId) => ({
        dedupe_key: `${notice.key}:user:${userId}`,
        user_id: userId,
        kind: notice.kind,
        issue_id: notice.issueId,
        title,
        body,
      }));
    });
    if (!rows.length) return;
    await db.query(
      `INSERT INTO notifications (dedupe_key, user_id, kind, issue_id, title, body)
       SELECT n.dedupe_key, n.user_id, n.kind, n.issue_id, n.title, n.body
         FROM jsonb_to_recordset($1::jsonb) AS n(dedupe_key text, user_id uuid, kind text, issue_id uuid, title text,
                                                 body text)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }
}

/** A text message for one number. */
export interface SmsMessage {
  dedupeKey: string;
  phone: string;
  text: string;
}

/** An SMS gateway: the one thing a contracted provider implements. Abstract class, so it is its own DI token. */
export abstract class SmsGateway {
  abstract readonly name: string;
  /** Records the messages to send (an outbox of its own, in `db`'s transaction, for a real gateway). */
  abstract send(db: Queryable, messages: readonly SmsMessage[]): Promise<void>;
}

/** NOTICE_SMS_GATEWAY=none: no text messages. */
export class NoSmsGateway extends SmsGateway {
  readonly name = 'none';
  send(): Promise<void> {
    return Promise.resolve();
  }
}

/** NOTICE_SMS_GATEWAY=log: writes each text message to the log (number masked) instead of sending it. */
export class LoggingSmsGateway extends SmsGateway {
  readonly name = 'log';
  private readonly logger = new Logger('SmsGateway');
  send(_db: Queryable, messages: readonly SmsMessage[]): Promise<void> {
    for (const m of messages)
      this.logger.log(`SMS ${m.dedupeKey} to ${m.phone.slice(0, 3)}****${m.phone.slice(-4)}: ${m.text}`);
    return Promise.resolve();
  }
}

/** SMS: the in-app title for every user with a known number, through the configured gateway. */
export class SmsNoticeChannel extends NoticeChannel {
  readonly name = 'sms';
  constructor(private readonly gateway: SmsGateway) {
    super();
  }

  async deliver(db: Queryable, notices: readonly Notice[]): Promise<void> {
    const messages = notices.flatMap((notice) => {
      const withPhone = notice.users.filter((u): u is NoticeUser & { phone: string } => !!u.phone);
      if (!withPhone.length) return [];
      const { title } = notice.render('zh');
      return withPhone.map((u) => ({
        dedupeKey: `${notice.key}:sms:${u.id}`,
        phone: u.phone,
        text: `【联络】${title}`,
      }));
    });
    if (messages.length) await this.gateway.send(db, messages);
  }
}

export function smsGatewayFor(config: Pick<AppConfig, 'NOTICE_SMS_GATEWAY'>): SmsGateway {
  switch (config.NOTICE_SMS_GATEWAY) {
    case 'log':
      return new LoggingSmsGateway();
    case 'none':
      return new NoSmsGateway();
  }
}

/** Hands notices to every channel, in the caller's transaction (or on a transaction of its own). */
@Injectable()
export class Notices {
  private readonly channels: readonly NoticeChannel[];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channels = [new MailNoticeChannel(), new InAppNoticeChannel(), new SmsNoticeChannel(smsGatewayFor(config))];
  }

  async send(notices: Notice | readonly Notice[], tx?: EntityManager): Promise<void> {
    const list = Array.isArray(notices) ? (notices as readonly Notice[]) : [notices as Notice];
    if (!list.length) return;
    const write = async (db: Queryable) => {
      for (const channel of this.channels) await channel.deliver(db, list);
    };
    if (tx) await write(tx);
    else await this.db.transaction((own) => write(own));
  }
}
