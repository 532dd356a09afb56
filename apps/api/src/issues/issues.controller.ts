// Issues: intake by deputies, reads for everyone within their scope, and the commands that drive the workflow.
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { IssueCommandsService } from './issue-commands.service';
import {
  AssignDto,
  CoHandlerInputDto,
  CreateIssueDto,
  ExtendDto,
  FollowUpReplyDto,
  IssueCommandResult,
  IssueDetailView,
  IssueEventView,
  IssueIdParams,
  IssueQuery,
  IssueSummaryView,
  RateDto,
  ReassignDto,
  ReferUpwardDto,
  ReplyDto,
  SendBackDto,
  UrgeDto,
} from './issues.dto';
import { IssuesService } from './issues.service';
import { ApiIdempotencyKey, RequestKey } from './request-key';

const COMMAND_ERRORS = [400, 403, 404, 409, 503];

@ApiTags('issues')
@ApiSignedIn()
@Controller('api/issues')
export class IssuesController {
  constructor(
    @Inject(IssuesService) private readonly issues: IssuesService,
    @Inject(IssueCommandsService) private readonly commands: IssueCommandsService,
  ) {}

  @Post()
  @Roles('deputy')
  @ApiOperation({
    summary: 'Submit a voter’s issue (deputy)',
    description:
      'The deputy must serve the station; the place must lie in its township. 201 with the new issue; 200 with the ' +
      'first issue when the same idempotencyKey comes again with the same body; 409 when it comes with another.',
  })
  @ApiCreatedResponse({ type: IssueSummaryView, description: 'Recorded; its handling has started' })
  @ApiOkResponse({ type: IssueSummaryView, description: 'A resubmission: the issue the key first created' })
  @ApiErrors(400, 403, 409, 503)
  async submit(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateIssueDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IssueSummaryView> {
    const { created, issue } = await this.issues.submit(user, body);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return issue;
  }

  @Get()
  @ApiOperation({ summary: 'Issues you may see, newest first; voter data masked' })
  @ApiPageResponse(IssueSummaryView)
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() query: IssueQuery): Promise<Page<IssueSummaryView>> {
    return this.issues.list(user, query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One issue with its assignments, replies, ratings and timeline',
    description: 'Voter data is unmasked (and the read logged) only for those entitled to it.',
  })
  @ApiOkResponse({ type: IssueDetailView })
  @ApiErrors(400, 404)
  detail(@CurrentUser() user: AuthUser, @Param() params: IssueIdParams): Promise<IssueDetailView> {
    return this.issues.detail(user, params.id);
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'The issue’s timeline: every recorded step, oldest first' })
  @ApiOkResponse({ type: [IssueEventView] })
  @ApiErrors(400, 404)
  events(@CurrentUser() user: AuthUser, @Param() params: IssueIdParams): Promise<IssueEventView[]> {
    return this.issues.events(user, params.id);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Departments

  @Post(':id/acknowledge')
  @Roles('department')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Acknowledge the referral (签收): lead or co-handling department' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: IssueCommandResult })
  @ApiErrors(...COMMAND_ERRORS)
  acknowledge(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @RequestKey() key: string,
  ): Promise<IssueCommandResult> {
    return this.commands.acknowledge(user, params.id, key);
  }

  @Post(':id/send-back')
  @Roles('department')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send the referral back as not yours (退回): lead department; back to triage' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: IssueCommandResult })
  @ApiErrors(...COMMAND_ERRORS)
  sendBack(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: SendBackDto,
    @RequestKey() key: string,
  ): Promise<IssueCommandResult> {
    return this.commands.sendBack(user, params.id, body, key);
  }

  @Post(':id/co-handler-input')
  @Roles('department')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Give your input to the lead department (协办意见): co-handling department' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: IssueCommandResult })
  @ApiErrors(...COMMAND_ERRORS)
  coHandlerInput(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: CoHandlerInputDto,
    @RequestKey() key: string,
  ): Promise<IssueCommandResult> {
    return this.commands.coHandlerInput(user, params.id, body, key);
  }

  @Post(':id/reply')
  @Roles('department')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Reply (答复): lead department',
    description: 'Class B needs promisedDate, a date after today; A and C take none. The deputy is then asked to rate.',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: IssueCommandResult })
  @ApiErrors(...COMMAND_ERRORS)
  reply(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: ReplyDto,
    @RequestKey() key: string,
  ): Promise<IssueCommandResult> {
    return this.commands.reply(user, params.id, body, key);
  }

  @Post(':id/follow-up-reply')
  @Roles('department')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Report the result promised in a class B reply (续报): lead department, class A or C' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: IssueCommandResult })
  @ApiErrors(...COMMAND_ERRORS)
  followUpReply(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: FollowUpReplyDto,
    @RequestKey() key: string,
  ): Promise<IssueCommandResult> {
    return this.commands.followUpReply(user, params.id, body, key);
  }

  // -------------------------------------------------------------------------------------------------------------
  // The deputy

  @Post(':id/rate')
  @Roles('deputy')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Rate the reply (评价): the deputy who submitted the issue',
    description: 'unsatisfied starts a second handling while re-handlings are left; otherwise the issue closes.',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: IssueCommandResult })
  @ApiErrors(...COMMAND_ERRORS)
  rate(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: RateDto,
    @RequestKey() key: string,
  ): Promise<IssueCommandResult> {
    return this.commands.rate(user, params.id, body, key);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Liaison officers and supervisors

  @Post(':id/assign')
  @Roles('liaison', 'supervisor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Refer an issue in triage to departments (交办): liaison officer or supervisor in scope' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: IssueCommandResult })
  @ApiErrors(...COMMAND_ERRORS)
  assign(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: AssignDto,
    @RequestKey() key: string,
  ): Promise<IssueCommandResult> {
    return this.commands.assign(user, params.id, body, key);
  }

  @Post(':id/urge')
  @Roles('liaison', 'supervisor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Urge the lead department (催办): liaison officer or supervisor in scope' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: IssueCommandResult })
  @ApiErrors(...COMMAND_ERRORS)
  urge(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: UrgeDto,
    @RequestKey() key: string,
  ): Promise<IssueCommandResult> {
    return this.commands.urge(user, params.id, body, key);
  }

  @Post(':id/extend')
  @Roles('liaison', 'supervisor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Extend the deadline with a reason (延期): liaison officer or supervisor in scope',
    description: 'Give extraWorkingDays (added to the current deadline) or newDueDate (later than it), not both.',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: IssueCommandResult })
  @ApiErrors(...COMMAND_ERRORS)
  extend(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: ExtendDto,
    @RequestKey() key: string,
  ): Promise<IssueCommandResult> {
    return this.commands.extend(user, params.id, body, key);
  }

  @Post(':id/reassign')
  @Roles('liaison', 'supervisor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Hand the issue to other departments (改办): liaison officer or supervisor in scope' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: IssueCommandResult })
  @ApiErrors(...COMMAND_ERRORS)
  reassign(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: ReassignDto,
    @RequestKey() key: string,
  ): Promise<IssueCommandResult> {
    return this.commands.reassign(user, params.id, body, key);
  }

  @Post(':id/refer-upward')
  @Roles('liaison', 'supervisor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Raise the escalation level now (提级督办): liaison officer or supervisor in scope' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: IssueCommandResult })
  @ApiErrors(...COMMAND_ERRORS)
  referUpward(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: ReferUpwardDto,
    @RequestKey() key: string,
  ): Promise<IssueCommandResult> {
    return this.commands.referUpward(user, params.id, body, key);
  }
}
