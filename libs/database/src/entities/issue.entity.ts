import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Department } from './department.entity';
import { Deputy } from './deputy.entity';
import {
  ISSUE_CHANNELS,
  ISSUE_STATUSES,
  type IssueChannel,
  type IssueStatus,
  type JsonObject,
  oneOf,
  REPLY_CLASSES,
  type ReplyClass,
  SATISFACTION_RATINGS,
  type SatisfactionRating,
  type Urgency,
  URGENCIES,
} from './domain-values';
import { IssueCategory } from './issue-category.entity';
import { Region } from './region.entity';
import { Station } from './station.entity';
import { User } from './user.entity';

/** The read model of one voter issue; its workflow is the source of truth and keeps this row current. */
@Entity({ name: 'issues' })
// A retried submission from the same user carries the same key and finds the first issue.
@Unique('uq_issues_submitter_idempotency_key', ['submittedByUserId', 'idempotencyKey'])
@Unique('uq_issues_workflow_id', ['workflowId'])
@Check('ck_issues_channel', oneOf('channel', ISSUE_CHANNELS))
@Check('ck_issues_urgency', oneOf('urgency', URGENCIES))
@Check('ck_issues_status', oneOf('status', ISSUE_STATUSES))
@Check('ck_issues_reply_class', oneOf('reply_class', REPLY_CLASSES))
@Check('ck_issues_satisfaction', oneOf('satisfaction', SATISFACTION_RATINGS))
@Check('ck_issues_counters', '"escalation_level" >= 0 AND "round" >= 1 AND "send_back_count" >= 0')
@Index('ix_issues_status', ['status'])
@Index('ix_issues_lead_department_status', ['leadDepartmentId', 'status'])
// btree on (region_path text_pattern_ops), made by the migration: serves `region_path LIKE 'x/%'` scope queries.
@Index('ix_issues_region_path', { synchronize: false })
// Partial (closed issues whose voter data is still held): the migration owns it, as it does the region_path index.
@Index('ix_issues_voter_data_due', { synchronize: false })
// Unique btree on (number text_pattern_ops), made by the migration: serves `number = $1` and the prefix search.
@Index('uq_issues_number', { synchronize: false })
@Index('ix_issues_due_at', ['dueAt'])
@Index('ix_issues_voter_phone_hash', ['voterPhoneHash'])
@Index('ix_issues_voter_id_number_hash', ['voterIdNumberHash'])
// Phone and ID number hold ciphertext (libs/personal-data) with a keyed hash beside it, never plaintext.
@Check(
  'ck_issues_voter_phone_sealed',
  `voter_phone IS NULL AND voter_phone_hash IS NULL
                 OR voter_phone LIKE 'pd1:%' AND voter_phone_hash IS NOT NULL`,
)
@Check(
  'ck_issues_voter_id_number_sealed',
  `voter_id_number IS NULL AND voter_id_number_hash IS NULL
                 OR voter_id_number LIKE 'pd1:%' AND voter_id_number_hash IS NOT NULL`,
)
@Index('ix_issues_submitted_at', ['submittedAt'])
@Index('ix_issues_deputy_id', ['deputyId'])
@Index('ix_issues_station_id', ['stationId'])
// Where repeated issues are looked for: one place and category, a window of submission times.
@Index('ix_issues_place_category_submitted_at', ['placeRegionId', 'categoryId', 'submittedAt'])
// Partial (merged issues only), made by the migration: the issues merged into a target, for its notices and metrics.
@Index('ix_issues_merged_into', { synchronize: false })
@Check('ck_issues_not_merged_into_itself', '"merged_into_issue_id" <> "id"')
export class Issue {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_issues' })
  id!: string;

  /** 事项编号, e.g. `YYX-2026-00123`: given by the insert trigger (1764742000000-issue-numbers), never by a writer. */
  @Column({ name: 'number', type: 'text' })
  number!: string;

  @Column({ name: 'idempotency_key', type: 'text' })
  idempotencyKey!: string;

  @Column({ name: 'submitted_by_user_id', type: 'uuid' })
  @ForeignKey(() => User, { name: 'fk_issues_submitted_by_user' })
  submittedByUserId!: string;

  @Column({ name: 'deputy_id', type: 'uuid' })
  @ForeignKey(() => Deputy, { name: 'fk_issues_deputy' })
  deputyId!: string;

  @Column({ name: 'station_id', type: 'uuid' })
  @ForeignKey(() => Station, { name: 'fk_issues_station' })
  stationId!: string;

  /** The village or community the issue is about. */
  @Column({ name: 'place_region_id', type: 'uuid' })
  @ForeignKey(() => Region, { name: 'fk_issues_place_region' })
  placeRegionId!: string;

  @Column({ name: 'township_region_id', type: 'uuid' })
  @ForeignKey(() => Region, { name: 'fk_issues_township_region' })
  townshipRegionId!: string;

  /** A copy of the place's path, so scope queries need no join. */
  @Column({ name: 'region_path', type: 'text' })
  regionPath!: string;

  @Column({ name: 'category_id', type: 'uuid' })
  @ForeignKey(() => IssueCategory, { name: 'fk_issues_category' })
  categoryId!: string;

  @Column({ name: 'description', type: 'text' })
  description!: string;

  @Column({ name: 'channel', type: 'text' })
  channel!: IssueChannel;

  @Column({ name: 'urgency', type: 'text' })
  urgency!: Urgency;

  // The voter's personal data: read unmasked only with a data_access_log entry.
  @Column({ name: 'voter_name', type: 'text', nullable: true })
  voterName!: string | null;

  @Column({ name: 'voter_phone', type: 'text', nullable: true })
  voterPhone!: string | null;

  @Column({ name: 'voter_id_number', type: 'text', nullable: true })
  voterIdNumber!: string | null;

  /** HMAC-SHA-256 of the normalised phone (libs/personal-data): finds a voter's issues without decrypting. */
  @Column({ name: 'voter_phone_hash', type: 'text', nullable: true })
  voterPhoneHash!: string | null;

  @Column({ name: 'voter_id_number_hash', type: 'text', nullable: true })
  voterIdNumberHash!: string | null;

  @Column({ name: 'voter_address', type: 'text', nullable: true })
  voterAddress!: string | null;

  @Column({ name: 'attachments', type: 'jsonb', default: () => "'[]'" })
  attachments!: JsonObject[];

  @Column({ name: 'status', type: 'text' })
  status!: IssueStatus;

  /** 0: none; then township presidium, county liaison office, ... */
  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel!: number;

  @Column({ name: 'lead_department_id', type: 'uuid', nullable: true })
  @ForeignKey(() => Department, { name: 'fk_issues_lead_department' })
  leadDepartmentId!: string | null;

  /** 1 for the first handling; an unsatisfied rating starts the next round. */
  @Column({ name: 'round', type: 'int', default: 1 })
  round!: number;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', default: () => 'now()' })
  submittedAt!: Date;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt!: Date | null;

  @Column({ name: 'first_replied_at', type: 'timestamptz', nullable: true })
  firstRepliedAt!: Date | null;

  @Column({ name: 'last_replied_at', type: 'timestamptz', nullable: true })
  lastRepliedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** When the voter's name, phone, ID number and address were erased after the retention period (PIPL Art. 47). */
  @Column({ name: 'voter_data_erased_at', type: 'timestamptz', nullable: true })
  voterDataErasedAt!: Date | null;

  @Column({ name: 'reply_class', type: 'text', nullable: true })
  replyClass!: ReplyClass | null;

  /** Class B replies only: the date by which the department promised to report the result. */
  @Column({ name: 'promised_date', type: 'date', nullable: true })
  promisedDate!: string | null;

  @Column({ name: 'satisfaction', type: 'text', nullable: true })
  satisfaction!: SatisfactionRating | null;

  @Column({ name: 'send_back_count', type: 'int', default: 0 })
  sendBackCount!: number;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  /** The issue this one was merged into (重复件合并): that one's handling and reply stand for both. */
  @Column({ name: 'merged_into_issue_id', type: 'uuid', nullable: true })
  @ForeignKey(() => Issue, { name: 'fk_issues_merged_into' })
  mergedIntoIssueId!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
