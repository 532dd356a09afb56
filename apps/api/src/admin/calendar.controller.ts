// The official calendar's exceptions to Monday–Friday: holidays and make-up working days (调休). Any signed-in
// user may read them (deadlines are counted on them); admins change them.
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import {
  CalendarCoverageView,
  CalendarDayParams,
  CalendarDayView,
  CalendarQuery,
  CalendarYearView,
  PutCalendarDayDto,
} from './calendar.dto';
import { CalendarService } from './calendar.service';

const TAKES_EFFECT =
  'Takes effect for every deadline computed afterwards (new issues, extensions, second handlings); deadlines ' +
  'already computed for running workflows do not move. The supervision figures count on the edited calendar at once.';

@ApiTags('reference data')
@ApiSignedIn()
@Controller('api/calendar')
export class CalendarController {
  constructor(@Inject(CalendarService) private readonly calendar: CalendarService) {}

  @Get()
  @ApiOperation({ summary: "A year's holidays and make-up working days" })
  @ApiOkResponse({ type: CalendarYearView })
  @ApiErrors(400)
  year(@Query() query: CalendarQuery): Promise<CalendarYearView> {
    return this.calendar.year(query.year);
  }

  @Get('coverage')
  @Roles('admin')
  @ApiOperation({
    summary: 'Which years deadlines run into and which of them have no holidays entered yet',
    description:
      'Deadlines are counted in working days on the entered holidays; a year without them counts every weekday as ' +
      'a working day. The admin pages warn while missingYears is not empty.',
  })
  @ApiOkResponse({ type: CalendarCoverageView })
  @ApiErrors(403)
  coverage(): Promise<CalendarCoverageView> {
    return this.calendar.coverage();
  }

  @Put(':day')
  @Roles('admin')
  @ApiOperation({
    summary: 'Make a day a holiday or a make-up working day (creates or replaces its entry)',
    description: `Answers 201 when the day had no entry, 200 when it replaced one. ${TAKES_EFFECT}`,
  })
  @ApiOkResponse({ type: CalendarDayView, description: 'The entry replaced one the day had.' })
  @ApiCreatedResponse({ type: CalendarDayView, description: 'The day had no entry.' })
  @ApiErrors(400, 403)
  async put(
    @CurrentUser() actor: AuthUser,
    @Param() params: CalendarDayParams,
    @Body() body: PutCalendarDayDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CalendarDayView> {
    const { view, created } = await this.calendar.put(actor, params.day, body);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return view;
  }

  @Delete(':day')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Return a day to the weekday rule', description: TAKES_EFFECT })
  @ApiNoContentResponse()
  @ApiErrors(400, 403, 404)
  delete(@CurrentUser() actor: AuthUser, @Param() params: CalendarDayParams): Promise<void> {
    return this.calendar.delete(actor, params.day);
  }
}
