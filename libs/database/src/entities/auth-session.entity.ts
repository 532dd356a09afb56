import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { oneOf } from './domain-values';
import { User } from './user.entity';

export const SESSION_REVOKE_REASONS = ['logout', 'refresh_reuse', 'password_change', 'admin'] as const;
export type SessionRevokeReason = (typeof SESSION_REVOKE_REASONS)[number];

/** One sign-in: lives as long as its refresh tokens keep being rotated, ends at logout or on token reuse. */
@Entity({ name: 'auth_sessions' })
@Check('ck_auth_sessions_revoked_reason', oneOf('revoked_reason', SESSION_REVOKE_REASONS))
@Index('ix_auth_sessions_user_id', ['userId'])
export class AuthSession {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_auth_sessions' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  @ForeignKey(() => User, { name: 'fk_auth_sessions_user', onDelete: 'CASCADE' })
  userId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Moves forward by REFRESH_TOKEN_TTL at every rotation; after it the session is over. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'last_refreshed_at', type: 'timestamptz', nullable: true })
  lastRefreshedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason!: SessionRevokeReason | null;

  /** For the user's own list of sign-ins; truncated, never trusted. */
  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  @Column({ name: 'ip', type: 'text', nullable: true })
  ip!: string | null;
}
