import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The embedded AttachmentStore's bytes: a file or its thumbnail, by key. */
@Entity({ name: 'attachment_blobs' })
export class AttachmentBlob {
  @PrimaryColumn({ name: 'key', type: 'text', primaryKeyConstraintName: 'pk_attachment_blobs' })
  key!: string;

  @Column({ name: 'bytes', type: 'bytea' })
  bytes!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
