import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf, type Role, USER_ROLES } from './domain-values';
import { Region } from './region.entity';
import { User } from './user.entity';

/** A role a user holds, scoped to a region's subtree (region null: no regional scope). */
@Entity({ name: 'user_roles' })
// NULLS NOT DISTINCT in the migration, so a role without a region cannot be granted twice either.
@Unique('uq_user_roles_user_role_region', ['userId', 'role', 'regionId'])
@Check('ck_user_roles_role', oneOf('role', USER_ROLES))
export class UserRole {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_user_roles' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  @ForeignKey(() => User, { name: 'fk_user_roles_user', onDelete: 'CASCADE' })
  userId!: string;

  @Column({ name: 'role', type: 'text' })
  role!: Role;

  @Column({ name: 'region_id', type: 'uuid', nullable: true })
  @ForeignKey(() => Region, { name: 'fk_user_roles_region' })
  regionId!: string | null;
}
