import { Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { JsonObject } from './domain-values';
import { Reception } from './reception.entity';
import { User } from './user.entity';

/** One step in a reception day's history. Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). */
@Entity({ name: 'reception_events' })
@Unique('uq_reception_events_reception_step_key', ['receptionId', 'stepKey'])
export class ReceptionEvent {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'bigint', primaryKeyConstraintName: 'pk_reception_events' })
  id!: string;

  @Column({ name: 'reception_id', type: 'uuid' })
  @ForeignKey(() => Reception, { name: 'fk_reception_events_reception' })
  receptionId!: string;

  @Column({ name: 'step_key', type: 'text' })
  stepKey!: string;

  @Column({ name: 'type', type: 'text' })
  type!: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_reception_events_actor_user' })
  actorUserId!: string | null;

  @Column({ name: 'actor_label', type: 'text', nullable: true })
  actorLabel!: string | null;

  @Column({ name: 'data', type: 'jsonb', default: () => "'{}'" })
  data!: JsonObject;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;
}
