import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IssuesModule } from '../issues/issues.module';
import { SupervisionModule } from '../supervision/supervision.module';
import { LiveService } from './live.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** The in-app notification centre: each user's own notifications (the worker writes them with the mail). */
@Module({
  imports: [AuthModule, IssuesModule, SupervisionModule],
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService, LiveService],
})
export class NotificationsModule {}
