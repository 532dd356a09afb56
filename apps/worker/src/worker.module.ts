import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { MailModule } from '@app/mail';
import { EmailNoticeChannel, NoticeChannel } from './attendance/notice-channel';
import { ActivityFailuresRepository } from './failures/activity-failures.repository';
import { InvitationActivitiesService } from './attendance/invitation-activities.service';
import { IntakeRepository } from './issues/intake.repository';
import { IssueActivitiesService } from './issues/issue-activities.service';
import { MaintenanceActivitiesService } from './maintenance/maintenance-activities.service';
import { OutboxService } from './outbox/outbox.service';
import { ReceptionActivitiesService } from './reception/reception-activities.service';
import { SchedulesRepository } from './schedules/schedules.repository';

@Module({
  imports: [ConfigModule, DatabaseModule, MailModule],
  providers: [
    OutboxService,
    ActivityFailuresRepository,
    IssueActivitiesService,
    IntakeRepository,
    MaintenanceActivitiesService,
    InvitationActivitiesService,
    ReceptionActivitiesService,
    SchedulesRepository,
    // Text-message notices go by email until an SMS gateway implements NoticeChannel.
    { provide: NoticeChannel, useClass: EmailNoticeChannel },
  ],
})
export class WorkerModule {}
