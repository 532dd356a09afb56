import { Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { JsonObject } from './domain-values';
import { Issue } from './issue.entity';
import { User } from './user.entity';

/**
 * One step in an issue's history. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE.
 * The step key (unique per issue) makes a retried activity record its step once.
 */
@Entity({ name: 'issue_events' })
@Unique('uq_issue_events_issue_step_key', ['issueId', 'stepKey'])
export class IssueEvent {
  /** bigint: the pg driver returns it as a string. Gives a total order of events. */
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'bigint', primaryKeyConstraintName: 'pk_issue_events' })
  id!: string;

  @Column({ name: 'issue_id', type: 'uuid' })
  @ForeignKey(() => Issue, { name: 'fk_issue_events_issue' })
  issueId!: string;

  @Column({ name: 'step_key', type: 'text' })
  stepKey!: string;

  @Column({ name: 'type', type: 'text' })
  type!: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_issue_events_actor_user' })
  actorUserId!: string | null;

  /** Who acted when it was not a user, e.g. 'system' or 'timer'. */
  @Column({ name: 'actor_label', type: 'text', nullable: true })
  actorLabel!: string | null;

  @Column({ name: 'data', type: 'jsonb', default: () => "'{}'" })
  data!: JsonObject;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;
}
