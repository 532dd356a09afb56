import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { MEETING_STATUSES, type MeetingStatus } from './attendance-values';
import { CongressTerm } from './congress-term.entity';
import { oneOf } from './domain-values';
import { User } from './user.entity';

/** A standing-committee meeting of a congress (常委会会议); its region and level are its term's. */
@Entity({ name: 'meetings' })
@Check('ck_meetings_status', oneOf('status', MEETING_STATUSES))
@Check('ck_meetings_quota', '"whole_meeting_quota" >= 0')
@Check('ck_meetings_cancelled', `("status" = 'cancelled') = ("cancelled_at" IS NOT NULL)`)
@Check('ck_meetings_closed', `"closed_at" IS NULL OR "status" = 'planned'`)
@Index('ix_meetings_term_id_meeting_date', ['termId', 'meetingDate'])
export class Meeting {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_meetings' })
  id!: string;

  @Column({ name: 'term_id', type: 'uuid' })
  @ForeignKey(() => CongressTerm, { name: 'fk_meetings_term' })
  termId!: string;

  @Column({ name: 'title', type: 'text' })
  title!: string;

  /** China calendar date, 'YYYY-MM-DD'. */
  @Column({ name: 'meeting_date', type: 'date' })
  meetingDate!: string;

  @Column({ name: 'location', type: 'text', nullable: true })
  location!: string | null;

  /** What the advance notice carries: the materials (会议资料), as text or links. */
  @Column({ name: 'materials', type: 'text', nullable: true })
  materials!: string | null;

  /** How many deputies the liaison office invites for the whole meeting (about 10). */
  @Column({ name: 'whole_meeting_quota', type: 'int', default: 10 })
  wholeMeetingQuota!: number;

  @Column({ name: 'status', type: 'text', default: 'planned' })
  status!: MeetingStatus;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  /** Set when the liaison office closes the held meeting's record: attendance is final from then on. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'closed_by_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_meetings_closed_by_user' })
  closedByUserId!: string | null;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_meetings_created_by_user' })
  createdByUserId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
