// The monthly report of a county: the printable page, and the official document as Word or PDF.
import { Controller, Get, Inject, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { downloadOf } from '../common/export/download';
import { DOCX_MIME } from '../common/export/docx';
import { PDF_MIME } from '../common/export/pdf';
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
    summary: "A county's monthly report (月报): print-ready HTML, or the official document as Word or PDF, in Chinese",
    description:
      'The rates of the issues collected in the month, the A/B/C mix, and tables by township and by lead department, ' +
      'with the definitions of every figure. The Word and PDF forms carry the issuing office and the date line; ' +
      'PDF answers 503 when the server has no Chinese font.',
  })
  @ApiProduces('text/html', DOCX_MIME, PDF_MIME)
  @ApiOkResponse({
    description: 'An HTML page laid out for A4 (shown in place), or a .docx or .pdf attachment.',
    schema: { type: 'string' },
  })
  @ApiErrors(503)
  async monthly(
    @CurrentUser() user: AuthUser,
    @Query() query: MonthlyReportQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string | StreamableFile> {
    const file = await this.reports.monthly(user, query);
    // Set once the report exists, so that an error still answers in the common JSON shape.
    response.setHeader('Cache-Control', 'no-store');
    if (query.format === 'html') {
      response.setHeader('Content-Type', file.contentType);
      return file.body.toString('utf8');
    }
    return downloadOf(file);
  }
}
