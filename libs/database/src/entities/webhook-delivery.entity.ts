import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf, type JsonObject } from './domain-values';
import { IssueEvent } from './issue-event.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * The webhook outbox: one issue event for one endpoint, written in the event's transaction. `dispatched`: the worker's
 * dispatcher has handed it to the endpoint's workflow.
 */
@Entity({ name: 'webhook_deliveries' })
@Unique('uq_webhook_deliveries_endpoint_event', ['endpointId', 'issueEventId'])
@Check('ck_webhook_deliveries_status', oneOf('status', WEBHOOK_DELIVERY_STATUSES))
@Index('ix_webhook_deliveries_pending', ['endpointId', 'id'], { where: `"status" = 'pending'` })
@Index('ix_webhook_deliveries_endpoint', ['endpointId', 'id'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('increment', {
    name: 'id',
    type: 'bigint',
    primaryKeyConstraintName: 'pk_webhook_deliveries',
  })
  id!: string;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  @ForeignKey(() => WebhookEndpoint, { name: 'fk_webhook_deliveries_endpoint', onDelete: 'CASCADE' })
  endpointId!: string;

  /** The CloudEvents id. */
  @Column({ name: 'issue_event_id', type: 'bigint' })
  @ForeignKey(() => IssueEvent, { name: 'fk_webhook_deliveries_event' })
  issueEventId!: string;

  @Column({ name: 'issue_id', type: 'uuid' })
  issueId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  /** The issue number. */
  @Column({ name: 'subject', type: 'text' })
  subject!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'data', type: 'jsonb' })
  data!: JsonObject;

  @Column({ name: 'status', type: 'text', default: 'pending' })
  status!: WebhookDeliveryStatus;

  @Column({ name: 'dispatched', type: 'boolean', default: false })
  dispatched!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
