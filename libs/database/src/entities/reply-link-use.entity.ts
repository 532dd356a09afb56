import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Assignment } from './assignment.entity';
import { Department } from './department.entity';

/**
 * A reply link by its nonce: claimed while one submission is with the workflow, used once its reply was accepted. A
 * link works once.
 */
@Entity({ name: 'reply_link_uses' })
@Index('ix_reply_link_uses_assignment_id', ['assignmentId'])
@Check('ck_reply_link_uses_status', `status IN ('claimed', 'used')`)
@Check('ck_reply_link_uses_claim', `(status = 'claimed') = (claim_id IS NOT NULL AND claimed_until IS NOT NULL)`)
export class ReplyLinkUse {
  @PrimaryColumn({ name: 'nonce', type: 'text', primaryKeyConstraintName: 'pk_reply_link_uses' })
  nonce!: string;

  @Column({ name: 'assignment_id', type: 'uuid' })
  @ForeignKey(() => Assignment, { name: 'fk_reply_link_uses_assignment' })
  assignmentId!: string;

  @Column({ name: 'department_id', type: 'uuid' })
  @ForeignKey(() => Department, { name: 'fk_reply_link_uses_department' })
  departmentId!: string;

  /** When the link was claimed, or once used, when it was used up. */
  @Column({ name: 'used_at', type: 'timestamptz' })
  usedAt!: Date;

  @Column({ name: 'status', type: 'text', default: 'used' })
  status!: 'claimed' | 'used';

  /** The submission holding the claim, so a late one cannot release a newer claim. */
  @Column({ name: 'claim_id', type: 'uuid', nullable: true })
  claimId!: string | null;

  /** When the claim lapses (a process that died mid-submission leaves one behind). */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;

  /** The link's own expiry, so rows of long-dead links can be cleaned up. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
