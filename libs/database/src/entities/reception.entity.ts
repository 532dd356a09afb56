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
import { RECEPTION_STATUSES, type ReceptionStatus } from '@app/contracts';
import { oneOf } from './domain-values';
import { Station } from './station.entity';
import { User } from './user.entity';

/** The read model of one reception day (接待日); its workflow keeps this row current. */
@Entity({ name: 'receptions' })
@Unique('uq_receptions_station_nominal_date', ['stationId', 'nominalDate'])
@Unique('uq_receptions_workflow_id', ['workflowId'])
@Check('ck_receptions_status', oneOf('status', RECEPTION_STATUSES))
@Check('ck_receptions_voters_received', '"voters_received" >= 0')
@Index('ix_receptions_held_on', ['heldOn'])
@Index('ix_receptions_status', ['status'])
export class Reception {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_receptions' })
  id!: string;

  @Column({ name: 'station_id', type: 'uuid' })
  @ForeignKey(() => Station, { name: 'fk_receptions_station' })
  stationId!: string;

  /** The date the rule gives. */
  @Column({ name: 'nominal_date', type: 'date' })
  nominalDate!: string;

  /** The date it is held on: the nominal date, or the next working day when that is not one. */
  @Column({ name: 'held_on', type: 'date' })
  heldOn!: string;

  @Column({ name: 'status', type: 'text' })
  status!: ReceptionStatus;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ name: 'remind_at', type: 'timestamptz' })
  remindAt!: Date;

  @Column({ name: 'record_due_at', type: 'timestamptz' })
  recordDueAt!: Date;

  @Column({ name: 'overdue_at', type: 'timestamptz' })
  overdueAt!: Date;

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
