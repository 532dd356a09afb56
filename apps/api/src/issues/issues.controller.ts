// Issues: intake by deputies, reads for everyone within their scope, and the commands that drive the workflow.
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
  Res,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { AcceptedCommandInterceptor } from './accepted-command.interceptor';
import { IssueCommandsService } from './issue-commands.service';
import {
  AssignDto,
  CoHandlerInputDto,
  CreateIssueDto,
  ExtendDto,
  FollowUpReplyDto,
  IssueCommandAccepted,
  IssueCommandResult,
  type IssueCommandAnswer,
  IssueDetailView,
  IssueEventView,
  IssueIdParams,
  IssueQuery,
  IssueSummaryView,
  RateDto,
  ReassignDto,
  CommandKeyParams,
  CommandOutcomeView,
  ReferUpwardDto,
  ReplyDto,
  SendBackDto,
  UrgeDto,
  MergeIntoDto,
} from './issues.dto';
import { CommandReceiptsService } from './command-receipts.service';
import { IssuesService } from './issues.service';
import { ApiIdempotencyKey } from '../common/idempotency-key';
import { Receipt, type CommandReceipt } from './request-key';

/**
 * A command's answers: 200 carried out; 202 saved at its first receipt and not carried out yet (accepted by the
 * workflow, or delivered later by the worker), its outcome at Location; 503 with Retry-After only when it could not
 * be saved (the database did not answer).
 */
function ApiCommandAnswers(): MethodDecorator {
  return applyDecorators(
    ApiOkResponse({ type: IssueCommandResult, description: 'Carried out' }),
    ApiAcceptedResponse({
      type: IssueCommandAccepted,
      description:
        'Saved at its first receipt, not carried out yet; it will be, judged at that receipt. The outcome is at ' +
        'Location (accepted.outcomeUrl), or resend with the same Idempotency-Key',
    }),
    ApiErrors(400, 403, 404, 409, 503),
  );
}

@ApiTags('issues')
@ApiSignedIn()
@Controller('api/issues')
@UseInterceptors(AcceptedCommandInterceptor)
export class IssuesController {
  constructor(
    @Inject(IssuesService) private readonly issues: IssuesService,
    @Inject(IssueCommandsService) private readonly commands: IssueCommandsService,
    @Inject(CommandReceiptsService) private readonly receipts: CommandReceiptsService,
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

  @Get(':id/commands/:key')
  @ApiOperation({
    summary: 'The outcome of a command you sent, by its Idempotency-Key',
    description:
      'pending: saved at its receipt and not carried out yet (the worker delivers it); applied; or rejected with ' +
      'the answer it got. Only the sender sees it.',
  })
  @ApiOkResponse({ type: CommandOutcomeView })
  @ApiErrors(400, 404)
  commandOutcome(@CurrentUser() user: AuthUser, @Param() params: CommandKeyParams): Promise<CommandOutcomeView> {
    return this.receipts.outcome(user, params.id, params.key);
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
  @ApiCommandAnswers()
  acknowledge(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Receipt() receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    return this.commands.acknowledge(user, params.id, receipt);
  }

  @Post(':id/send-back')
  @Roles('department')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send the referral back as not yours (退回): lead department; back to triage' })
  @ApiIdempotencyKey()
  @ApiCommandAnswers()
  sendBack(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: SendBackDto,
    @Receipt() receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    return this.commands.sendBack(user, params.id, body, receipt);
  }

  @Post(':id/co-handler-input')
  @Roles('department')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Give your input to the lead department (协办意见): co-handling department' })
  @ApiIdempotencyKey()
  @ApiCommandAnswers()
  coHandlerInput(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: CoHandlerInputDto,
    @Receipt() receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    return this.commands.coHandlerInput(user, params.id, body, receipt);
  }

  @Post(':id/reply')
  @Roles('department')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Reply (答复): lead department',
    description: 'Class B needs promisedDate, a date after today; A and C take none. The deputy is then asked to rate.',
  })
  @ApiIdempotencyKey()
  @ApiCommandAnswers()
  reply(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: ReplyDto,
    @Receipt() receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    return this.commands.reply(user, params.id, body, receipt);
  }

  @Post(':id/follow-up-reply')
  @Roles('department')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Report the result promised in a class B reply (续报): lead department, class A or C' })
  @ApiIdempotencyKey()
  @ApiCommandAnswers()
  followUpReply(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: FollowUpReplyDto,
    @Receipt() receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    return this.commands.followUpReply(user, params.id, body, receipt);
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
  @ApiCommandAnswers()
  rate(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: RateDto,
    @Receipt() receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    return this.commands.rate(user, params.id, body, receipt);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Liaison officers and supervisors

  @Post(':id/assign')
  @Roles('liaison', 'supervisor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Refer an issue in triage to departments (交办): liaison officer or supervisor in scope' })
  @ApiIdempotencyKey()
  @ApiCommandAnswers()
  assign(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: AssignDto,
    @Receipt() receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    return this.commands.assign(user, params.id, body, receipt);
  }

  @Post(':id/urge')
  @Roles('liaison', 'supervisor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Urge the lead department (催办): liaison officer or supervisor in scope' })
  @ApiIdempotencyKey()
  @ApiCommandAnswers()
  urge(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: UrgeDto,
    @Receipt() receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    return this.commands.urge(user, params.id, body, receipt);
  }

  @Post(':id/merge-into')
  @Roles('liaison', 'supervisor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Merge this repeated issue into another open issue of the same place (重复件合并): liaison officer or ' +
      'supervisor in scope of both. This issue closes as merged; the other’s reply and closing reach its deputy and voters.',
  })
  @ApiIdempotencyKey()
  @ApiCommandAnswers()
  mergeInto(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: MergeIntoDto,
    @Receipt() receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    return this.commands.mergeInto(user, params.id, body, receipt);
  }

  @Post(':id/extend')
  @Roles('liaison', 'supervisor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Extend the deadline with a reason (延期): liaison officer or supervisor in scope',
    description: 'Give extraWorkingDays (added to the current deadline) or newDueDate (later than it), not both.',
  })
  @ApiIdempotencyKey()
  @ApiCommandAnswers()
  extend(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: ExtendDto,
    @Receipt() receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    return this.commands.extend(user, params.id, body, receipt);
  }

  @Post(':id/reassign')
  @Roles('liaison', 'supervisor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Hand the issue to other departments (改办): liaison officer or supervisor in scope' })
  @ApiIdempotencyKey()
  @ApiCommandAnswers()
  reassign(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: ReassignDto,
    @Receipt() receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    return this.commands.reassign(user, params.id, body, receipt);
  }

  @Post(':id/refer-upward')
  @Roles('liaison', 'supervisor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Raise the escalation level now (提级督办): liaison officer or supervisor in scope',
    description:
      "The issue goes to the supervising body above the caller's own (the broadest of their liaison or supervisor " +
      'regions over the issue: township 1 → county liaison office 2, county 2 → city 3), or one above its current ' +
      'level if that is higher; 409 TopLevelReached when there is none.',
  })
  @ApiIdempotencyKey()
  @ApiCommandAnswers()
  referUpward(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @Body() body: ReferUpwardDto,
    @Receipt() receipt: CommandReceipt,
  ): Promise<IssueCommandAnswer> {
    return this.commands.referUpward(user, params.id, body, receipt);
  }
}
