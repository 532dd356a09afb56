// The department inbox (待办): what the signed-in department has been referred, soonest deadline first; its tab
// counts and its export.
import { Controller, Get, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { downloadOf } from '../common/export/download';
import { XLSX_MIME } from '../common/export/xlsx';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { InboxCountsView, InboxFilters, InboxItemView, InboxListFilters, InboxQuery } from './assignments.dto';
import { AssignmentsService, INBOX_EXPORT_MAX_ROWS } from './assignments.service';

@ApiTags('assignments')
@ApiSignedIn()
@Roles('department')
@Controller('api/assignments')
export class AssignmentsController {
  constructor(@Inject(AssignmentsService) private readonly assignments: AssignmentsService) {}

  @Get()
  @ApiOperation({
    summary: "Your department's assignments (inbox), soonest deadline first",
    description:
      'Working days left are counted on the official calendar. Pick a tab with status (default: open); search with q ' +
      '(number, description, or a voter phone on issues you lead); filter by category, station, urgency and role; ' +
      'sort by a column.',
  })
  @ApiPageResponse(InboxItemView)
  @ApiErrors(400, 403)
  list(@CurrentUser() user: AuthUser, @Query() query: InboxQuery): Promise<Page<InboxItemView>> {
    return this.assignments.inbox(user, query);
  }

  @Get('counts')
  @ApiOperation({
    summary: 'How many assignments each inbox tab holds',
    description: 'Under the same search and filters as the list, so the tab badges match what each tab shows.',
  })
  @ApiOkResponse({ type: InboxCountsView })
  @ApiErrors(400, 403)
  counts(@CurrentUser() user: AuthUser, @Query() query: InboxFilters): Promise<InboxCountsView> {
    return this.assignments.counts(user, query);
  }

  @Get('export')
  @ApiOperation({
    summary: 'The inbox list as a workbook (导出Excel)',
    description:
      'Exactly the rows the list shows for the same tab, search, filters and sort, all pages, in its order. ' +
      `Over ${INBOX_EXPORT_MAX_ROWS} rows: 400, narrow the list first. Voter data is not included.`,
  })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ description: 'The file, as an attachment.' })
  @ApiErrors(400, 403)
  async export(@CurrentUser() user: AuthUser, @Query() query: InboxListFilters): Promise<StreamableFile> {
    return downloadOf(await this.assignments.export(user, query));
  }
}
