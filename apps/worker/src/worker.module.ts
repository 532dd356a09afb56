import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { MailDeliveryModule, MailModule } from '@app/mail';
import { PersonalDataModule } from '@app/personal-data';
import { EmailNoticeChannel, NoticeChannel } from './attendance/notice-channel';
import { ActivityFailuresRepository } from './failures/activity-failures.repository';
import { InvitationActivitiesService } from './attendance/invitation-activities.service';
import { CommandReceiptsRepository } from './issues/command-receipts.repository';
import { IntakeRepository } from './issues/intake.repository';
import { IssueActivitiesRepository } from './issues/issue-activities.repository';
import { IssueActivitiesService } from './issues/issue-activities.service';
import { MaintenanceActivitiesService } from './maintenance/maintenance-activities.service';
import { ReceptionActivitiesRepository } from './reception/reception-activities.repository';
import { WorkerObservabilityModule } from './observability/worker-observability.module';
import { ReceptionActivitiesService } from './reception/reception-activities.service';
import { RecordsActivitiesService } from './records/records-activities.service';
import { VoterIntakeRepository } from './voter/voter-intake.repository';
import { VoterSubmissionActivitiesService } from './voter/voter-submission-activities.service';
import { SchedulesRepository } from './schedules/schedules.repository';
import { WebhookActivitiesRepository } from './webhooks/webhook-activities.repository';
import { WebhookActivitiesService } from './webhooks/webhook-activities.service';

@Module({
  // MailDeliveryModule: every worker delivers the outbox (the activities only record mail in it). PersonalDataModule:
  // voters' contacts are read encrypted (a QR-code voter's email, for their notices).
  imports: [
    ConfigModule,
    DatabaseModule,
    WorkerObservabilityModule,
    MailModule,
    MailDeliveryModule,
    PersonalDataModule,
  ],
  providers: [
    ActivityFailuresRepository,
    CommandReceiptsRepository,
    IssueActivitiesService,
    IssueActivitiesRepository,
    IntakeRepository,
    VoterIntakeRepository,
    MaintenanceActivitiesService,
    InvitationActivitiesService,
    ReceptionActivitiesService,
    ReceptionActivitiesRepository,
    RecordsActivitiesService,
    VoterSubmissionActivitiesService,
    SchedulesRepository,
    WebhookActivitiesRepository,
    WebhookActivitiesService,
    // Text-message notices go by email until an SMS gateway implements NoticeChannel.
    { provide: NoticeChannel, useClass: EmailNoticeChannel },
  ],
})
export class WorkerModule {}
