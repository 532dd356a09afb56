import { Module } from '@nestjs/common';
import { TemporalModule } from '@app/temporal';
import { AuthModule } from '../auth/auth.module';
import { IssuesModule } from '../issues/issues.module';
import { ReceptionController } from './reception.controller';
import { ReceptionRepository } from './reception.repository';
import { ReceptionSchedulesService } from './reception-schedules.service';
import { ReceptionService } from './reception.service';

/** Reception days (接待日): station plans and rotas, their schedules, and recording the days. */
@Module({
  imports: [AuthModule, TemporalModule, IssuesModule],
  controllers: [ReceptionController],
  providers: [ReceptionRepository, ReceptionSchedulesService, ReceptionService],
  exports: [ReceptionSchedulesService],
})
export class ReceptionModule {}
