import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins from one client address in the current window (LOGIN_LOCK_MINUTES): at
 * LOGIN_MAX_FAILURES_PER_ADDRESS the address is refused until `blockedUntil`. Only failures count.
 */
@Entity({ name: 'login_address_failures' })
@Check('ck_login_address_failures_failures', '"failures" >= 0')
export class LoginAddressFailure {
  @PrimaryColumn({ name: 'address', type: 'text', primaryKeyConstraintName: 'pk_login_address_failures' })
  address!: string;

  @Column({ name: 'failures', type: 'integer' })
  failures!: number;

  @Column({ name: 'window_started_at', type: 'timestamptz' })
  windowStartedAt!: Date;

  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true })
  blockedUntil!: Date | null;
}
