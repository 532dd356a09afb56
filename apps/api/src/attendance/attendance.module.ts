// Owns deputies attending standing-committee meetings (列席, Xiangtan practice) over HTTP: meetings and agendas,
// proposals, invitations (one invitation workflow each), phone tasks, replies, attendance, speeches and their
// sign-off, the deliberation opinions, and the figures.
import { Module } from '@nestjs/common';
import { MailModule } from '@app/mail';
import { TemporalModule } from '@app/temporal';
import { AuthModule } from '../auth/auth.module';
import { AttendanceReportsService } from './attendance-reports.service';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceWritesRepository } from './attendance-writes.repository';
import { InvitationWorkflowClient } from './invitation-workflow.client';
import { MeetingsController } from './meetings.controller';
import { MeetingsService } from './meetings.service';
import { MyAttendanceController } from './my-attendance.controller';
import { SpeechesService } from './speeches.service';

@Module({
  imports: [AuthModule, TemporalModule, MailModule],
  controllers: [MyAttendanceController, MeetingsController],
  providers: [
    AttendanceRepository,
    AttendanceWritesRepository,
    InvitationWorkflowClient,
    MeetingsService,
    SpeechesService,
    AttendanceReportsService,
  ],
})
export class AttendanceModule {}
