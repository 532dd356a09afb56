// Owns outgoing mail: a thin injectable adapter over nodemailer, configured from SMTP_URL.
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '@app/config';

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** A stable id, so a message sent twice by mistake can be recognised as the same message. */
  messageId?: string;
}

@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly transport: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // Pooled: the worker sends bursts (one mail per department per step); reusing connections keeps intake fast.
    // Bounded: a server that accepts and never answers fails the send within these, instead of pinning a sender.
    this.transport = createTransport({
      url: config.SMTP_URL,
      pool: true,
      maxConnections: 5,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const info = (await this.transport.sendMail({
      from: this.config.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
    })) as { messageId: string };
    return { messageId: info.messageId };
  }

  /** True when the SMTP server answers a connection. */
  async verify(): Promise<boolean> {
    return this.transport.verify().then(
      () => true,
      () => false,
    );
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
