// Replying by the signed link in a referral email, without an account: read what the link is for, then reply once.
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody } from '../common/api-error';
import { Public } from '../auth/auth.decorators';
import { ReceivedAt } from '../common/received-at';
import { ApiErrors } from '../common/swagger';
import { IssueCommandResult, ReplyDto } from './issues.dto';
import { LinkReplyService } from './link-reply.service';
import { ReplyLinkParams, ReplyLinkView } from './reply-links.dto';

const GONE = { status: 410, description: 'The link has expired or has been used', type: ApiErrorBody };

@ApiTags('reply-links')
@Public()
@Controller('api/reply-links')
export class ReplyLinksController {
  constructor(@Inject(LinkReplyService) private readonly linkReplies: LinkReplyService) {}

  @Get(':token')
  @ApiOperation({
    summary: 'What a reply link is for: the department, the assignment and the issue (voter data masked)',
    description: '403 for a link that is not valid, 410 for one that has expired or has been used.',
  })
  @ApiOkResponse({ type: ReplyLinkView })
  @ApiResponse(GONE)
  @ApiErrors(400, 403)
  show(@Param() params: ReplyLinkParams): Promise<ReplyLinkView> {
    return this.linkReplies.show(params.token);
  }

  @Post(':token/reply')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Reply with the link, as its department; the link works once',
    description:
      'The link is used up only when the reply is accepted: a rejected reply (400, 409) leaves it usable. ' +
      '409 also when the assignment is no longer open (answered, sent back, reassigned, or a later round).',
  })
  @ApiOkResponse({ type: IssueCommandResult })
  @ApiResponse(GONE)
  @ApiErrors(400, 403, 409, 503)
  reply(
    @Param() params: ReplyLinkParams,
    @Body() body: ReplyDto,
    @ReceivedAt() receivedAt: string,
  ): Promise<IssueCommandResult> {
    return this.linkReplies.reply(params.token, body, receivedAt);
  }
}
