import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { MAIL_STATUSES, type MailStatus, oneOf } from './domain-values';
import { Issue } from './issue.entity';

/** A mail to send, written in the same transaction as the change it reports; the dedupe key sends it once. */
@Entity({ name: 'mail_outbox' })
@Unique('uq_mail_outbox_dedupe_key', ['dedupeKey'])
@Check('ck_mail_outbox_status', oneOf('status', MAIL_STATUSES))
@Index('ix_mail_outbox_pending', ['createdAt'], { where: `"status" = 'pending'` })
@Index('ix_mail_outbox_issue_id', ['issueId'])
@Index('ix_mail_outbox_due', ['nextAttemptAt'], { where: `"status" = 'pending'` })
export class MailOutboxMessage {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_mail_outbox' })
  id!: string;

  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey!: string;

  @Column({ name: 'issue_id', type: 'uuid', nullable: true })
  @ForeignKey(() => Issue, { name: 'fk_mail_outbox_issue' })
  issueId!: string | null;

  @Column({ name: 'recipients', type: 'text', array: true })
  recipients!: string[];

  @Column({ name: 'subject', type: 'text' })
  subject!: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody!: string;

  @Column({ name: 'html_body', type: 'text', nullable: true })
  htmlBody!: string | null;

  @Column({ name: 'status', type: 'text', default: 'pending' })
  status!: MailStatus;

  @Column({ name: 'attempts', type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** While a deliverer talks to the SMTP server (holding no lock): others keep off until then. */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;

  /** When the row is due for its next attempt: now on insert, later by back-off after a failure. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  /** The claim that holds the row, so a deliverer whose claim lapsed cannot record over a newer one. */
  @Column({ name: 'claim_id', type: 'uuid', nullable: true })
  claimId!: string | null;

  /** When the current claim (the attempt under way) began. */
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  /** The W3C traceparent of the span that recorded the mail, so its SMTP exchange joins that trace; NULL when off. */
  @Column({ name: 'trace_parent', type: 'text', nullable: true })
  traceParent!: string | null;
}
