import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SubjectRequestsController } from './subject-requests.controller';
import { SubjectRequestsRepository } from './subject-requests.repository';
import { SubjectRequestsService } from './subject-requests.service';

/** Requests from the people concerned: find, export, correct and erase a voter's data, each step recorded. */
@Module({
  imports: [AuthModule],
  controllers: [SubjectRequestsController],
  providers: [SubjectRequestsRepository, SubjectRequestsService],
})
export class SubjectRequestsModule {}
