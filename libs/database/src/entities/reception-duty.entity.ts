import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Deputy } from './deputy.entity';
import { Reception } from './reception.entity';

/** A deputy on duty on a reception day; `present` is set when the day is recorded (null until then). */
@Entity({ name: 'reception_duties' })
@Index('ix_reception_duties_deputy_id', ['deputyId'])
export class ReceptionDuty {
  @PrimaryColumn({ name: 'reception_id', type: 'uuid', primaryKeyConstraintName: 'pk_reception_duties' })
  @ForeignKey(() => Reception, { name: 'fk_reception_duties_reception', onDelete: 'CASCADE' })
  receptionId!: string;

  @PrimaryColumn({ name: 'deputy_id', type: 'uuid', primaryKeyConstraintName: 'pk_reception_duties' })
  @ForeignKey(() => Deputy, { name: 'fk_reception_duties_deputy' })
  deputyId!: string;

  @Column({ name: 'present', type: 'boolean', nullable: true })
  present!: boolean | null;
}
