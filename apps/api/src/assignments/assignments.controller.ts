// The department inbox (待办): what the signed-in department has been referred, soonest deadline first.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { InboxItemView, InboxQuery } from './assignments.dto';
import { AssignmentsService } from './assignments.service';

@ApiTags('assignments')
@ApiSignedIn()
@Roles('department')
@Controller('api/assignments')
export class AssignmentsController {
  constructor(@Inject(AssignmentsService) private readonly assignments: AssignmentsService) {}

  @Get()
  @ApiOperation({
    summary: "Your department's assignments (inbox), soonest deadline first",
    description: 'Working days left are counted on the official calendar. Filter with status (default: open).',
  })
  @ApiPageResponse(InboxItemView)
  @ApiErrors(400, 403)
  list(@CurrentUser() user: AuthUser, @Query() query: InboxQuery): Promise<Page<InboxItemView>> {
    return this.assignments.inbox(user, query);
  }
}
