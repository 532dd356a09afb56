import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Assignment } from './assignment.entity';
import { Department } from './department.entity';
import { oneOf, REPLY_CLASSES, REPLY_KINDS, type ReplyClass, type ReplyKind } from './domain-values';
import { Issue } from './issue.entity';
import { User } from './user.entity';

/** A department's answer (答复) to an issue, or a later follow-up on a class B promise. */
@Entity({ name: 'replies' })
// The request id makes a retried reply land once.
@Unique('uq_replies_issue_request_id', ['issueId', 'requestId'])
@Check('ck_replies_kind', oneOf('kind', REPLY_KINDS))
@Check('ck_replies_reply_class', oneOf('reply_class', REPLY_CLASSES))
@Check('ck_replies_round', '"round" >= 1')
@Index('ix_replies_assignment_id', ['assignmentId'])
@Index('ix_replies_department_replied_at', ['departmentId', 'repliedAt'])
export class Reply {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_replies' })
  id!: string;

  @Column({ name: 'issue_id', type: 'uuid' })
  @ForeignKey(() => Issue, { name: 'fk_replies_issue' })
  issueId!: string;

  @Column({ name: 'assignment_id', type: 'uuid' })
  @ForeignKey(() => Assignment, { name: 'fk_replies_assignment' })
  assignmentId!: string;

  @Column({ name: 'department_id', type: 'uuid' })
  @ForeignKey(() => Department, { name: 'fk_replies_department' })
  departmentId!: string;

  @Column({ name: 'round', type: 'int' })
  round!: number;

  @Column({ name: 'kind', type: 'text' })
  kind!: ReplyKind;

  @Column({ name: 'reply_class', type: 'text' })
  replyClass!: ReplyClass;

  @Column({ name: 'text', type: 'text' })
  text!: string;

  /** For class B: when the department promises the matter will be solved. */
  @Column({ name: 'promised_date', type: 'date', nullable: true })
  promisedDate!: string | null;

  @Column({ name: 'replied_by_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_replies_replied_by_user' })
  repliedByUserId!: string | null;

  @Column({ name: 'replied_at', type: 'timestamptz', default: () => 'now()' })
  repliedAt!: Date;

  @Column({ name: 'on_time', type: 'boolean' })
  onTime!: boolean;

  /** Shown on the voter's status page only once the department marks it publishable (default: not). */
  @Column({ name: 'publishable', type: 'boolean', default: false })
  publishable!: boolean;

  @Column({ name: 'request_id', type: 'text' })
  requestId!: string;
}
