import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { oneOf, type JsonObject } from './domain-values';
import { User } from './user.entity';

/**
 * read and export: an admin handling a request from the person concerned (apps/api/src/subject-requests);
 * reset_password, disable, enable, unlock and import: running accounts (apps/api/src/users).
 */
export const ADMIN_AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'read',
  'export',
  'reset_password',
  'disable',
  'enable',
  'unlock',
  'import',
] as const;
export type AdminAuditAction = (typeof ADMIN_AUDIT_ACTIONS)[number];

/**
 * One change an admin made to reference data, with the row before and after. Append-only: a trigger refuses
 * UPDATE, DELETE and TRUNCATE. Written in the same transaction as the change it records.
 */
@Entity({ name: 'admin_audit_log' })
@Check('ck_admin_audit_log_action', oneOf('action', ADMIN_AUDIT_ACTIONS))
@Index('ix_admin_audit_log_entity', ['entity', 'entityId'])
export class AdminAuditEntry {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'bigint', primaryKeyConstraintName: 'pk_admin_audit_log' })
  id!: string;

  @Column({ name: 'actor_user_id', type: 'uuid' })
  @ForeignKey(() => User, { name: 'fk_admin_audit_log_actor_user' })
  actorUserId!: string;

  @Column({ name: 'action', type: 'text' })
  action!: AdminAuditAction;

  /** What kind of row: 'region', 'station', 'deputy', 'department', 'category', 'routing_rule', 'calendar_day'. */
  @Column({ name: 'entity', type: 'text' })
  entity!: string;

  /** The row's id (a uuid, or the day for calendar days). */
  @Column({ name: 'entity_id', type: 'text' })
  entityId!: string;

  @Column({ name: 'before', type: 'jsonb', nullable: true })
  before!: JsonObject | null;

  @Column({ name: 'after', type: 'jsonb', nullable: true })
  after!: JsonObject | null;

  @Column({ name: 'at', type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
