// Owns the webhook endpoint workflow's side effects: finding the next delivery, and one signed HTTP POST of it with a
// timeout, its attempt recorded afterwards (the POST runs outside any transaction or held connection). A receiver's
// failure is a result, not an activity error: the workflow keeps the back-off and each attempt is on record. A retry
// of this activity after the POST (the worker died before recording) sends the same event again, with the same
// CloudEvents id: receivers drop such a copy by id (documented in the README).
import { Inject, Injectable, Logger } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { WebhookActivities, WebhookAttemptInput, WebhookAttemptResult } from '@app/contracts';
import { MailOutbox } from '@app/mail';
import {
  CLOUDEVENTS_CONTENT_TYPE,
  cloudEventBody,
  guardedLookup,
  signWebhook,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  webhookEventSource,
} from '@app/webhooks';
import { WebhookActivitiesRepository, type PausedEndpoint } from './webhook-activities.repository';

/** What the receiver answered: a status code, or why there was none. */
export interface PostOutcome {
  statusCode: number | null;
  error: string | null;
}

/** The part of an error answer's body kept with the attempt: enough to read, not a whole page. */
const ERROR_EXCERPT = 200;

@Injectable()
export class WebhookActivitiesService implements WebhookActivities {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(WebhookActivitiesRepository) private readonly repository: WebhookActivitiesRepository,
    @Inject(MailOutbox) private readonly outbox: MailOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async nextWebhookDelivery({ endpointId }: { endpointId: string }): Promise<{ deliveryId: string } | null> {
    const id = await this.repository.nextPending(endpointId);
    return id ? { deliveryId: id } : null;
  }

  async attemptWebhookDelivery({ deliveryId }: WebhookAttemptInput): Promise<WebhookAttemptResult> {
    const delivery = await this.repository.toSend(deliveryId);
    if (!delivery) return { outcome: 'skipped', consecutiveFailures: 0 };
    const body = cloudEventBody(webhookEventSource(this.config.PUBLIC_URL), delivery);
    const attemptedAt = new Date();
    const signature = signWebhook(delivery.secret, Math.floor(attemptedAt.getTime() / 1000), body);
    const started = performance.now();
    const outcome = await this.post(delivery.url, body, {
      [WEBHOOK_SIGNATURE_HEADER]: signature,
      [WEBHOOK_DELIVERY_HEADER]: delivery.id,
    });
    const durationMs = Math.round(performance.now() - started);
    const delivered = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    const recorded = await this.repository.recordAttempt(
      { deliveryId, endpointId: delivery.endpointId, attemptedAt, durationMs, delivered, ...outcome },
      this.config.WEBHOOK_PAUSE_AFTER_FAILURES,
      (tx, endpoint, attemptId) => this.tellOwner(tx, delivery.endpointId, endpoint, attemptId),
    );
    if (!recorded) return { outcome: 'skipped', consecutiveFailures: 0 };
    if (!delivered) {
      this.logger.warn(
        `Webhook delivery ${deliveryId} to ${delivery.url} failed (${outcome.statusCode ?? outcome.error}); ` +
          `${recorded.consecutiveFailures} in a row${recorded.paused ? ': endpoint paused' : ''}`,
      );
    }
    return {
      outcome: delivered ? 'delivered' : recorded.paused ? 'paused' : 'failed',
      consecutiveFailures: recorded.consecutiveFailures,
    };
  }

  /** One POST; never throws: a refused target, a timeout or a reset is the outcome's error. */
  post(url: string, body: string, headers: Record<string, string>): Promise<PostOutcome> {
    const target = new URL(url);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const timeoutMs = this.config.WEBHOOK_TIMEOUT_SECONDS * 1000;
    return new Promise<PostOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: PostOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const req = request(
        target,
        {
          method: 'POST',
          lookup: guardedLookup(this.config.WEBHOOKS_ALLOW_PRIVATE === 'true'),
          headers: {
            'Content-Type': CLOUDEVENTS_CONTENT_TYPE,
            'Content-Length': Buffer.byteLength(body),
            'User-Agent': 'Lianluo-Webhooks/1.0',
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size < ERROR_EXCERPT) chunks.push(chunk);
            size += chunk.length;
          });
          res.on('end', () => {
            const status = res.statusCode ?? null;
            const ok = status !== null && status >= 200 && status < 300;
            const excerpt = Buffer.concat(chunks).toString('utf8').slice(0, ERROR_EXCERPT).trim();
            settle({ statusCode: status, error: ok ? null : excerpt || null });
          });
          res.on('error', (error) => settle({ statusCode: res.statusCode ?? null, error: error.message }));
        },
      );
      // One deadline for the whole exchange (connect, send, answer): a receiver that hangs is a failure.
      const timer = setTimeout(() => {
        settle({ statusCode: null, error: `no answer within ${this.config.WEBHOOK_TIMEOUT_SECONDS} s` });
        req.destroy();
      }, timeoutMs);
      req.on('error', (error) => settle({ statusCode: null, error: error.message }));
      req.end(body);
    });
  }

  /** The owner hears that the endpoint was paused, with the paused transaction (once per pause). */
  private async tellOwner(tx: EntityManager, endpointId: string, endpoint: PausedEndpoint, attemptId: string) {
    if (!endpoint.ownerEmail) return;
    const settings = new URL(`/admin/webhooks/${endpointId}`, this.config.PUBLIC_URL).toString();
    const failures = this.config.WEBHOOK_PAUSE_AFTER_FAILURES;
    await this.outbox.enqueue(
      {
        dedupeKey: `webhook:${endpointId}:paused:${attemptId}`,
        issueId: null,
        to: [endpoint.ownerEmail],
        subject: `Webhook 端点已暂停：${endpoint.name}`,
        text: [
          `您登记的 Webhook 端点“${endpoint.name}”（${endpoint.url}）连续 ${failures} 次推送失败，系统已暂停向其推送。`,
          '暂停期间的事项事件会保留，恢复后按顺序补发。',
          `请检查接收方后在管理页面恢复：${settings}`,
        ].join('\n'),
      },
      tx,
    );
  }
}
