import { Module } from '@nestjs/common';
import { MailModule } from '@app/mail';
import { TemporalModule } from '@app/temporal';
import { AuthModule } from '../auth/auth.module';
import { IssuesModule } from '../issues/issues.module';
import { CaptchaService } from './captcha.service';
import { VoterPageController } from './voter-page.controller';
import { VoterPublicController } from './voter-public.controller';
import { ReplyPublishableController, VoterSubmissionsController } from './voter-submissions.controller';
import { VoterSubmissionsRepository } from './voter-submissions.repository';
import { VoterSubmissionsService } from './voter-submissions.service';

/**
 * The voter's own channel (代表码 / 民情码): QR codes and their posters, the public page and status page, the
 * deputy's inbox and decisions, and replies made publishable for voters.
 */
@Module({
  imports: [AuthModule, MailModule, TemporalModule, IssuesModule],
  controllers: [VoterPublicController, VoterSubmissionsController, ReplyPublishableController, VoterPageController],
  providers: [VoterSubmissionsRepository, VoterSubmissionsService, CaptchaService],
  exports: [VoterSubmissionsService],
})
export class VoterModule {}
