// Hot spots (热点) for supervisors: place × category × month counts and the most repeated problems of a region and
// period, each with the issues behind it.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { HotspotsView } from './hotspots.dto';
import { HotspotsService } from './hotspots.service';
import { BreakdownQuery } from './supervision.dto';

@ApiTags('supervision')
@ApiSignedIn()
@ApiErrors(400, 403, 404)
@Roles('supervisor', 'liaison', 'admin')
@Controller('api/supervision/hotspots')
export class HotspotsController {
  constructor(@Inject(HotspotsService) private readonly service: HotspotsService) {}

  @Get()
  @ApiOperation({
    summary: 'Hot spots (热点): place × category × month counts and the most repeated problems of a region',
    description:
      'Every issue submitted in [from, to) under the region counts once (a voter submission merged into an issue ' +
      'is not an issue). A repeated problem is its first issue and the later issues of the same place and category ' +
      'that the duplicate finder judges alike within 60 days.',
  })
  @ApiOkResponse({ type: HotspotsView })
  get(@CurrentUser() user: AuthUser, @Query() query: BreakdownQuery): Promise<HotspotsView> {
    return this.service.hotspots(user, query);
  }
}
