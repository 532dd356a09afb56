// Reception days (接待日) over HTTP: a station's plan and duty rota, the reception days, recording them, and a
// deputy's own duty days. Scope rules are the service's.
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import {
  AdHocReceptionDto,
  DutyQuery,
  NotHeldDto,
  ReceptionDetailView,
  ReceptionIdParams,
  ReceptionPlanDto,
  ReceptionPlanView,
  ReceptionQuery,
  ReceptionStationView,
  ReceptionView,
  RecordOptionsView,
  RecordReceptionDto,
  StationIdParams,
} from './reception.dto';
import { ReceptionService } from './reception.service';

@ApiTags('reception days')
@ApiSignedIn()
@Controller('api')
export class ReceptionController {
  constructor(@Inject(ReceptionService) private readonly receptions: ReceptionService) {}

  @Get('reception-stations')
  @Roles('admin', 'liaison', 'supervisor')
  @ApiOperation({ summary: 'Stations whose reception days you may see, with their rule and whether you may set it' })
  @ApiOkResponse({ type: [ReceptionStationView] })
  stations(@CurrentUser() user: AuthUser): Promise<ReceptionStationView[]> {
    return this.receptions.stations(user);
  }

  @Get('stations/:id/reception-plan')
  @Roles('admin', 'liaison', 'supervisor')
  @ApiOperation({
    summary: "A station's reception-day plan: the rule, the duty rota and the next days with who is on duty",
  })
  @ApiOkResponse({ type: ReceptionPlanView })
  @ApiErrors(400, 404)
  plan(@CurrentUser() user: AuthUser, @Param() params: StationIdParams): Promise<ReceptionPlanView> {
    return this.receptions.plan(user, params.id);
  }

  @Put('stations/:id/reception-plan')
  @Roles('admin', 'liaison', 'supervisor')
  @ApiOperation({
    summary: "Set a station's reception-day plan and duty rota (its liaison officer, a supervisor in scope, admin)",
    description:
      'Creates or updates the station’s Temporal Schedule (reception-<stationId>) and opens the next reception day ' +
      'at once. Days already opened that the new rule does not give are cancelled. A rule date that is not a ' +
      'working day is held on the next working day.',
  })
  @ApiOkResponse({ type: ReceptionPlanView })
  @ApiErrors(400, 403, 404, 503)
  setPlan(
    @CurrentUser() user: AuthUser,
    @Param() params: StationIdParams,
    @Body() body: ReceptionPlanDto,
  ): Promise<ReceptionPlanView> {
    return this.receptions.setPlan(user, params.id, body);
  }

  @Delete('stations/:id/reception-plan')
  @Roles('admin', 'liaison', 'supervisor')
  @ApiOperation({
    summary:
      "Clear a station's reception-day plan: its schedule is deleted and reception days not yet held are cancelled",
  })
  @ApiOkResponse({ type: ReceptionPlanView })
  @ApiErrors(403, 404, 503)
  clearPlan(@CurrentUser() user: AuthUser, @Param() params: StationIdParams): Promise<ReceptionPlanView> {
    return this.receptions.clearPlan(user, params.id);
  }

  @Get('receptions')
  @Roles('admin', 'liaison', 'supervisor', 'deputy')
  @ApiOperation({ summary: 'Reception days you may see, latest first (deputies: the days they are on duty)' })
  @ApiPageResponse(ReceptionView)
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() query: ReceptionQuery): Promise<Page<ReceptionView>> {
    return this.receptions.list(user, query);
  }

  @Get('stations/:id/record-options')
  @Roles('admin', 'liaison', 'supervisor')
  @ApiOperation({ summary: "What an ad-hoc reception's form offers: the station's deputies, categories and places" })
  @ApiOkResponse({ type: RecordOptionsView })
  @ApiErrors(400, 404)
  stationRecordOptions(@CurrentUser() user: AuthUser, @Param() params: StationIdParams): Promise<RecordOptionsView> {
    return this.receptions.stationRecordOptions(user, params.id);
  }

  @Post('receptions')
  @Roles('admin', 'liaison')
  @ApiOperation({
    summary: 'Record an ad-hoc (临时) or appointment (预约) reception once held (liaison officer)',
    description:
      'Outside the station’s rule, on any day up to today, beside a rule day of the same date if there is one. It is ' +
      'recorded held at once and starts no workflow (nothing is left to remind). Its issues raised go through the ' +
      'same intake as a deputy’s submission; a retry with the same idempotencyKey finds the same reception.',
  })
  @ApiCreatedResponse({ type: ReceptionDetailView })
  @ApiErrors(400, 403, 404, 409)
  createAdHoc(@CurrentUser() user: AuthUser, @Body() body: AdHocReceptionDto): Promise<ReceptionDetailView> {
    return this.receptions.createAdHoc(user, body);
  }

  @Get('receptions/:id')
  @Roles('admin', 'liaison', 'supervisor', 'deputy')
  @ApiOperation({ summary: 'One reception day: who was on duty, the record, the issues raised and the history' })
  @ApiOkResponse({ type: ReceptionDetailView })
  @ApiErrors(400, 404)
  detail(@CurrentUser() user: AuthUser, @Param() params: ReceptionIdParams): Promise<ReceptionDetailView> {
    return this.receptions.detail(user, params.id);
  }

  @Get('receptions/:id/record-options')
  @Roles('admin', 'liaison', 'supervisor', 'deputy')
  @ApiOperation({ summary: "What the record form offers: the station's deputies, categories and places" })
  @ApiOkResponse({ type: RecordOptionsView })
  @ApiErrors(400, 404)
  recordOptions(@CurrentUser() user: AuthUser, @Param() params: ReceptionIdParams): Promise<RecordOptionsView> {
    return this.receptions.recordOptions(user, params.id);
  }

  @Post('receptions/:id/record')
  @Roles('admin', 'liaison')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Record a reception day (liaison officer): voters received, notes, and the issues raised',
    description:
      'From the day it is held on. Each issue raised becomes an issue (channel reception_day) through the same intake ' +
      'as a deputy’s submission, raised through the deputy who received it; a retry finds the same issues.',
  })
  @ApiOkResponse({ type: ReceptionDetailView })
  @ApiErrors(400, 403, 404, 409, 503)
  record(
    @CurrentUser() user: AuthUser,
    @Param() params: ReceptionIdParams,
    @Body() body: RecordReceptionDto,
  ): Promise<ReceptionDetailView> {
    return this.receptions.record(user, params.id, body);
  }

  @Post('receptions/:id/not-held')
  @Roles('admin', 'liaison')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark a reception day as not held, with the reason (liaison officer)' })
  @ApiOkResponse({ type: ReceptionDetailView })
  @ApiErrors(400, 403, 404, 409, 503)
  notHeld(
    @CurrentUser() user: AuthUser,
    @Param() params: ReceptionIdParams,
    @Body() body: NotHeldDto,
  ): Promise<ReceptionDetailView> {
    return this.receptions.notHeld(user, params.id, body);
  }

  @Get('deputies/me/duties')
  @Roles('deputy')
  @ApiOperation({ summary: 'Your reception duty days (deputy), from 3 months back to 3 months ahead by default' })
  @ApiOkResponse({ type: [ReceptionView] })
  @ApiErrors(400, 403)
  duties(@CurrentUser() user: AuthUser, @Query() query: DutyQuery): Promise<ReceptionView[]> {
    return this.receptions.myDuties(user, query);
  }
}
