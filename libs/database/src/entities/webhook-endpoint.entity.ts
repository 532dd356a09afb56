import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';
import { oneOf } from './domain-values';
import { User } from './user.entity';

export const WEBHOOK_ENDPOINT_STATUSES = ['active', 'paused'] as const;
export type WebhookEndpointStatus = (typeof WEBHOOK_ENDPOINT_STATUSES)[number];
/** Paused by an admin, or by the worker after WEBHOOK_PAUSE_AFTER_FAILURES failed attempts in a row. */
export const WEBHOOK_PAUSE_REASONS = ['admin', 'failures'] as const;

/** Where an admin wants issue events sent (issue #15 item 6); the secret signs each delivery. */
@Entity({ name: 'webhook_endpoints' })
@Check('ck_webhook_endpoints_status', oneOf('status', WEBHOOK_ENDPOINT_STATUSES))
@Check('ck_webhook_endpoints_paused_reason', oneOf('paused_reason', WEBHOOK_PAUSE_REASONS))
@Check('ck_webhook_endpoints_url_length', `char_length("url") <= 2048`)
@Check('ck_webhook_endpoints_secret_sealed', `"secret" LIKE 'pd1:%'`)
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_webhook_endpoints' })
  id!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'url', type: 'text' })
  url!: string;

  /** CloudEvents types sent; empty: all. */
  @Column({ name: 'event_types', type: 'text', array: true, default: () => "'{}'" })
  eventTypes!: string[];

  /**
   * AES-256-GCM ciphertext under PERSONAL_DATA_KEYS (`pd1:…`, libs/personal-data): an HMAC needs the key itself, so it
   * is encrypted rather than hashed. Never in an API answer after the one that created it.
   */
  @Column({ name: 'secret', type: 'text' })
  secret!: string;

  @Column({ name: 'status', type: 'text', default: 'active' })
  status!: WebhookEndpointStatus;

  @Column({ name: 'paused_reason', type: 'text', nullable: true })
  pausedReason!: string | null;

  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt!: Date | null;

  @Column({ name: 'consecutive_failures', type: 'int', default: 0 })
  consecutiveFailures!: number;

  /** The admin who registered it, mailed when it is paused. */
  @Column({ name: 'owner_user_id', type: 'uuid' })
  @ForeignKey(() => User, { name: 'fk_webhook_endpoints_owner' })
  ownerUserId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
