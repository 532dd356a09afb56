import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { IssueCategory } from './issue-category.entity';
import { Open311Client } from './open311-client.entity';
import { VoterSubmission } from './voter-submission.entity';

/** What an Open311 client's service request adds to the voter submission it became. */
@Entity({ name: 'open311_requests' })
@Unique('uq_open311_requests_token', ['token'])
@Index('ix_open311_requests_requested_at', ['requestedAt'])
export class Open311Request {
  @PrimaryColumn({ name: 'submission_id', type: 'uuid', primaryKeyConstraintName: 'pk_open311_requests' })
  @ForeignKey(() => VoterSubmission, { name: 'fk_open311_requests_submission' })
  submissionId!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  @ForeignKey(() => Open311Client, { name: 'fk_open311_requests_client' })
  clientId!: string;

  @Column({ name: 'token', type: 'text' })
  token!: string;

  /** The category the client asked for (service_code); the deputy may choose another on accepting. */
  @Column({ name: 'category_id', type: 'uuid' })
  @ForeignKey(() => IssueCategory, { name: 'fk_open311_requests_category' })
  categoryId!: string;

  @Column({ name: 'lat', type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ name: 'long', type: 'double precision', nullable: true })
  long!: number | null;

  @Column({ name: 'address_string', type: 'text', nullable: true })
  addressString!: string | null;

  @Column({ name: 'address_id', type: 'text', nullable: true })
  addressId!: string | null;

  // Sealed with @app/personal-data (AES-256-GCM); never returned by any Open311 GET.
  @Column({ name: 'reporter_first_name', type: 'text', nullable: true })
  reporterFirstName!: string | null;

  @Column({ name: 'reporter_last_name', type: 'text', nullable: true })
  reporterLastName!: string | null;

  @Column({ name: 'device_id', type: 'text', nullable: true })
  deviceId!: string | null;

  @Column({ name: 'account_id', type: 'text', nullable: true })
  accountId!: string | null;

  @Column({ name: 'media_url', type: 'text', nullable: true })
  mediaUrl!: string | null;

  @Column({ name: 'attributes', type: 'jsonb', default: () => "'{}'" })
  attributes!: Record<string, string | string[]>;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt!: Date;
}
