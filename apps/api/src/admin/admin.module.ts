import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CalendarController } from './calendar.controller';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { CategoriesController } from './categories.controller';
import { CategoriesRepository } from './categories.repository';
import { CategoriesService } from './categories.service';
import { DepartmentsController } from './departments.controller';
import { DepartmentsRepository } from './departments.repository';
import { DepartmentsService } from './departments.service';
import { DeputiesController } from './deputies.controller';
import { DeputiesRepository } from './deputies.repository';
import { DeputiesService } from './deputies.service';
import { RegionsController } from './regions.controller';
import { RegionsRepository } from './regions.repository';
import { RegionsService } from './regions.service';
import { RoutingRulesController } from './routing-rules.controller';
import { RoutingRulesRepository } from './routing-rules.repository';
import { RoutingRulesService } from './routing-rules.service';
import { StationsController } from './stations.controller';
import { StationsRepository } from './stations.repository';
import { StationsService } from './stations.service';

/**
 * The reference data the issue flow stands on — regions, stations, deputies, departments, categories, routing
 * rules and the official calendar — managed by admins, every write recorded in admin_audit_log.
 */
@Module({
  imports: [AuthModule],
  controllers: [
    RegionsController,
    StationsController,
    DeputiesController,
    DepartmentsController,
    CategoriesController,
    RoutingRulesController,
    CalendarController,
  ],
  providers: [
    RegionsRepository,
    RegionsService,
    StationsRepository,
    StationsService,
    DeputiesRepository,
    DeputiesService,
    DepartmentsRepository,
    DepartmentsService,
    CategoriesRepository,
    CategoriesService,
    RoutingRulesRepository,
    RoutingRulesService,
    CalendarRepository,
    CalendarService,
  ],
})
export class AdminModule {}
