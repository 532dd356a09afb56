// Owns where attachment bytes live. One interface; the embedded default keeps them in PostgreSQL (attachment_blobs):
// a county holds a few thousand photos a year (Yueyang county: 279 issues), well within a database, and so the
// backups (`npm run backup`), their restore and the retention rules cover them with no extra server, volume or
// credentials, and a file is never in a state its database row does not know. A production store (an S3-compatible
// bucket in the province's cloud) implements the same two methods, keyed the same way, and is bound in its place in
// AttachmentsModule.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows } from '@app/database';

export abstract class AttachmentStore {
  /** Stores `bytes` under `key`; storing the same key again is a no-op (keys name immutable content). */
  abstract put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes under `key`, or null if there are none. */
  abstract get(key: string): Promise<Buffer | null>;
}

/** The keys of an attachment's file and its thumbnail. */
export const attachmentKeys = (id: string) => ({ file: `${id}/file`, thumbnail: `${id}/thumbnail` });

@Injectable()
export class PostgresAttachmentStore extends AttachmentStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    await this.db.query(`INSERT INTO attachment_blobs (key, bytes) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [
      key,
      bytes,
    ]);
  }

  async get(key: string): Promise<Buffer | null> {
    const [row] = await queryRows<{ bytes: Buffer }>(this.db, `SELECT bytes FROM attachment_blobs WHERE key = $1`, [
      key,
    ]);
    return row?.bytes ?? null;
  }
}
