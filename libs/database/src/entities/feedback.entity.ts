import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf, SATISFACTION_RATINGS, type SatisfactionRating } from './domain-values';
import { Issue } from './issue.entity';
import { User } from './user.entity';

/** The deputy's satisfaction rating of a round's reply, on the voter's behalf: one per round. */
@Entity({ name: 'feedback' })
@Unique('uq_feedback_issue_round', ['issueId', 'round'])
@Check('ck_feedback_rating', oneOf('rating', SATISFACTION_RATINGS))
@Check('ck_feedback_round', '"round" >= 1')
export class Feedback {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_feedback' })
  id!: string;

  @Column({ name: 'issue_id', type: 'uuid' })
  @ForeignKey(() => Issue, { name: 'fk_feedback_issue' })
  issueId!: string;

  @Column({ name: 'round', type: 'int' })
  round!: number;

  @Column({ name: 'rating', type: 'text' })
  rating!: SatisfactionRating;

  @Column({ name: 'comment', type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'rated_by_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_feedback_rated_by_user' })
  ratedByUserId!: string | null;

  @Column({ name: 'rated_at', type: 'timestamptz', default: () => 'now()' })
  ratedAt!: Date;
}
