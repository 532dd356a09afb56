// The voter's channel without an account (代表码): what a QR code names, a challenge, the submission, and the
// status page's facts by tracking code. The same rules answer the HTML pages under /v (voter-page.controller.ts).
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, VoterRateLimit } from '../auth/auth.decorators';
import { ApiErrors } from '../common/swagger';
import {
  CaptchaView,
  CodeTargetView,
  DeputyCodeParams,
  StationCodeParams,
  SubmissionReceiptView,
  TrackingCodeDto,
  TrackView,
  VoterSolvedDto,
  VoterSubmissionDto,
} from './voter.dto';
import { VoterSubmissionsService } from './voter-submissions.service';

@ApiTags('voter')
@Public()
@Controller('api/public/voter')
export class VoterPublicController {
  constructor(@Inject(VoterSubmissionsService) private readonly submissions: VoterSubmissionsService) {}

  @Get('codes/:stationId')
  @ApiOperation({ summary: "What a station's QR code shows: the station, reception days, places, the notice" })
  @ApiOkResponse({ type: CodeTargetView })
  @ApiErrors(400, 404)
  station(@Param() params: StationCodeParams): Promise<CodeTargetView> {
    return this.submissions.codeTarget(params.stationId, null);
  }

  @Get('codes/:stationId/deputies/:deputyId')
  @ApiOperation({ summary: "What a deputy's QR code (at one of their stations) shows" })
  @ApiOkResponse({ type: CodeTargetView })
  @ApiErrors(400, 404)
  deputy(@Param() params: DeputyCodeParams): Promise<CodeTargetView> {
    return this.submissions.codeTarget(params.stationId, params.deputyId);
  }

  @Get('captcha')
  @ApiOperation({ summary: 'A challenge: an image of four digits and its token (30 minutes, answered once)' })
  @ApiOkResponse({ type: CaptchaView })
  captcha(): CaptchaView {
    return this.submissions.newCaptcha();
  }

  @Post('submissions')
  @VoterRateLimit()
  @ApiOperation({
    summary: 'Submit a problem to a deputy (no account)',
    description:
      'Needs the challenge answered (each token once), the personal-information notice accepted, and a phone or ' +
      'an email. 429 beyond VOTER_SUBMISSIONS_PER_ADDRESS_PER_HOUR per address or VOTER_SUBMISSIONS_PER_CONTACT_PER_DAY ' +
      'per phone or email. The tracking code is shown once (and mailed); only its hash is kept.',
  })
  @ApiCreatedResponse({ type: SubmissionReceiptView })
  @ApiErrors(400)
  submit(@Body() body: VoterSubmissionDto): Promise<SubmissionReceiptView> {
    return this.submissions.submit(body);
  }

  @Post('track')
  @HttpCode(HttpStatus.OK)
  @VoterRateLimit()
  @ApiOperation({
    summary: 'A submission by its tracking code: steps with dates, the published replies; contact masked',
    description: 'A wrong or unknown code is 404, whichever part is wrong.',
  })
  @ApiOkResponse({ type: TrackView })
  @ApiErrors(400, 404)
  track(@Body() body: TrackingCodeDto): Promise<TrackView> {
    return this.submissions.track(body.code);
  }

  @Post('track/solved')
  @HttpCode(HttpStatus.OK)
  @VoterRateLimit()
  @ApiOperation({ summary: 'The voter says whether the problem was solved (once there is a reply)' })
  @ApiOkResponse({ type: TrackView })
  @ApiErrors(400, 404, 409)
  solved(@Body() body: VoterSolvedDto): Promise<TrackView> {
    return this.submissions.saySolved(body.code, body.solved);
  }
}
