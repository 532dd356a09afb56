import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { AuthSession } from './auth-session.entity';

/**
 * A refresh token, by the SHA-256 of its value (the value itself is never stored). A rotated token stays
 * here, so presenting it again is recognised as theft and ends its session.
 */
@Entity({ name: 'refresh_tokens' })
@Index('ix_refresh_tokens_session_id', ['sessionId'])
export class RefreshToken {
  @PrimaryColumn({ name: 'token_hash', type: 'text', primaryKeyConstraintName: 'pk_refresh_tokens' })
  tokenHash!: string;

  @Column({ name: 'session_id', type: 'uuid' })
  @ForeignKey(() => AuthSession, { name: 'fk_refresh_tokens_session', onDelete: 'CASCADE' })
  sessionId!: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  /** Set when the token was exchanged for the next one. */
  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true })
  rotatedAt!: Date | null;
}
