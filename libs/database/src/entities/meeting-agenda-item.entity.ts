import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Meeting } from './meeting.entity';

/** One item on a meeting's agenda (议题), owned by a committee that invites about five deputies for it. */
@Entity({ name: 'meeting_agenda_items' })
@Unique('uq_meeting_agenda_items_meeting_position', ['meetingId', 'position'])
@Check('ck_meeting_agenda_items_numbers', '"position" >= 1 AND "deputy_quota" >= 0')
export class MeetingAgendaItem {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_meeting_agenda_items' })
  id!: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  @ForeignKey(() => Meeting, { name: 'fk_meeting_agenda_items_meeting', onDelete: 'CASCADE' })
  meetingId!: string;

  /** 1, 2, 3… in agenda order. */
  @Column({ name: 'position', type: 'int' })
  position!: number;

  @Column({ name: 'title', type: 'text' })
  title!: string;

  /** The owning committee or office (e.g. 财政经济工作委员会). */
  @Column({ name: 'committee', type: 'text' })
  committee!: string;

  @Column({ name: 'deputy_quota', type: 'int', default: 5 })
  deputyQuota!: number;
}
