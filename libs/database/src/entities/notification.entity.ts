import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Issue } from './issue.entity';
import { User } from './user.entity';

/** One in-app notice for one user: written with the mail of the same notice; unread while read_at is null. */
@Entity({ name: 'notifications' })
@Unique('uq_notifications_dedupe_key', ['dedupeKey'])
@Index('ix_notifications_user', ['userId', 'id'])
@Index('ix_notifications_user_unread', ['userId'], { where: `"read_at" IS NULL` })
export class Notification {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'bigint', primaryKeyConstraintName: 'pk_notifications' })
  id!: string;

  /** The notice's key and the user: a retried step writes nothing twice. */
  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  @ForeignKey(() => User, { name: 'fk_notifications_user', onDelete: 'CASCADE' })
  userId!: string;

  /** The notice kind (assignment, co_assignment, reminder, overdue, …). */
  @Column({ name: 'kind', type: 'text' })
  kind!: string;

  @Column({ name: 'issue_id', type: 'uuid', nullable: true })
  @ForeignKey(() => Issue, { name: 'fk_notifications_issue', onDelete: 'CASCADE' })
  issueId!: string | null;

  @Column({ name: 'title', type: 'text' })
  title!: string;

  @Column({ name: 'body', type: 'text' })
  body!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
