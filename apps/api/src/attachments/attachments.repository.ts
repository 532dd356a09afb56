// Owns the SQL of attachments: their rows, binding them to an issue, counting them, and their timeline events.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { appendStepEvent, queryRows, type AttachmentStage } from '@app/database';

type Db = DataSource | EntityManager;

export interface AttachmentRow {
  id: string;
  issueId: string | null;
  uploadedByUserId: string;
  uploadedByName: string;
  uploadKey: string;
  stage: AttachmentStage;
  fileName: string;
  mediaType: string;
  byteSize: number;
  sha256: string;
  width: number | null;
  height: number | null;
  hasThumbnail: boolean;
  createdAt: Date;
  /** When the bytes were erased with the issue's voter data (libs/records retention); null while held. */
  contentErasedAt: Date | null;
}

export type NewAttachment = Omit<AttachmentRow, 'id' | 'createdAt' | 'uploadedByName' | 'contentErasedAt'> & {
  id: string;
};

/** The event an attachment adds to its issue's timeline. */
export const ATTACHMENT_EVENT_TYPE = 'attachment_added';

const COLUMNS = `a.id, a.issue_id AS "issueId", a.uploaded_by_user_id AS "uploadedByUserId",
  u.display_name AS "uploadedByName", a.upload_key AS "uploadKey", a.stage, a.file_name AS "fileName",
  a.media_type AS "mediaType", a.byte_size AS "byteSize", a.sha256, a.width, a.height,
  a.has_thumbnail AS "hasThumbnail", a.created_at AS "createdAt", a.content_erased_at AS "contentErasedAt"`;
const FROM = `attachments a JOIN users u ON u.id = a.uploaded_by_user_id`;

@Injectable()
export class AttachmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Inserts the row unless this user already used this upload key; true when inserted. */
  async insert(db: Db, row: NewAttachment): Promise<boolean> {
    const inserted = await queryRows(
      db,
      `INSERT INTO attachments (id, issue_id, uploaded_by_user_id, upload_key, stage, file_name, media_type, byte_size,
          sha256, width, height, has_thumbnail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (uploaded_by_user_id, upload_key) DO NOTHING RETURNING id`,
      [
        row.id,
        row.issueId,
        row.uploadedByUserId,
        row.uploadKey,
        row.stage,
        row.fileName,
        row.mediaType,
        row.byteSize,
        row.sha256,
        row.width,
        row.height,
        row.hasThumbnail,
      ],
    );
    return inserted.length > 0;
  }

  async byKey(userId: string, uploadKey: string, db: Db = this.db): Promise<AttachmentRow | null> {
    const [row] = await queryRows<AttachmentRow>(
      db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE a.uploaded_by_user_id = $1 AND a.upload_key = $2`,
      [userId, uploadKey],
    );
    return row ?? null;
  }

  async byId(id: string): Promise<AttachmentRow | null> {
    const [row] = await queryRows<AttachmentRow>(this.db, `SELECT ${COLUMNS} FROM ${FROM} WHERE a.id = $1`, [id]);
    return row ?? null;
  }

  async byIds(ids: string[], db: Db = this.db): Promise<AttachmentRow[]> {
    if (!ids.length) return [];
    return queryRows<AttachmentRow>(db, `SELECT ${COLUMNS} FROM ${FROM} WHERE a.id = ANY($1::uuid[])`, [ids]);
  }

  async ofIssue(issueId: string): Promise<AttachmentRow[]> {
    return queryRows<AttachmentRow>(
      this.db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE a.issue_id = $1 ORDER BY a.created_at, a.id`,
      [issueId],
    );
  }

  /**
   * Locks the issue row (so two uploads to one issue count one after the other) and answers how many files it holds.
   */
  async countLocked(tx: EntityManager, issueId: string): Promise<number> {
    await tx.query(`SELECT 1 FROM issues WHERE id = $1 FOR UPDATE`, [issueId]);
    const [row] = await queryRows<{ n: number }>(tx, `SELECT count(*)::int AS n FROM attachments WHERE issue_id = $1`, [
      issueId,
    ]);
    return row.n;
  }

  /**
   * Saves an uploaded file's row, with its timeline event when it goes straight to an issue, unless the issue already
   * holds `limit` files. Answers 'full', 'inserted', or 'exists' (a retry with the same key got there first).
   */
  async add(
    row: NewAttachment,
    limit: number,
    actor: { userId: string; label: string },
  ): Promise<'full' | 'inserted' | 'exists'> {
    return this.transaction(async (tx) => {
      if (row.issueId !== null && (await this.countLocked(tx, row.issueId)) >= limit) return 'full';
      if (!(await this.insert(tx, row))) return 'exists';
      if (row.issueId !== null) await this.recordAdded(tx, row, row.issueId, actor);
      return 'inserted';
    });
  }

  /** Binds the uploader's unbound files to the issue; answers the ids bound now or already bound to it. */
  async bind(tx: EntityManager, issueId: string, userId: string, ids: string[]): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      tx,
      `UPDATE attachments SET issue_id = $1
        WHERE id = ANY($3::uuid[]) AND uploaded_by_user_id = $2 AND (issue_id IS NULL OR issue_id = $1)
       RETURNING id`,
      [issueId, userId, ids],
    );
    return rows.map((row) => row.id);
  }

  /** The timeline event of a file added to an issue, once per file. */
  async recordAdded(
    tx: EntityManager,
    attachment: Pick<AttachmentRow, 'id' | 'fileName' | 'stage' | 'mediaType'>,
    issueId: string,
    actor: { userId: string; label: string },
  ): Promise<void> {
    await appendStepEvent(tx, 'issue_events', issueId, {
      stepKey: `attachment:${attachment.id}`,
      type: ATTACHMENT_EVENT_TYPE,
      actor,
      data: {
        attachmentId: attachment.id,
        fileName: attachment.fileName,
        stage: attachment.stage,
        mediaType: attachment.mediaType,
      },
      at: new Date().toISOString(),
    });
  }
}
