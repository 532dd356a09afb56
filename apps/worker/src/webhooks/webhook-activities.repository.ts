// Owns the SQL of webhook delivery: the endpoint workflow's next row, what one attempt needs, the attempt recorded with
// its consequences (delivered, or one more failure in a row and perhaps the pause with its mail) in one transaction,
// and the dispatcher's rows still to hand to an endpoint's workflow. No transaction is held across an HTTP call.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows, retryingTransaction } from '@app/database';
import { PersonalDataCipher } from '@app/personal-data';

export interface DeliveryToSend {
  id: string;
  endpointId: string;
  url: string;
  secret: string;
  eventId: string;
  eventType: string;
  subject: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}

export interface AttemptRecord {
  deliveryId: string;
  endpointId: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  attemptedAt: Date;
  delivered: boolean;
}

export interface PausedEndpoint {
  name: string;
  url: string;
  ownerEmail: string | null;
}

@Injectable()
export class WebhookActivitiesRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  /** The oldest pending delivery of the endpoint, when it is active. */
  async nextPending(endpointId: string): Promise<string | null> {
    const [row] = await queryRows<{ id: string }>(
      this.db,
      `SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.status = 'active'
        WHERE d.endpoint_id = $1 AND d.status = 'pending' ORDER BY d.id LIMIT 1`,
      [endpointId],
    );
    return row?.id ?? null;
  }

  /** The pending delivery with its endpoint's URL and secret, when the endpoint is active. */
  async toSend(deliveryId: string): Promise<DeliveryToSend | null> {
    const [row] = await queryRows<DeliveryToSend>(
      this.db,
      `SELECT d.id, d.endpoint_id AS "endpointId", w.url, w.secret, d.issue_event_id::text AS "eventId",
              d.event_type AS "eventType", d.subject, d.occurred_at AS "occurredAt", d.data
         FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id
        WHERE d.id = $1 AND d.status = 'pending' AND w.status = 'active'`,
      [deliveryId],
    );
    // The secret is opened only here, for the one attempt that signs with it.
    return row ? { ...row, secret: this.cipher.decrypt('webhookSecret', row.secret) ?? '' } : null;
  }

  /**
   * Records the attempt. Delivered: the row is done and the endpoint's failures in a row start again from 0. Failed:
   * one more failure in a row; at `pauseAfter` the endpoint is paused and `onPaused` writes (the owner's mail) in the
   * same transaction. Null when the delivery is gone (its endpoint deleted meanwhile).
   */
  async recordAttempt(
    attempt: AttemptRecord,
    pauseAfter: number,
    onPaused: (tx: EntityManager, endpoint: PausedEndpoint, attemptId: string) => Promise<void>,
  ): Promise<{ consecutiveFailures: number; paused: boolean } | null> {
    return retryingTransaction(this.db, 'recordWebhookAttempt', async (tx) => {
      const [delivery] = await queryRows<{ id: string }>(
        tx,
        `SELECT id FROM webhook_deliveries WHERE id = $1 FOR UPDATE`,
        [attempt.deliveryId],
      );
      if (!delivery) return null;
      const [inserted] = await queryRows<{ id: string }>(
        tx,
        `INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, error, duration_ms)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [attempt.deliveryId, attempt.attemptedAt, attempt.statusCode, attempt.error, attempt.durationMs],
      );
      if (attempt.delivered) {
        await tx.query(
          `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = $2 WHERE id = $1 AND status = 'pending'`,
          [attempt.deliveryId, attempt.attemptedAt],
        );
        await tx.query(`UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = $1`, [attempt.endpointId]);
        return { consecutiveFailures: 0, paused: false };
      }
      const [endpoint] = await queryRows<{
        failures: number;
        status: string;
        name: string;
        url: string;
        email: string | null;
      }>(
        tx,
        `UPDATE webhook_endpoints w SET consecutive_failures = consecutive_failures + 1
           FROM users u WHERE w.id = $1 AND u.id = w.owner_user_id
         RETURNING w.consecutive_failures AS failures, w.status, w.name, w.url, u.email`,
        [attempt.endpointId],
      );
      if (!endpoint) return null;
      if (endpoint.status !== 'active' || endpoint.failures < pauseAfter) {
        return { consecutiveFailures: endpoint.failures, paused: false };
      }
      await tx.query(
        `UPDATE webhook_endpoints SET status = 'paused', paused_reason = 'failures', paused_at = $2, updated_at = now()
          WHERE id = $1`,
        [attempt.endpointId, attempt.attemptedAt],
      );
      await onPaused(tx, { name: endpoint.name, url: endpoint.url, ownerEmail: endpoint.email }, inserted.id);
      return { consecutiveFailures: endpoint.failures, paused: true };
    });
  }

  /** Active endpoints with rows not yet handed to their workflow, with the newest such row. */
  async undispatched(): Promise<{ endpointId: string; upTo: string }[]> {
    return queryRows<{ endpointId: string; upTo: string }>(
      this.db,
      `SELECT d.endpoint_id AS "endpointId", max(d.id)::text AS "upTo"
         FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.status = 'active'
        WHERE d.status = 'pending' AND NOT d.dispatched
        GROUP BY d.endpoint_id`,
    );
  }

  async markDispatched(endpointId: string, upTo: string): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET dispatched = true
        WHERE endpoint_id = $1 AND id <= $2 AND status = 'pending' AND NOT dispatched`,
      [endpointId, upTo],
    );
  }

  /** Active endpoints with any pending row: the sweep wakes their workflows in case one ended past a signal. */
  async withPending(): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.db,
      `SELECT w.id FROM webhook_endpoints w
        WHERE w.status = 'active' AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = w.id AND d.status = 'pending')`,
    );
    return rows.map((r) => r.id);
  }
}
