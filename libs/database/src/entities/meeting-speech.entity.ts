import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { SPEECH_STATUSES, type SpeechStatus } from './attendance-values';
import { Deputy } from './deputy.entity';
import { oneOf } from './domain-values';
import { MeetingAgendaItem } from './meeting-agenda-item.entity';
import { Meeting } from './meeting.entity';
import { User } from './user.entity';

/**
 * An attending deputy's speech on an agenda item, as transcribed (速记), with the suggestions it makes; the deputy
 * signs it off as it is or corrects it (签阅), and only then does it go into the deliberation opinions (审议意见).
 */
@Entity({ name: 'meeting_speeches' })
@Unique('uq_meeting_speeches_item_deputy', ['agendaItemId', 'deputyId'])
@Check('ck_meeting_speeches_status', oneOf('status', SPEECH_STATUSES))
@Check('ck_meeting_speeches_signed', `("status" = 'awaiting_signoff') = ("signed_off_at" IS NULL)`)
@Index('ix_meeting_speeches_meeting_id', ['meetingId'])
@Index('ix_meeting_speeches_deputy_id', ['deputyId'])
export class MeetingSpeech {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_meeting_speeches' })
  id!: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  @ForeignKey(() => Meeting, { name: 'fk_meeting_speeches_meeting' })
  meetingId!: string;

  @Column({ name: 'agenda_item_id', type: 'uuid' })
  @ForeignKey(() => MeetingAgendaItem, { name: 'fk_meeting_speeches_agenda_item' })
  agendaItemId!: string;

  @Column({ name: 'deputy_id', type: 'uuid' })
  @ForeignKey(() => Deputy, { name: 'fk_meeting_speeches_deputy' })
  deputyId!: string;

  @Column({ name: 'text', type: 'text' })
  text!: string;

  /** The suggestions and opinions (建议和意见) the speech makes, one per entry. */
  @Column({ name: 'suggestions', type: 'text', array: true })
  suggestions!: string[];

  @Column({ name: 'status', type: 'text', default: 'awaiting_signoff' })
  status!: SpeechStatus;

  /** The transcript as recorded, kept when the deputy corrected it. */
  @Column({ name: 'original_text', type: 'text', nullable: true })
  originalText!: string | null;

  @Column({ name: 'signed_off_at', type: 'timestamptz', nullable: true })
  signedOffAt!: Date | null;

  @Column({ name: 'recorded_by_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_meeting_speeches_recorded_by_user' })
  recordedByUserId!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
