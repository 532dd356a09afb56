import { Module } from '@nestjs/common';
import { MailOutbox } from './mail-outbox';
import { MailService } from './mail.service';
import { Notices } from './notices';

/** The SMTP adapter, the outbox to record mail in, and the notices (mail, in-app, SMS); delivery is MailDeliveryModule's. */
@Module({ providers: [MailService, MailOutbox, Notices], exports: [MailService, MailOutbox, Notices] })
export class MailModule {}
