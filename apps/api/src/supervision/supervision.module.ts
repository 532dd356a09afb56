// Owns what supervisors read: queues of issues needing them, rates with the issues behind every number, the
// station ledgers and performance files, the monthly report, live updates, stuck steps and undelivered mail. Figures come from @app/metrics.
import { Module } from '@nestjs/common';
import { MetricsModule } from '@app/metrics';
import { AttendanceRepository } from '../attendance/attendance.repository';
import { AuthModule } from '../auth/auth.module';
import { ReceptionLedgerRepository } from '../reception/reception-ledger.repository';
import { EventsController } from './events.controller';
import { HotspotsController } from './hotspots.controller';
import { HotspotsService } from './hotspots.service';
import { HotspotsRepository } from './hotspots.repository';
import { IssueEventsListener } from './issue-events.listener';
import { LedgersController } from './ledgers.controller';
import { LedgersService } from './ledgers.service';
import { LiveUpdatesService } from './live-updates.service';
import { QueuesController } from './queues.controller';
import { QueuesService } from './queues.service';
import { RatesController } from './rates.controller';
import { RatesService } from './rates.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { StuckStepsController } from './stuck-steps.controller';
import { StuckStepsRepository } from './stuck-steps.repository';
import { SupervisionScopeService } from './supervision-scope.service';
import { SupervisionRepository } from './supervision.repository';
import { UndeliveredMailController } from './undelivered-mail.controller';
import { UndeliveredMailRepository } from './undelivered-mail.repository';

@Module({
  imports: [AuthModule, MetricsModule],
  controllers: [
    QueuesController,
    RatesController,
    LedgersController,
    ReportsController,
    EventsController,
    StuckStepsController,
    UndeliveredMailController,
    HotspotsController,
  ],
  providers: [
    HotspotsRepository,
    HotspotsService,
    SupervisionRepository,
    StuckStepsRepository,
    UndeliveredMailRepository,
    // The archive sheets of reception days and attendance (their SQL stays with those features).
    ReceptionLedgerRepository,
    AttendanceRepository,
    SupervisionScopeService,
    QueuesService,
    RatesService,
    LedgersService,
    ReportsService,
    IssueEventsListener,
    LiveUpdatesService,
  ],
  // The one LISTEN connection, shared with the users' own live stream (notifications/live.controller.ts).
  exports: [IssueEventsListener],
})
export class SupervisionModule {}
