// Outbound webhook endpoints and their delivery log (issue #15 item 6). Admins only: an endpoint receives every issue
// event of the installation, so registering one is an administrator's decision.
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { IdParams } from '../admin/admin.dto';
import { ApiPageResponse, PageQuery, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import {
  CreatedWebhookView,
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDeliveryParams,
  WebhookDeliveryQuery,
  WebhookDeliveryView,
  WebhookView,
} from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiSignedIn()
@ApiErrors(403)
@Roles('admin')
@Controller('api/webhooks')
export class WebhooksController {
  constructor(@Inject(WebhooksService) private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'The webhook endpoints, oldest first, each with its waiting deliveries' })
  @ApiPageResponse(WebhookView)
  @ApiErrors(400)
  list(@Query() query: PageQuery): Promise<Page<WebhookView>> {
    return this.webhooks.list(query);
  }

  @Post()
  @ApiOperation({
    summary: 'Register an endpoint',
    description:
      'Issue events are POSTed to it as CloudEvents 1.0 (structured JSON), signed with the secret in the answer ' +
      '(shown only here): header Lianluo-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookView })
  @ApiErrors(400)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateWebhookDto): Promise<CreatedWebhookView> {
    return this.webhooks.create(actor, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One endpoint' })
  @ApiOkResponse({ type: WebhookView })
  @ApiErrors(400, 404)
  get(@Param() params: IdParams): Promise<WebhookView> {
    return this.webhooks.get(params.id);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change an endpoint's name, URL or event types" })
  @ApiOkResponse({ type: WebhookView })
  @ApiErrors(400, 404)
  update(
    @CurrentUser() actor: AuthUser,
    @Param() params: IdParams,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookView> {
    return this.webhooks.update(actor, params.id, body);
  }

  @Post(':id/pause')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Pause an endpoint: events keep being queued, none is sent until it resumes' })
  @ApiOkResponse({ type: WebhookView })
  @ApiErrors(400, 404)
  pause(@CurrentUser() actor: AuthUser, @Param() params: IdParams): Promise<WebhookView> {
    return this.webhooks.pause(actor, params.id);
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Resume an endpoint: the queued events are sent in order, the failure count restarts' })
  @ApiOkResponse({ type: WebhookView })
  @ApiErrors(400, 404)
  resume(@CurrentUser() actor: AuthUser, @Param() params: IdParams): Promise<WebhookView> {
    return this.webhooks.resume(actor, params.id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete an endpoint with its delivery log' })
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  delete(@CurrentUser() actor: AuthUser, @Param() params: IdParams): Promise<void> {
    return this.webhooks.delete(actor, params.id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "The endpoint's deliveries, newest first, each with every attempt" })
  @ApiPageResponse(WebhookDeliveryView)
  @ApiErrors(400, 404)
  deliveries(@Param() params: IdParams, @Query() query: WebhookDeliveryQuery): Promise<Page<WebhookDeliveryView>> {
    return this.webhooks.deliveries(params.id, query);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Send a delivery again',
    description: 'The same event (same CloudEvents id) is queued again, behind whatever waits for the endpoint.',
  })
  @ApiAcceptedResponse({ description: 'Queued.' })
  @ApiErrors(400, 404)
  redeliver(@CurrentUser() actor: AuthUser, @Param() params: WebhookDeliveryParams): Promise<void> {
    return this.webhooks.redeliver(actor, params.id, params.deliveryId);
  }
}
