// Live updates for supervisors' screens: server-sent events when an issue in their regions is escalated, gets a
// reply, or otherwise moves into or out of a queue. EventSource cannot send headers, so this one route also takes
// the access token as ?access_token=.
import { Controller, Inject, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { AccessTokenInQuery, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { LiveUpdatesService } from './live-updates.service';
import { EventsQuery } from './supervision.dto';

@ApiTags('supervision')
@ApiSignedIn()
@ApiErrors(400, 403)
@Roles('supervisor', 'liaison', 'admin')
@Controller('api/supervision')
export class EventsController {
  constructor(@Inject(LiveUpdatesService) private readonly live: LiveUpdatesService) {}

  @Sse('events')
  @AccessTokenInQuery()
  @ApiOperation({
    summary: 'Live updates (server-sent events) for issues in your regions',
    description:
      'Events: `ready` once listening (send your queries after it to miss nothing); `issue_event` with ' +
      '{ id, issueId, type, regionPath, at } when an event of the chosen types is recorded for an issue in your ' +
      'regions; `resync` after the server lost and regained its database listener (refetch); `ping` every 25 s. ' +
      'Authenticate with the Authorization header, or ?access_token= for EventSource.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'A text/event-stream that stays open.' })
  events(@CurrentUser() user: AuthUser, @Query() query: EventsQuery): Observable<MessageEvent> {
    return this.live.stream(user, query.types);
  }
}
