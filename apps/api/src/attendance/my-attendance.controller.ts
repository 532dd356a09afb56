// The deputy's side of attendance (列席): their invitations and reply (attend, or leave with a written reason), and
// the speeches awaiting their sign-off.
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { ApiIdempotencyKey, RequestKey } from '../common/idempotency-key';
import {
  AttendanceIdParams,
  InvitationListQuery,
  InvitationReplyDto,
  InvitationView,
  SignOffDto,
  SpeechView,
} from './attendance.dto';
import { MeetingsService } from './meetings.service';
import { SpeechesService } from './speeches.service';

@ApiTags('attendance')
@ApiSignedIn()
@Roles('deputy')
@Controller('api/attendance/my')
export class MyAttendanceController {
  constructor(
    @Inject(MeetingsService) private readonly meetings: MeetingsService,
    @Inject(SpeechesService) private readonly speeches: SpeechesService,
  ) {}

  @Get('invitations')
  @ApiOperation({ summary: 'Your invitations to attend meetings, latest meeting first' })
  @ApiPageResponse(InvitationView)
  @ApiErrors(400, 403)
  invitations(@CurrentUser() user: AuthUser, @Query() query: InvitationListQuery): Promise<Page<InvitationView>> {
    return this.meetings.myInvitations(user, query);
  }

  @Post('invitations/:id/reply')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Answer an invitation: attend, or leave with a written reason (请假条)',
    description: 'You may change your answer until the meeting day ends; a leave request waits for the office.',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: InvitationView })
  @ApiErrors(400, 403, 404, 409, 503)
  reply(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @Body() body: InvitationReplyDto,
    @RequestKey() key: string,
  ): Promise<InvitationView> {
    return this.meetings.reply(user, params.id, body, key);
  }

  @Get('speeches')
  @ApiOperation({ summary: 'Your recorded speeches, those awaiting your sign-off included' })
  @ApiOkResponse({ type: [SpeechView] })
  @ApiErrors(403)
  mySpeeches(@CurrentUser() user: AuthUser): Promise<SpeechView[]> {
    return this.speeches.mine(user);
  }

  @Post('speeches/:id/sign-off')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign off your speech as transcribed, or send your corrected text (签阅)' })
  @ApiOkResponse({ type: SpeechView })
  @ApiErrors(400, 403, 404, 409)
  signOff(
    @CurrentUser() user: AuthUser,
    @Param() params: AttendanceIdParams,
    @Body() body: SignOffDto,
  ): Promise<SpeechView> {
    return this.speeches.signOff(user, params.id, body);
  }
}
