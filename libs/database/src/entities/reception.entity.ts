import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { RECEPTION_KINDS, RECEPTION_STATUSES, type ReceptionKind, type ReceptionStatus } from '@app/contracts';
import { oneOf } from './domain-values';
import { Station } from './station.entity';
import { User } from './user.entity';

/** The read model of one reception day (接待日); its workflow keeps this row current. */
@Entity({ name: 'receptions' })
@Unique('uq_receptions_station_nominal_date', ['stationId', 'nominalDate'])
@Unique('uq_receptions_workflow_id', ['workflowId'])
@Check('ck_receptions_status', oneOf('status', RECEPTION_STATUSES))
@Check('ck_receptions_voters_received', '"voters_received" >= 0')
@Check('ck_receptions_kind', oneOf('kind', RECEPTION_KINDS))
@Check(
  'ck_receptions_kind_shape',
  `CASE WHEN "kind" = 'scheduled'
     THEN "nominal_date" IS NOT NULL AND "workflow_id" IS NOT NULL AND "remind_at" IS NOT NULL
          AND "record_due_at" IS NOT NULL AND "overdue_at" IS NOT NULL AND "idempotency_key" IS NULL
     ELSE "nominal_date" IS NULL AND "workflow_id" IS NULL AND "remind_at" IS NULL AND "record_due_at" IS NULL
          AND "overdue_at" IS NULL AND "status" = 'held' AND "idempotency_key" IS NOT NULL
          AND "recorded_by_user_id" IS NOT NULL
   END`,
)
@Check('ck_receptions_held_hours', '"held_until" IS NULL OR "held_from" IS NULL OR "held_until" > "held_from"')
@Unique('uq_receptions_recorded_by_idempotency_key', ['recordedByUserId', 'idempotencyKey'])
@Index('ix_receptions_held_on', ['heldOn'])
@Index('ix_receptions_status', ['status'])
export class Reception {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_receptions' })
  id!: string;

  @Column({ name: 'station_id', type: 'uuid' })
  @ForeignKey(() => Station, { name: 'fk_receptions_station' })
  stationId!: string;

  @Column({ name: 'kind', type: 'text', default: 'scheduled' })
  kind!: ReceptionKind;

  /** The date the rule gives; none for an ad-hoc reception (so the station's key binds rule days only). */
  @Column({ name: 'nominal_date', type: 'date', nullable: true })
  nominalDate!: string | null;

  /** The date it is held on: the nominal date, or the next working day when that is not one. */
  @Column({ name: 'held_on', type: 'date' })
  heldOn!: string;

  @Column({ name: 'status', type: 'text' })
  status!: ReceptionStatus;

  /** Rule days only: an ad-hoc reception runs no workflow and has no reminders or deadlines. */
  @Column({ name: 'workflow_id', type: 'text', nullable: true })
  workflowId!: string | null;

  @Column({ name: 'remind_at', type: 'timestamptz', nullable: true })
  remindAt!: Date | null;

  @Column({ name: 'record_due_at', type: 'timestamptz', nullable: true })
  recordDueAt!: Date | null;

  @Column({ name: 'overdue_at', type: 'timestamptz', nullable: true })
  overdueAt!: Date | null;

  /** An ad-hoc reception's hours (China time), when given. */
  @Column({ name: 'held_from', type: 'time', nullable: true })
  heldFrom!: string | null;

  @Column({ name: 'held_until', type: 'time', nullable: true })
  heldUntil!: string | null;

  /** An ad-hoc reception's client key: a retried request finds the reception it recorded. */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt!: Date | null;

  @Column({ name: 'voters_received', type: 'integer', nullable: true })
  votersReceived!: number | null;

  @Column({ name: 'notes', type: 'text', nullable: true })
  notes!: string | null;

  @Column({ name: 'not_held_reason', type: 'text', nullable: true })
  notHeldReason!: string | null;

  @Column({ name: 'recorded_by_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_receptions_recorded_by_user' })
  recordedByUserId!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true })
  recordedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
