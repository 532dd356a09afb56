import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Issue } from './issue.entity';
import { User } from './user.entity';

/** One unmasked read of personal data (a voter's; a deputy's phone): who, which issue, which fields, why. */
@Entity({ name: 'data_access_log' })
@Index('ix_data_access_log_issue_id', ['issueId'])
@Index('ix_data_access_log_user_at', ['userId', 'at'])
export class DataAccessLogEntry {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'bigint', primaryKeyConstraintName: 'pk_data_access_log' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_data_access_log_user' })
  userId!: string | null;

  // Null for a read of personal data that belongs to no issue (a deputy's phone, read to call them).
  @Column({ name: 'issue_id', type: 'uuid', nullable: true })
  @ForeignKey(() => Issue, { name: 'fk_data_access_log_issue' })
  issueId!: string | null;

  @Column({ name: 'fields', type: 'text', array: true })
  fields!: string[];

  @Column({ name: 'purpose', type: 'text' })
  purpose!: string;

  @Column({ name: 'at', type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
