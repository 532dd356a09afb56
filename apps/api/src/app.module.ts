import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { PersonalDataModule } from '@app/personal-data';
import { DatabaseModule } from '@app/database';
import { MailModule } from '@app/mail';
import { TemporalModule } from '@app/temporal';
import { AdminModule } from './admin/admin.module';
import { AssignmentsModule } from './assignments/assignments.module';
import { AttendanceModule } from './attendance/attendance.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { DevMailController } from './dev-mail/dev-mail.controller';
import { HealthModule } from './health/health.module';
import { IssuesModule } from './issues/issues.module';
import { ApiObservabilityModule } from './observability/api-observability.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { ReceptionModule } from './reception/reception.module';
import { SubjectRequestsModule } from './subject-requests/subject-requests.module';
import { SupervisionModule } from './supervision/supervision.module';
import { UsersModule } from './users/users.module';
import { VoterModule } from './voter/voter.module';
import { Open311Module } from './open311/open311.module';
import { WebModule } from './web/web.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { NotificationsModule } from './notifications/notifications.module';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    PersonalDataModule,
    MailModule,
    TemporalModule,
    CommonModule,
    AuthModule,
    UsersModule,
    IssuesModule,
    AttachmentsModule,
    AssignmentsModule,
    SupervisionModule,
    AdminModule,
    ReceptionModule,
    SubjectRequestsModule,
    AttendanceModule,
    HealthModule,
    ApiObservabilityModule,
    VoterModule,
    WebhooksModule,
    Open311Module,
    NotificationsModule,
    // Last: its catch-all GET serves the web app for whatever no other controller answered.
    WebModule,
  ],
  controllers: [DevMailController],
})
export class AppModule {}
