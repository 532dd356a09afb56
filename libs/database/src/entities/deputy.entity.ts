import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DEPUTY_LEVELS, type DeputyLevel, type Gender, GENDERS, oneOf } from './domain-values';
import { User } from './user.entity';

/** A people's-congress deputy of any level; the public facts shown on a station's wall. */
@Entity({ name: 'deputies' })
@Unique('uq_deputies_user_id', ['userId'])
@Check('ck_deputies_gender', oneOf('gender', GENDERS))
@Check('ck_deputies_level', oneOf('level', DEPUTY_LEVELS))
export class Deputy {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_deputies' })
  id!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'gender', type: 'text' })
  gender!: Gender;

  @Column({ name: 'level', type: 'text' })
  level!: DeputyLevel;

  @Column({ name: 'employer', type: 'text' })
  employer!: string;

  @Column({ name: 'post', type: 'text' })
  post!: string;

  @Column({ name: 'phone', type: 'text' })
  phone!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_deputies_user' })
  userId!: string | null;
}
