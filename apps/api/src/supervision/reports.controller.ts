// The printable monthly report of a county.
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { ReportsService } from './reports.service';
import { MonthlyReportQuery } from './supervision.dto';

@ApiTags('supervision')
@ApiSignedIn()
@ApiErrors(400, 403, 404)
@Roles('supervisor', 'liaison', 'admin')
@Controller('api/supervision/reports')
export class ReportsController {
  constructor(@Inject(ReportsService) private readonly reports: ReportsService) {}

  @Get('monthly')
  @ApiOperation({
    summary: "A county's monthly report (月报), print-ready HTML in Chinese",
    description:
      'The rates of the issues collected in the month, the A/B/C mix, and tables by township and by lead department, ' +
      'with the definitions of every figure.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'An HTML page laid out for A4.', schema: { type: 'string' } })
  async monthly(
    @CurrentUser() user: AuthUser,
    @Query() query: MonthlyReportQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const html = await this.reports.monthlyHtml(user, query);
    // Set once the report exists, so that an error still answers in the common JSON shape.
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    return html;
  }
}
