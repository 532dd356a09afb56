import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookDelivery } from './webhook-delivery.entity';

/** One HTTP attempt of a webhook delivery. Append-only: a trigger refuses UPDATE (deletion follows the endpoint's). */
@Entity({ name: 'webhook_attempts' })
@Index('ix_webhook_attempts_delivery', ['deliveryId', 'id'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'bigint', primaryKeyConstraintName: 'pk_webhook_attempts' })
  id!: string;

  @Column({ name: 'delivery_id', type: 'bigint' })
  @ForeignKey(() => WebhookDelivery, { name: 'fk_webhook_attempts_delivery', onDelete: 'CASCADE' })
  deliveryId!: string;

  @Column({ name: 'attempted_at', type: 'timestamptz', default: () => 'now()' })
  attemptedAt!: Date;

  /** Null when there was no answer (refused target, timeout, reset). */
  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode!: number | null;

  @Column({ name: 'error', type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs!: number;
}
