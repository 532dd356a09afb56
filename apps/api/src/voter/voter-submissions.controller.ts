// The deputy's (or the station liaison officer's) inbox of voters' submissions, and their decisions; and a
// department marking its reply publishable on the voters' status page.
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import {
  AcceptedSubmissionView,
  AcceptSubmissionDto,
  DeclineSubmissionDto,
  MergeSubmissionDto,
  PublishableDto,
  ReplyParams,
  SubmissionIdParams,
  SubmissionQuery,
  SubmissionView,
} from './voter.dto';
import { VoterSubmissionsService } from './voter-submissions.service';

@ApiTags('voter-submissions')
@ApiSignedIn()
@Controller('api/voter-submissions')
@Roles('deputy', 'liaison')
export class VoterSubmissionsController {
  constructor(@Inject(VoterSubmissionsService) private readonly submissions: VoterSubmissionsService) {}

  @Get()
  @ApiOperation({ summary: "Voters' submissions you decide on, newest first; contacts masked" })
  @ApiPageResponse(SubmissionView)
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() query: SubmissionQuery): Promise<Page<SubmissionView>> {
    return this.submissions.inbox(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One submission you decide on' })
  @ApiOkResponse({ type: SubmissionView })
  @ApiErrors(400, 404)
  detail(@CurrentUser() user: AuthUser, @Param() params: SubmissionIdParams): Promise<SubmissionView> {
    return this.submissions.detail(user, params.id);
  }

  @Post(':id/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Accept: it becomes an issue through the normal intake, the deputy as submitter (channel voter_code)',
    description: 'Sent again after it succeeded, it answers the same issue. 409 when it was merged or declined.',
  })
  @ApiOkResponse({ type: AcceptedSubmissionView })
  @ApiErrors(400, 404, 409, 503)
  accept(
    @CurrentUser() user: AuthUser,
    @Param() params: SubmissionIdParams,
    @Body() body: AcceptSubmissionDto,
  ): Promise<AcceptedSubmissionView> {
    return this.submissions.accept(user, params.id, body);
  }

  @Post(':id/merge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Merge into one of the deputy's open issues: the voter follows that issue" })
  @ApiOkResponse({ type: SubmissionView })
  @ApiErrors(400, 404, 409)
  merge(
    @CurrentUser() user: AuthUser,
    @Param() params: SubmissionIdParams,
    @Body() body: MergeSubmissionDto,
  ): Promise<SubmissionView> {
    return this.submissions.merge(user, params.id, body.issueId);
  }

  @Post(':id/decline')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Decline with a reason; the voter is told the reason' })
  @ApiOkResponse({ type: SubmissionView })
  @ApiErrors(400, 404, 409)
  decline(
    @CurrentUser() user: AuthUser,
    @Param() params: SubmissionIdParams,
    @Body() body: DeclineSubmissionDto,
  ): Promise<SubmissionView> {
    return this.submissions.decline(user, params.id, body.reason);
  }
}

@ApiTags('issues')
@ApiSignedIn()
@Controller('api/issues/:issueId/replies/:replyId/publishable')
export class ReplyPublishableController {
  constructor(@Inject(VoterSubmissionsService) private readonly submissions: VoterSubmissionsService) {}

  @Put()
  @Roles('department')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: "Show (or stop showing) your department's reply on the voters' status page",
    description: 'Replies are not shown to voters until their department marks them publishable.',
  })
  @ApiNoContentResponse({ description: 'Recorded' })
  @ApiErrors(400, 404)
  async set(@CurrentUser() user: AuthUser, @Param() params: ReplyParams, @Body() body: PublishableDto): Promise<void> {
    await this.submissions.setPublishable(user, params.issueId, params.replyId, body.publishable);
  }
}
