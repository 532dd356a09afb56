import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Assignment } from './assignment.entity';
import { Department } from './department.entity';

/** A reply link that has been used, by its nonce: a link works once. */
@Entity({ name: 'reply_link_uses' })
@Index('ix_reply_link_uses_assignment_id', ['assignmentId'])
export class ReplyLinkUse {
  @PrimaryColumn({ name: 'nonce', type: 'text', primaryKeyConstraintName: 'pk_reply_link_uses' })
  nonce!: string;

  @Column({ name: 'assignment_id', type: 'uuid' })
  @ForeignKey(() => Assignment, { name: 'fk_reply_link_uses_assignment' })
  assignmentId!: string;

  @Column({ name: 'department_id', type: 'uuid' })
  @ForeignKey(() => Department, { name: 'fk_reply_link_uses_department' })
  departmentId!: string;

  @Column({ name: 'used_at', type: 'timestamptz' })
  usedAt!: Date;

  /** The link's own expiry, so rows of long-dead links can be cleaned up. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
