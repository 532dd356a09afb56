import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Department } from './department.entity';
import {
  ASSIGNMENT_ROLES,
  ASSIGNMENT_STATUSES,
  type AssignmentRole,
  type AssignmentStatus,
  oneOf,
} from './domain-values';
import { Issue } from './issue.entity';

/** An issue referred (交办) to one department, as lead (主办) or co-handler (协办), in one handling round. */
@Entity({ name: 'assignments' })
@Unique('uq_assignments_issue_department_round_role', ['issueId', 'departmentId', 'round', 'role'])
@Check('ck_assignments_role', oneOf('role', ASSIGNMENT_ROLES))
@Check('ck_assignments_status', oneOf('status', ASSIGNMENT_STATUSES))
@Check('ck_assignments_round', '"round" >= 1')
@Index('ix_assignments_department_status', ['departmentId', 'status'])
export class Assignment {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_assignments' })
  id!: string;

  @Column({ name: 'issue_id', type: 'uuid' })
  @ForeignKey(() => Issue, { name: 'fk_assignments_issue' })
  issueId!: string;

  @Column({ name: 'department_id', type: 'uuid' })
  @ForeignKey(() => Department, { name: 'fk_assignments_department' })
  departmentId!: string;

  @Column({ name: 'role', type: 'text' })
  role!: AssignmentRole;

  @Column({ name: 'round', type: 'int' })
  round!: number;

  @Column({ name: 'status', type: 'text' })
  status!: AssignmentStatus;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'assigned_at', type: 'timestamptz', default: () => 'now()' })
  assignedAt!: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  /** A department that is not responsible sends the referral back with a reason. */
  @Column({ name: 'sent_back_at', type: 'timestamptz', nullable: true })
  sentBackAt!: Date | null;

  @Column({ name: 'send_back_reason', type: 'text', nullable: true })
  sendBackReason!: string | null;

  /** A co-handler's contribution to the lead's reply. */
  @Column({ name: 'input_text', type: 'text', nullable: true })
  inputText!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;
}
