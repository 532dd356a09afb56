// Owns the rules of outbound webhook endpoints (issue #15 item 6): admins register a URL (validated: http(s), no
// credentials, bounded, no internal address unless WEBHOOKS_ALLOW_PRIVATE=true) and the event types it wants; the
// signing secret is made here and shown once; pause, resume, delete; the delivery log; a manual redelivery. Sending
// is the worker's (its dispatcher picks up what is queued here), so no endpoint of this API talks to a receiver.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { newWebhookSecret, webhookUrlProblem } from '@app/webhooks';
import type { AuthUser } from '../auth/auth-user';
import { invalidField } from '../common/api-error';
import { pageOf, type Page } from '../common/pagination';
import { notFound } from '../admin/admin-errors';
import type {
  CreatedWebhookView,
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDeliveryQuery,
  WebhookDeliveryView,
  WebhookView,
} from './webhooks.dto';
import { WebhooksRepository } from './webhooks.repository';
import type { PageQuery } from '../common/pagination';

@Injectable()
export class WebhooksService {
  constructor(
    @Inject(WebhooksRepository) private readonly repository: WebhooksRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: PageQuery): Promise<Page<WebhookView>> {
    const { rows, total } = await this.repository.list(query.limit, query.offset);
    return pageOf(rows, total, query);
  }

  async get(id: string): Promise<WebhookView> {
    const endpoint = await this.repository.findById(id);
    if (!endpoint) throw notFound('Webhook endpoint');
    return endpoint;
  }

  async create(actor: AuthUser, input: CreateWebhookDto): Promise<CreatedWebhookView> {
    this.checkUrl(input.url);
    const secret = newWebhookSecret();
    const id = await this.repository.transaction((tx) =>
      this.repository.create(tx, actor.id, {
        name: input.name,
        url: input.url,
        eventTypes: [...new Set(input.eventTypes ?? [])],
        secret,
      }),
    );
    return { ...(await this.get(id)), secret };
  }

  async update(actor: AuthUser, id: string, input: UpdateWebhookDto): Promise<WebhookView> {
    if (input.url !== undefined) this.checkUrl(input.url);
    const eventTypes = input.eventTypes && [...new Set(input.eventTypes)];
    const found = await this.repository.transaction((tx) =>
      this.repository.update(tx, actor.id, id, { name: input.name, url: input.url, eventTypes }),
    );
    if (!found) throw notFound('Webhook endpoint');
    return this.get(id);
  }

  async pause(actor: AuthUser, id: string): Promise<WebhookView> {
    if (!(await this.repository.transaction((tx) => this.repository.pause(tx, actor.id, id)))) {
      throw notFound('Webhook endpoint');
    }
    return this.get(id);
  }

  async resume(actor: AuthUser, id: string): Promise<WebhookView> {
    if (!(await this.repository.transaction((tx) => this.repository.resume(tx, actor.id, id)))) {
      throw notFound('Webhook endpoint');
    }
    return this.get(id);
  }

  async delete(actor: AuthUser, id: string): Promise<void> {
    if (!(await this.repository.transaction((tx) => this.repository.delete(tx, actor.id, id)))) {
      throw notFound('Webhook endpoint');
    }
  }

  async deliveries(id: string, query: WebhookDeliveryQuery): Promise<Page<WebhookDeliveryView>> {
    await this.get(id);
    const { rows, total } = await this.repository.deliveries(id, query.limit, query.offset);
    return pageOf(rows, total, query);
  }

  async redeliver(actor: AuthUser, id: string, deliveryId: string): Promise<void> {
    if (!(await this.repository.transaction((tx) => this.repository.redeliver(tx, actor.id, id, deliveryId)))) {
      throw notFound('Webhook delivery');
    }
  }

  private checkUrl(url: string): void {
    const problem = webhookUrlProblem(url, this.config.WEBHOOKS_ALLOW_PRIVATE === 'true');
    if (problem) throw invalidField('url', `url ${problem}`);
  }
}
