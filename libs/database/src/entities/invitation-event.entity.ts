import { Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { JsonObject } from './domain-values';
import { MeetingInvitation } from './meeting-invitation.entity';
import { User } from './user.entity';

/**
 * One step in an invitation's history. Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE); the step key,
 * unique per invitation, makes a retried activity record its step once.
 */
@Entity({ name: 'invitation_events' })
@Unique('uq_invitation_events_invitation_step_key', ['invitationId', 'stepKey'])
export class InvitationEvent {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'bigint', primaryKeyConstraintName: 'pk_invitation_events' })
  id!: string;

  @Column({ name: 'invitation_id', type: 'uuid' })
  @ForeignKey(() => MeetingInvitation, { name: 'fk_invitation_events_invitation' })
  invitationId!: string;

  @Column({ name: 'step_key', type: 'text' })
  stepKey!: string;

  @Column({ name: 'type', type: 'text' })
  type!: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_invitation_events_actor_user' })
  actorUserId!: string | null;

  @Column({ name: 'actor_label', type: 'text', nullable: true })
  actorLabel!: string | null;

  @Column({ name: 'data', type: 'jsonb', default: () => "'{}'" })
  data!: JsonObject;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;
}
