import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Deputy } from './deputy.entity';
import { oneOf } from './domain-values';
import { Issue } from './issue.entity';
import { Region } from './region.entity';
import { Station } from './station.entity';
import { User } from './user.entity';

export const VOTER_SUBMISSION_STATUSES = ['pending', 'accepted', 'merged', 'declined'] as const;
export type VoterSubmissionStatus = (typeof VOTER_SUBMISSION_STATUSES)[number];

/** What a voter sent through a station's or a deputy's QR code, until and after the deputy decides on it. */
@Entity({ name: 'voter_submissions' })
@Unique('uq_voter_submissions_workflow_id', ['workflowId'])
@Check('ck_voter_submissions_status', oneOf('status', VOTER_SUBMISSION_STATUSES))
@Check(
  'ck_voter_submissions_contact',
  'contact_phone IS NOT NULL OR contact_email IS NOT NULL OR voter_data_erased_at IS NOT NULL',
)
@Check(
  'ck_voter_submissions_decision',
  `(status = 'pending') = (decided_at IS NULL) AND (status IN ('accepted', 'merged')) = (issue_id IS NOT NULL) ` +
    `AND (status <> 'declined' OR decision_reason IS NOT NULL)`,
)
@Index('ix_voter_submissions_station_status', ['stationId', 'status'])
@Index('ix_voter_submissions_deputy_status', ['deputyId', 'status'])
@Index('ix_voter_submissions_issue_id', ['issueId'])
@Index('ix_voter_submissions_without_workflow', ['submittedAt', 'id'], { where: '"workflow_started_at" IS NULL' })
@Check(
  'ck_voter_submissions_contact_phone_sealed',
  `contact_phone IS NULL AND contact_phone_hash IS NULL OR contact_phone LIKE 'pd1:%' AND contact_phone_hash IS NOT NULL`,
)
@Check(
  'ck_voter_submissions_contact_email_sealed',
  `contact_email IS NULL AND contact_email_hash IS NULL OR contact_email LIKE 'pd1:%' AND contact_email_hash IS NOT NULL`,
)
@Index('ix_voter_submissions_contact_phone_hash', ['contactPhoneHash', 'submittedAt'])
@Index('ix_voter_submissions_contact_email_hash', ['contactEmailHash', 'submittedAt'])
export class VoterSubmission {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_voter_submissions' })
  id!: string;

  @Column({ name: 'station_id', type: 'uuid' })
  @ForeignKey(() => Station, { name: 'fk_voter_submissions_station' })
  stationId!: string;

  /** The deputy whose code was scanned; null when it was the station's code (its head then decides). */
  @Column({ name: 'deputy_id', type: 'uuid', nullable: true })
  @ForeignKey(() => Deputy, { name: 'fk_voter_submissions_deputy' })
  deputyId!: string | null;

  @Column({ name: 'place_region_id', type: 'uuid' })
  @ForeignKey(() => Region, { name: 'fk_voter_submissions_place_region' })
  placeRegionId!: string;

  @Column({ name: 'description', type: 'text' })
  description!: string;

  // The voter's channel for updates (personal data: registered in records.personal_data, masked when shown), stored
  // as libs/personal-data ciphertext with a keyed hash beside each for exact lookups.
  @Column({ name: 'contact_phone', type: 'text', nullable: true })
  contactPhone!: string | null;

  @Column({ name: 'contact_phone_hash', type: 'text', nullable: true })
  contactPhoneHash!: string | null;

  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail!: string | null;

  @Column({ name: 'contact_email_hash', type: 'text', nullable: true })
  contactEmailHash!: string | null;

  /** Which personal-information notice the voter accepted, and when. */
  @Column({ name: 'notice_version', type: 'text' })
  noticeVersion!: string;

  @Column({ name: 'notice_accepted_at', type: 'timestamptz' })
  noticeAcceptedAt!: Date;

  /** SHA-256 of the tracking code's secret: the code itself is shown and mailed once, never stored. */
  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  @Column({ name: 'status', type: 'text', default: 'pending' })
  status!: VoterSubmissionStatus;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;

  /** The issue it became (accepted) or was merged into (merged). */
  @Column({ name: 'issue_id', type: 'uuid', nullable: true })
  @ForeignKey(() => Issue, { name: 'fk_voter_submissions_issue' })
  issueId!: string | null;

  @Column({ name: 'decided_by_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_voter_submissions_decided_by_user' })
  decidedByUserId!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt!: Date | null;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;

  /** The voter's own word on whether the problem was solved (optional; the deputy's rating stays the metric). */
  @Column({ name: 'voter_solved', type: 'boolean', nullable: true })
  voterSolved!: boolean | null;

  @Column({ name: 'voter_solved_at', type: 'timestamptz', nullable: true })
  voterSolvedAt!: Date | null;

  @Column({ name: 'voter_data_erased_at', type: 'timestamptz', nullable: true })
  voterDataErasedAt!: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', default: () => 'now()' })
  submittedAt!: Date;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  /** When its workflow was known to exist; null until then (the voter intake reconciler starts those). */
  @Column({ name: 'workflow_started_at', type: 'timestamptz', nullable: true })
  workflowStartedAt!: Date | null;
}
