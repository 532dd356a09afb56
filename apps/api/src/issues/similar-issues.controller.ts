// Likely duplicates (重复件) shown at intake and on an issue, so a repeated problem is linked or merged, not handled
// twice. Registered before IssuesController so that `similar` is never read as an issue id.
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { IssueIdParams } from './issues.dto';
import { SimilarIssuesQuery, SimilarIssuesView } from './similar-issues.dto';
import { SimilarIssuesService } from './similar-issues.service';

@ApiTags('issues')
@ApiSignedIn()
@Controller('api/issues')
export class SimilarIssuesController {
  constructor(@Inject(SimilarIssuesService) private readonly similar: SimilarIssuesService) {}

  // POST because a draft's text can be 4,000 characters, too long for a URL; it reads and changes nothing.
  @Post('similar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Likely duplicates of a draft: same place (and category), similar text, the last 60 days',
    description: 'Reads only. Lists only issues you may see, most similar first.',
  })
  @ApiOkResponse({ type: SimilarIssuesView })
  @ApiErrors(400)
  forDraft(@CurrentUser() user: AuthUser, @Body() body: SimilarIssuesQuery): Promise<SimilarIssuesView> {
    return this.similar.forDraft(user, body);
  }

  @Get(':id/similar')
  @ApiOperation({
    summary: 'Likely duplicates of an issue: same place and category, similar text, 60 days either side',
  })
  @ApiOkResponse({ type: SimilarIssuesView })
  @ApiErrors(400, 404)
  forIssue(@CurrentUser() user: AuthUser, @Param() params: IssueIdParams): Promise<SimilarIssuesView> {
    return this.similar.forIssue(user, params.id);
  }
}
