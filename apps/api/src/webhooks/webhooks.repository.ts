// Owns the SQL of the admin's webhook endpoints: the endpoints with their backlog, their deliveries with every attempt,
// the writes (each with its audit entry, the secret never in it) and a manual redelivery (the row queued again).
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows, type JsonObject } from '@app/database';
import { PersonalDataCipher } from '@app/personal-data';
import { recordAudit } from '../admin/admin-audit';
import type { WebhookAttemptView, WebhookDeliveryView, WebhookView } from './webhooks.dto';

export interface NewWebhook {
  name: string;
  url: string;
  eventTypes: string[];
  secret: string;
}

export type WebhookPatch = Partial<Pick<NewWebhook, 'name' | 'url' | 'eventTypes'>>;

const VIEW = `
  SELECT w.id, w.name, w.url, w.event_types AS "eventTypes", w.status, w.paused_reason AS "pausedReason",
         w.paused_at AS "pausedAt", w.consecutive_failures AS "consecutiveFailures", w.created_at AS "createdAt",
         u.display_name AS "ownerName",
         (SELECT count(*)::int FROM webhook_deliveries d WHERE d.endpoint_id = w.id AND d.status = 'pending') AS pending
    FROM webhook_endpoints w JOIN users u ON u.id = w.owner_user_id`;

/** The endpoint as the audit trail keeps it: everything but the secret. */
const AUDITED = `SELECT to_jsonb(w) - 'secret' AS row FROM webhook_endpoints w WHERE w.id = $1`;

@Injectable()
export class WebhooksRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async list(limit: number, offset: number): Promise<{ rows: WebhookView[]; total: number }> {
    const rows = await queryRows<WebhookView>(this.db, `${VIEW} ORDER BY w.created_at, w.id LIMIT $1 OFFSET $2`, [
      limit,
      offset,
    ]);
    const [{ total }] = await queryRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM webhook_endpoints`,
    );
    return { rows, total };
  }

  async findById(id: string, db: DataSource | EntityManager = this.db): Promise<WebhookView | null> {
    const [row] = await queryRows<WebhookView>(db, `${VIEW} WHERE w.id = $1`, [id]);
    return row ?? null;
  }

  async create(tx: EntityManager, actorId: string, input: NewWebhook): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      tx,
      `INSERT INTO webhook_endpoints (name, url, event_types, secret, owner_user_id) VALUES ($1, $2, $3, $4, $5)
       RETURNING id`,
      [input.name, input.url, input.eventTypes, this.cipher.encrypt('webhookSecret', input.secret), actorId],
    );
    await this.audit(tx, actorId, 'create', row.id, null);
    return row.id;
  }

  /** False when there is no such endpoint. */
  async update(tx: EntityManager, actorId: string, id: string, patch: WebhookPatch): Promise<boolean> {
    const before = await this.snapshot(tx, id);
    if (!before) return false;
    await tx.query(
      `UPDATE webhook_endpoints SET name = COALESCE($2, name), url = COALESCE($3, url),
              event_types = COALESCE($4, event_types), updated_at = now()
        WHERE id = $1`,
      [id, patch.name ?? null, patch.url ?? null, patch.eventTypes ?? null],
    );
    await this.audit(tx, actorId, 'update', id, before);
    return true;
  }

  /** Pauses an active endpoint (its rows wait). False when there is no such endpoint. */
  async pause(tx: EntityManager, actorId: string, id: string): Promise<boolean> {
    const before = await this.snapshot(tx, id);
    if (!before) return false;
    await tx.query(
      `UPDATE webhook_endpoints SET status = 'paused', paused_reason = 'admin', paused_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'active'`,
      [id],
    );
    await this.audit(tx, actorId, 'update', id, before);
    return true;
  }

  /**
   * Resumes a paused endpoint: failures in a row start again from 0, and its waiting rows are handed to the
   * dispatcher again (which starts the endpoint's workflow). False when there is no such endpoint.
   */
  async resume(tx: EntityManager, actorId: string, id: string): Promise<boolean> {
    const before = await this.snapshot(tx, id);
    if (!before) return false;
    await tx.query(
      `UPDATE webhook_endpoints SET status = 'active', paused_reason = NULL, paused_at = NULL,
              consecutive_failures = 0, updated_at = now()
        WHERE id = $1`,
      [id],
    );
    await tx.query(`UPDATE webhook_deliveries SET dispatched = false WHERE endpoint_id = $1 AND status = 'pending'`, [
      id,
    ]);
    await this.audit(tx, actorId, 'update', id, before);
    return true;
  }

  /** Deletes the endpoint with its deliveries and attempts. False when there is no such endpoint. */
  async delete(tx: EntityManager, actorId: string, id: string): Promise<boolean> {
    const before = await this.snapshot(tx, id);
    if (!before) return false;
    await tx.query(`DELETE FROM webhook_endpoints WHERE id = $1`, [id]);
    await recordAudit(tx, {
      actorUserId: actorId,
      action: 'delete',
      entity: 'webhook_endpoint',
      entityId: id,
      before,
      after: null,
    });
    return true;
  }

  async deliveries(
    endpointId: string,
    limit: number,
    offset: number,
  ): Promise<{ rows: WebhookDeliveryView[]; total: number }> {
    const deliveries = await queryRows<Omit<WebhookDeliveryView, 'attempts'>>(
      this.db,
      `SELECT d.id::text, d.issue_event_id::text AS "eventId", d.event_type AS "eventType", d.subject,
              d.issue_id AS "issueId", d.occurred_at AS "occurredAt", d.status, d.delivered_at AS "deliveredAt"
         FROM webhook_deliveries d WHERE d.endpoint_id = $1 ORDER BY d.id DESC LIMIT $2 OFFSET $3`,
      [endpointId, limit, offset],
    );
    const attempts = await queryRows<WebhookAttemptView & { deliveryId: string }>(
      this.db,
      `SELECT a.delivery_id::text AS "deliveryId", a.attempted_at AS "attemptedAt", a.status_code AS "statusCode",
              a.error, a.duration_ms AS "durationMs"
         FROM webhook_attempts a WHERE a.delivery_id = ANY($1::bigint[]) ORDER BY a.id`,
      [deliveries.map((d) => d.id)],
    );
    const [{ total }] = await queryRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM webhook_deliveries WHERE endpoint_id = $1`,
      [endpointId],
    );
    const rows = deliveries.map((d) => ({
      ...d,
      attempts: attempts
        .filter((a) => a.deliveryId === d.id)
        .map(({ attemptedAt, statusCode, error, durationMs }) => ({ attemptedAt, statusCode, error, durationMs })),
    }));
    return { rows, total };
  }

  /**
   * Queues the delivery again (same event, same id) for the endpoint's workflow, after whatever waits before it.
   * False when the endpoint has no such delivery.
   */
  async redeliver(tx: EntityManager, actorId: string, endpointId: string, deliveryId: string): Promise<boolean> {
    const updated = await queryRows<{ id: string }>(
      tx,
      `UPDATE webhook_deliveries SET status = 'pending', dispatched = false, delivered_at = NULL
        WHERE id = $1 AND endpoint_id = $2 RETURNING id`,
      [deliveryId, endpointId],
    );
    if (updated.length === 0) return false;
    await recordAudit(tx, {
      actorUserId: actorId,
      action: 'update',
      entity: 'webhook_endpoint',
      entityId: endpointId,
      before: null,
      after: { redelivered: deliveryId },
    });
    return true;
  }

  private async snapshot(tx: EntityManager, id: string): Promise<JsonObject | null> {
    const [row] = await queryRows<{ row: JsonObject }>(tx, `${AUDITED} FOR UPDATE`, [id]);
    return row?.row ?? null;
  }

  private async audit(
    tx: EntityManager,
    actorId: string,
    action: 'create' | 'update',
    id: string,
    before: JsonObject | null,
  ): Promise<void> {
    const after = await this.snapshot(tx, id);
    await recordAudit(tx, { actorUserId: actorId, action, entity: 'webhook_endpoint', entityId: id, before, after });
  }
}
