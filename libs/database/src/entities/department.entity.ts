import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Region } from './region.entity';

/** An office that handles issues: a township office (乡镇站所) or a county bureau. */
@Entity({ name: 'departments' })
@Unique('uq_departments_code', ['code'])
@Index('ix_departments_region_id', ['regionId'])
export class Department {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_departments' })
  id!: string;

  @Column({ name: 'code', type: 'text' })
  code!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  /** The township or county the department belongs to. */
  @Column({ name: 'region_id', type: 'uuid' })
  @ForeignKey(() => Region, { name: 'fk_departments_region' })
  regionId!: string;

  /** Where referrals and reminders are mailed. */
  @Column({ name: 'email', type: 'text' })
  email!: string;

  @Column({ name: 'active', type: 'boolean', default: true })
  active!: boolean;
}
