// The rates of a scope and period, and the lists of issues behind each number; the dashboard's figures as a workbook.
import { Controller, Get, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { COHORT_DEFINITION, SCOPE_DEFINITION } from '@app/metrics';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { downloadOf } from '../common/export/download';
import { toXlsx, XLSX_MIME } from '../common/export/xlsx';
import { ApiPageResponse, type Page } from '../common/pagination';
import { breakdownSheets, breakdownWorkbookName } from './breakdown-workbook';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { RatesService } from './rates.service';
import { SUPERVISED_EXPORT_MAX_ROWS } from './supervised-issues-workbook';
import {
  BreakdownQuery,
  DrillExportQuery,
  DrillQuery,
  RatesBreakdownView,
  RatesQuery,
  RatesView,
  SupervisedIssueView,
} from './supervision.dto';

@ApiTags('supervision')
@ApiSignedIn()
@ApiErrors(400, 403, 404)
@Roles('supervisor', 'liaison', 'admin')
@Controller('api/supervision/rates')
export class RatesController {
  constructor(@Inject(RatesService) private readonly rates: RatesService) {}

  @Get()
  @ApiOperation({
    summary: 'Reply, on-time, resolution and satisfaction rates of a scope and period',
    description: `${COHORT_DEFINITION} Scopes — ${SCOPE_DEFINITION} Every count links to its issues (drill).`,
  })
  @ApiOkResponse({ type: RatesView })
  get(@CurrentUser() user: AuthUser, @Query() query: RatesQuery): Promise<RatesView> {
    return this.rates.rates(user, query);
  }

  @Get('breakdown/xlsx')
  @ApiOperation({
    summary: "The dashboard's figures as a workbook (导出Excel): the breakdown's total, months, townships, departments",
    description: 'The same figures as GET breakdown for the same query, one sheet each, rates in per cent.',
  })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ description: 'The workbook, as an attachment.' })
  async breakdownWorkbook(@CurrentUser() user: AuthUser, @Query() query: BreakdownQuery): Promise<StreamableFile> {
    const view = await this.rates.breakdown(user, query);
    return downloadOf({
      body: await toXlsx(breakdownSheets(view)),
      contentType: XLSX_MIME,
      fileName: `${breakdownWorkbookName(view)}.xlsx`,
    });
  }

  @Get('breakdown')
  @ApiOperation({
    summary: 'The rates of a region by month, by township and by department, and the A/B/C mix, in one answer',
    description:
      `${COHORT_DEFINITION} Every cell is what GET /api/supervision/rates answers for that part — the region in ` +
      'that month, the township, the department — with the same drill links behind every count.',
  })
  @ApiOkResponse({ type: RatesBreakdownView })
  breakdown(@CurrentUser() user: AuthUser, @Query() query: BreakdownQuery): Promise<RatesBreakdownView> {
    return this.rates.breakdown(user, query);
  }

  @Get('drill')
  @ApiOperation({
    summary: 'The issues behind one count of the rates, newest first (voter data masked)',
  })
  @ApiPageResponse(SupervisedIssueView)
  drill(@CurrentUser() user: AuthUser, @Query() query: DrillQuery): Promise<Page<SupervisedIssueView>> {
    return this.rates.drill(user, query);
  }

  @Get('drill/export')
  @ApiOperation({
    summary: 'The issues behind one count as a workbook (导出Excel)',
    description:
      'Exactly the issues the drill-down list shows for the same metric, scope and period, all pages, in its order. ' +
      `Over ${SUPERVISED_EXPORT_MAX_ROWS} rows: 400, narrow the period first. Voter data is not included.`,
  })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ description: 'The file, as an attachment.' })
  async drillExport(@CurrentUser() user: AuthUser, @Query() query: DrillExportQuery): Promise<StreamableFile> {
    return downloadOf(await this.rates.drillExport(user, query));
  }
}
