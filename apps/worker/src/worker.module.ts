import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { MailModule } from '@app/mail';
import { IssueActivitiesService } from './issues/issue-activities.service';
import { OutboxService } from './outbox/outbox.service';

@Module({
  imports: [ConfigModule, DatabaseModule, MailModule],
  providers: [OutboxService, IssueActivitiesService],
})
export class WorkerModule {}
