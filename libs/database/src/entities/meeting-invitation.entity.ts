import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import {
  ATTENDANCE_MARKS,
  INVITATION_ANSWERS,
  INVITATION_KINDS,
  INVITATION_STATUSES,
  LEAVE_DECISIONS,
  PHONE_STATUSES,
  type AttendanceMark,
  type InvitationAnswer,
  type InvitationKind,
  type InvitationStatus,
  type LeaveDecision,
  type PhoneStatus,
} from './attendance-values';
import { Deputy } from './deputy.entity';
import { oneOf } from './domain-values';
import { MeetingAgendaItem } from './meeting-agenda-item.entity';
import { Meeting } from './meeting.entity';
import { User } from './user.entity';

/**
 * A deputy invited to attend a meeting (列席): the invitation workflow's current state — notices, the phone task, the
 * reply and the leave decision — and the attendance taken on the day. A deputy is invited once per meeting.
 * Leave as attendance needs an approved written request: a CHECK holds it.
 */
@Entity({ name: 'meeting_invitations' })
@Unique('uq_meeting_invitations_meeting_deputy', ['meetingId', 'deputyId'])
@Check('ck_meeting_invitations_kind', oneOf('kind', INVITATION_KINDS))
@Check('ck_meeting_invitations_item', `("kind" = 'item') = ("agenda_item_id" IS NOT NULL)`)
@Check('ck_meeting_invitations_status', oneOf('status', INVITATION_STATUSES))
@Check('ck_meeting_invitations_phone_status', oneOf('phone_status', PHONE_STATUSES))
@Check('ck_meeting_invitations_reply', oneOf('reply', INVITATION_ANSWERS))
@Check('ck_meeting_invitations_leave_decision', oneOf('leave_decision', LEAVE_DECISIONS))
@Check('ck_meeting_invitations_attendance', oneOf('attendance', ATTENDANCE_MARKS))
@Check('ck_meeting_invitations_leave_reason', `"reply" IS DISTINCT FROM 'leave' OR length(btrim("leave_reason")) > 0`)
@Check(
  'ck_meeting_invitations_on_leave',
  `"attendance" IS DISTINCT FROM 'on_leave' OR ("reply" = 'leave' AND "leave_decision" = 'approved')`,
)
@Index('ix_meeting_invitations_deputy_id', ['deputyId'])
@Index('ix_meeting_invitations_agenda_item_id', ['agendaItemId'])
export class MeetingInvitation {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_meeting_invitations' })
  id!: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  @ForeignKey(() => Meeting, { name: 'fk_meeting_invitations_meeting' })
  meetingId!: string;

  @Column({ name: 'deputy_id', type: 'uuid' })
  @ForeignKey(() => Deputy, { name: 'fk_meeting_invitations_deputy' })
  deputyId!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: InvitationKind;

  /** The item an `item` invitation is for; null for the whole meeting. */
  @Column({ name: 'agenda_item_id', type: 'uuid', nullable: true })
  @ForeignKey(() => MeetingAgendaItem, { name: 'fk_meeting_invitations_agenda_item' })
  agendaItemId!: string | null;

  @Column({ name: 'status', type: 'text', default: 'invited' })
  status!: InvitationStatus;

  @Column({ name: 'notice_sent_at', type: 'timestamptz', nullable: true })
  noticeSentAt!: Date | null;

  @Column({ name: 'phone_status', type: 'text', nullable: true })
  phoneStatus!: PhoneStatus | null;

  @Column({ name: 'phone_due_at', type: 'timestamptz', nullable: true })
  phoneDueAt!: Date | null;

  @Column({ name: 'phone_note', type: 'text', nullable: true })
  phoneNote!: string | null;

  @Column({ name: 'phone_called_at', type: 'timestamptz', nullable: true })
  phoneCalledAt!: Date | null;

  @Column({ name: 'reminder_sent_at', type: 'timestamptz', nullable: true })
  reminderSentAt!: Date | null;

  @Column({ name: 'reply', type: 'text', nullable: true })
  reply!: InvitationAnswer | null;

  /** The written reason of a leave request (请假条). */
  @Column({ name: 'leave_reason', type: 'text', nullable: true })
  leaveReason!: string | null;

  @Column({ name: 'replied_at', type: 'timestamptz', nullable: true })
  repliedAt!: Date | null;

  @Column({ name: 'leave_decision', type: 'text', nullable: true })
  leaveDecision!: LeaveDecision | null;

  @Column({ name: 'leave_decided_at', type: 'timestamptz', nullable: true })
  leaveDecidedAt!: Date | null;

  /** When the workflow ended: the meeting day was over, or the meeting was cancelled. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'attendance', type: 'text', nullable: true })
  attendance!: AttendanceMark | null;

  @Column({ name: 'attendance_note', type: 'text', nullable: true })
  attendanceNote!: string | null;

  @Column({ name: 'attendance_recorded_at', type: 'timestamptz', nullable: true })
  attendanceRecordedAt!: Date | null;

  @Column({ name: 'attendance_recorded_by_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_meeting_invitations_attendance_recorded_by_user' })
  attendanceRecordedByUserId!: string | null;

  @Column({ name: 'invited_by_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_meeting_invitations_invited_by_user' })
  invitedByUserId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
