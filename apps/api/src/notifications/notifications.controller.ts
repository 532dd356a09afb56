// The in-app notification centre (issue #13 item 5): every signed-in user's own notifications, written by the same
// steps that send the mail. No role gate: each call is keyed by the caller, so it reaches only their rows.
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Sse,
  type MessageEvent,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { LiveService } from './live.service';
import {
  LiveQuery,
  MarkedReadView,
  NotificationParams,
  NotificationPreferences,
  NotificationQuery,
  NotificationView,
  UnreadCountView,
} from './notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiSignedIn()
@Controller('api/notifications')
export class NotificationsController {
  constructor(
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(LiveService) private readonly live: LiveService,
  ) {}

  @Sse('events')
  @ApiOperation({
    summary: 'Your live updates (server-sent events): the bell, the issue page, the inbox',
    description:
      'Events: `ready` once listening; `notification` when a notification is written for you (refetch the count); ' +
      '`issue_event` { issueId, type, at } when the issue named by ?issueId= changes (404 if you may not read it), ' +
      'or without it when an issue assigned to your department does; `resync` after the server lost its database ' +
      'listener (refetch); `ping` every 25 s.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'A text/event-stream that stays open.' })
  @ApiErrors(400, 404)
  events(@CurrentUser() user: AuthUser, @Query() query: LiveQuery): Promise<Observable<MessageEvent>> {
    return this.live.stream(user, query.issueId);
  }

  @Get()
  @ApiOperation({ summary: 'Your notifications, newest first' })
  @ApiPageResponse(NotificationView)
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() query: NotificationQuery): Promise<Page<NotificationView>> {
    return this.notifications.list(user, query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many of your notifications are unread (the bell)' })
  @ApiOkResponse({ type: UnreadCountView })
  unreadCount(@CurrentUser() user: AuthUser): Promise<UnreadCountView> {
    return this.notifications.unreadCount(user);
  }

  @Get('preferences')
  @ApiOperation({ summary: 'How notices reach you: the language of your mails' })
  @ApiOkResponse({ type: NotificationPreferences })
  preferences(@CurrentUser() user: AuthUser): Promise<NotificationPreferences> {
    return this.notifications.preferences(user);
  }

  @Put('preferences')
  @ApiOperation({ summary: 'Choose the language of your mails (zh by default; en for English)' })
  @ApiOkResponse({ type: NotificationPreferences })
  @ApiErrors(400)
  setPreferences(
    @CurrentUser() user: AuthUser,
    @Body() body: NotificationPreferences,
  ): Promise<NotificationPreferences> {
    return this.notifications.setPreferences(user, body);
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark all your notifications read' })
  @ApiOkResponse({ type: MarkedReadView })
  markAllRead(@CurrentUser() user: AuthUser): Promise<MarkedReadView> {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Mark one of your notifications read (another user’s answers 404)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  markRead(@CurrentUser() user: AuthUser, @Param() params: NotificationParams): Promise<void> {
    return this.notifications.markRead(user, params.id);
  }
}
