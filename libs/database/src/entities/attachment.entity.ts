import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Issue } from './issue.entity';
import { User } from './user.entity';

export const ATTACHMENT_STAGES = ['intake', 'reply', 'follow_up'] as const;
/** What a file documents: the problem as raised, the department's reply, the result of a class B follow-up. */
export type AttachmentStage = (typeof ATTACHMENT_STAGES)[number];

/** A photo or document of an issue; its bytes are in the AttachmentStore under its id. */
@Entity({ name: 'attachments' })
// A retried upload (an offline draft sent again) carries the same key and finds the first file.
@Unique('uq_attachments_uploader_key', ['uploadedByUserId', 'uploadKey'])
@Check('ck_attachments_stage', `"stage" IN ('intake', 'reply', 'follow_up')`)
@Check('ck_attachments_byte_size', '"byte_size" > 0')
@Index('ix_attachments_issue_id', ['issueId'])
// Uploads never bound to an issue are deleted after UNBOUND_UPLOAD_RETENTION_DAYS (libs/records/src/retention.ts).
@Index('ix_attachments_unbound', ['createdAt'], { where: '"issue_id" IS NULL' })
export class Attachment {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_attachments' })
  id!: string;

  /** Null while a deputy's submission is being put together; intake binds it. */
  @Column({ name: 'issue_id', type: 'uuid', nullable: true })
  @ForeignKey(() => Issue, { name: 'fk_attachments_issue' })
  issueId!: string | null;

  @Column({ name: 'uploaded_by_user_id', type: 'uuid' })
  @ForeignKey(() => User, { name: 'fk_attachments_uploaded_by_user' })
  uploadedByUserId!: string;

  @Column({ name: 'upload_key', type: 'text' })
  uploadKey!: string;

  @Column({ name: 'stage', type: 'text' })
  stage!: AttachmentStage;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  /** As detected from the content, never as named by the client. */
  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize!: number;

  @Column({ name: 'sha256', type: 'text' })
  sha256!: string;

  @Column({ name: 'width', type: 'integer', nullable: true })
  width!: number | null;

  @Column({ name: 'height', type: 'integer', nullable: true })
  height!: number | null;

  @Column({ name: 'has_thumbnail', type: 'boolean', default: false })
  hasThumbnail!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When the bytes (file and thumbnail) were erased with the issue's voter data; the row stays. */
  @Column({ name: 'content_erased_at', type: 'timestamptz', nullable: true })
  contentErasedAt!: Date | null;
}
