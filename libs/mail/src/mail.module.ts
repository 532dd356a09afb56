import { Module } from '@nestjs/common';
import { MailOutbox } from './mail-outbox';
import { MailService } from './mail.service';

/** The SMTP adapter and the outbox to record mail in; delivery is MailDeliveryModule's (the worker's). */
@Module({ providers: [MailService, MailOutbox], exports: [MailService, MailOutbox] })
export class MailModule {}
