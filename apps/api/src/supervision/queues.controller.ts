// The supervisors' queues. Acting on an item is the issue endpoints' business: each item links to them.
import { Controller, Get, Inject, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { downloadOf } from '../common/export/download';
import { XLSX_MIME } from '../common/export/xlsx';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { QueuesService } from './queues.service';
import { SUPERVISED_EXPORT_MAX_ROWS } from './supervised-issues-workbook';
import {
  DueSoonQuery,
  QueueCountsQuery,
  QueueCountsView,
  QueueExportQuery,
  QueueParams,
  QueueQuery,
  SupervisedIssueView,
} from './supervision.dto';

@ApiTags('supervision')
@ApiSignedIn()
@ApiErrors(400, 403, 404)
@Roles('supervisor', 'liaison', 'admin')
@Controller('api/supervision/queues')
export class QueuesController {
  constructor(@Inject(QueuesService) private readonly queues: QueuesService) {}

  @Get('escalated')
  @ApiOperation({
    summary: 'Overdue and escalated issues in your regions',
    description:
      'Open issues (not closed, not awaiting a rating) that are overdue or escalated, have an escalation level above ' +
      '0, are past their reply deadline while a department holds them, or past the date a class B reply promised. ' +
      'Highest escalation level first, then most working days overdue.',
  })
  @ApiPageResponse(SupervisedIssueView)
  escalated(@CurrentUser() user: AuthUser, @Query() query: QueueQuery): Promise<Page<SupervisedIssueView>> {
    return this.queues.queue(user, 'escalated', query);
  }

  @Get('due-soon')
  @ApiOperation({
    summary: 'Issues due within a few working days',
    description:
      'Open issues not yet overdue or escalated whose deadline falls by the end of the `within`-th working day from ' +
      'today (official calendar). Earliest deadline first.',
  })
  @ApiPageResponse(SupervisedIssueView)
  dueSoon(@CurrentUser() user: AuthUser, @Query() query: DueSoonQuery): Promise<Page<SupervisedIssueView>> {
    return this.queues.queue(user, 'due-soon', query);
  }

  @Get('triage')
  @ApiOperation({
    summary: 'Issues waiting for triage',
    description: 'Issues no routing rule placed, or sent back by a department: status triage. Oldest first.',
  })
  @ApiPageResponse(SupervisedIssueView)
  triage(@CurrentUser() user: AuthUser, @Query() query: QueueQuery): Promise<Page<SupervisedIssueView>> {
    return this.queues.queue(user, 'triage', query);
  }

  @Get('counts')
  @ApiOperation({
    summary: 'How many issues each queue holds',
    description: 'Under the same search and filters as the queues, so the tab badges match what each tab shows.',
  })
  @ApiOkResponse({ type: QueueCountsView })
  counts(@CurrentUser() user: AuthUser, @Query() query: QueueCountsQuery): Promise<QueueCountsView> {
    return this.queues.counts(user, query);
  }

  @Get(':queue/export')
  @ApiOperation({
    summary: 'A queue as a workbook (导出Excel)',
    description:
      'Exactly the rows the queue shows for the same search, filters and sort, all pages, in its order. ' +
      `Over ${SUPERVISED_EXPORT_MAX_ROWS} rows: 400, narrow the list first. Voter data is not included.`,
  })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ description: 'The file, as an attachment.' })
  async export(
    @CurrentUser() user: AuthUser,
    @Param() params: QueueParams,
    @Query() query: QueueExportQuery,
  ): Promise<StreamableFile> {
    return downloadOf(await this.queues.export(user, params.queue, query));
  }
}
