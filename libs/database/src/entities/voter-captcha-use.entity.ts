import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A voter-page captcha token by its nonce, once answered: a token works once. Rows past expiry can go. */
@Entity({ name: 'voter_captcha_uses' })
@Index('ix_voter_captcha_uses_expires_at', ['expiresAt'])
export class VoterCaptchaUse {
  @PrimaryColumn({ name: 'nonce', type: 'text', primaryKeyConstraintName: 'pk_voter_captcha_uses' })
  nonce!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
