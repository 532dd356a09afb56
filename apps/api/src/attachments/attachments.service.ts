// Owns issues' photos and documents, for every path that brings them: uploads (checked on their content, images
// stripped of metadata, thumbnailed, stored once per client key), binding a submission's files to the issue intake
// creates (a deputy's form, a reception record, any later intake path), files added to an issue by those handling it,
// and downloads — within the issue's scope, and each one recorded in data_access_log, since a photo may show a voter.
import {
  ConflictException,
  Inject,
  Injectable,
  GoneException,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AttachmentStage, Role } from '@app/database';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { PersonalDataService } from '../auth/personal-data.service';
import { ScopeService } from '../auth/scope.service';
import { InvalidFieldsException, invalidField } from '../common/api-error';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES_TEXT,
  ATTACHMENTS_PER_ISSUE,
  checkContent,
  ContentRejected,
  type CheckedContent,
} from './attachment-content';
import { AttachmentStore, attachmentKeys } from './attachment-store';
import { ATTACHMENT_STAGE_LABELS, type StoredFileView } from './attachments.dto';
import { AttachmentsRepository, type AttachmentRow } from './attachments.repository';

/** What an upload brings: the bytes and the name the client gave them. */
export interface UploadedFile {
  buffer: Buffer;
  originalname: string;
}

export interface Download {
  bytes: Buffer;
  mediaType: string;
  fileName: string;
}

/** data_access_log.purpose of a file's download and of its thumbnail's. */
const READ_PURPOSE = { file: 'view_attachment', thumbnail: 'view_attachment_thumbnail' } as const;
const FILE_NAME_MAX = 200;
/** The roles that work on an issue; an administrator manages the system, not its issues. */
const WORKING_ROLES: Role[] = ['deputy', 'department', 'liaison', 'supervisor'];
const MB = 1024 * 1024;

@Injectable()
export class AttachmentsService {
  constructor(
    @Inject(AttachmentsRepository) private readonly repository: AttachmentsRepository,
    @Inject(AttachmentStore) private readonly store: AttachmentStore,
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(PersonalDataService) private readonly personalData: PersonalDataService,
  ) {}

  // -------------------------------------------------------------------------------------------------------------
  // Uploads

  /**
   * A file for a submission not yet sent (a deputy's form or offline draft, a reception record): kept unbound, visible
   * only to its uploader, until intake binds it. The same uploadKey again answers the first upload (created: false).
   */
  async uploadForIntake(
    user: AuthUser,
    file: UploadedFile | undefined,
    uploadKey: string,
  ): Promise<{ created: boolean; file: StoredFileView }> {
    // A retry sends the same request, file included: one without it is refused even under a known key.
    if (!file) throw missingFile();
    const existing = await this.repository.byKey(user.id, uploadKey);
    if (existing) return { created: false, file: this.replayed(existing, null) };
    const content = await this.checked(file);
    const row = await this.save(user, file, content, uploadKey, 'intake', null);
    return { created: true, file: toView(row) };
  }

  /**
   * A file added to an issue by someone who may read it and works on it (its deputy, a department, a liaison officer
   * or supervisor; not an administrator as such): recorded in the issue's timeline; at most ATTACHMENTS_PER_ISSUE.
   */
  async uploadToIssue(
    user: AuthUser,
    issueId: string,
    file: UploadedFile | undefined,
    uploadKey: string,
    stage: AttachmentStage,
  ): Promise<{ created: boolean; file: StoredFileView }> {
    if (!(await this.scope.canReadIssue(user, issueId))) throw new NotFoundException('Issue not found');
    if (!hasRole(user, ...WORKING_ROLES)) {
      throw new NotFoundException('Issue not found');
    }
    // A retry sends the same request, file included: one without it is refused even under a known key.
    if (!file) throw missingFile();
    const existing = await this.repository.byKey(user.id, uploadKey);
    if (existing) return { created: false, file: this.replayed(existing, issueId) };
    const content = await this.checked(file);
    const row = await this.save(user, file, content, uploadKey, stage, issueId);
    return { created: true, file: toView(row) };
  }

  private replayed(existing: AttachmentRow, issueId: string | null): StoredFileView {
    if (issueId !== null && existing.issueId !== issueId) {
      const message = 'This uploadKey was used for another file: make a new key for a new file';
      throw new ConflictException({ message, fields: { uploadKey: [message] } });
    }
    return toView(existing);
  }

  private async checked(file: UploadedFile | undefined): Promise<CheckedContent> {
    if (!file) throw missingFile();
    try {
      return await checkContent(file.buffer);
    } catch (error) {
      if (!(error instanceof ContentRejected)) throw error;
      const problem = error.problem;
      switch (problem.kind) {
        case 'empty':
          throw invalidField('file', '文件为空 (the file is empty)');
        case 'too_large':
          throw fileTooLarge();
        case 'type': {
          const message = `只接受${ATTACHMENT_TYPES_TEXT} (the content is ${problem.detected ?? 'of no known type'})`;
          throw new UnsupportedMediaTypeException({ message, fields: { file: [message] } });
        }
        case 'unreadable':
          throw invalidField('file', '图片无法读取，可能已损坏 (the image cannot be decoded)');
      }
    }
  }

  /** The bytes first, then the row: a row never names bytes that are not stored. */
  private async save(
    user: AuthUser,
    file: UploadedFile,
    content: CheckedContent,
    uploadKey: string,
    stage: AttachmentStage,
    issueId: string | null,
  ): Promise<AttachmentRow> {
    const id = randomUUID();
    const keys = attachmentKeys(id);
    await this.store.put(keys.file, content.bytes);
    if (content.thumbnail) await this.store.put(keys.thumbnail, content.thumbnail);
    const row = {
      id,
      issueId,
      uploadedByUserId: user.id,
      uploadKey,
      stage,
      fileName: fileNameOf(file.originalname),
      mediaType: content.mediaType,
      byteSize: content.bytes.length,
      sha256: content.sha256,
      width: content.width,
      height: content.height,
      hasThumbnail: content.thumbnail !== null,
    };
    const added = await this.repository.add(row, ATTACHMENTS_PER_ISSUE, { userId: user.id, label: user.displayName });
    if (added === 'full') {
      const message = `每件事项最多 ${ATTACHMENTS_PER_ISSUE} 个附件 (at most ${ATTACHMENTS_PER_ISSUE} files per issue)`;
      throw new ConflictException({ message, fields: { file: [message] } });
    }
    const inserted = added === 'inserted';
    // A concurrent retry with the same key won: answer its file (our bytes stay unreferenced under a fresh id).
    const stored = await this.repository.byKey(user.id, uploadKey);
    if (!stored) throw new Error(`attachment ${uploadKey} of ${user.id} vanished`);
    if (!inserted) this.replayed(stored, issueId); // refuses a key the winner used for another issue
    return stored;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Intake

  /**
   * Checks, before intake's transaction, that `ids` name files this user uploaded for a submission and that are not
   * part of another issue (`issueId`: the issue a resubmission found, whose own files are fine). 400 otherwise.
   */
  async assertBindable(userId: string, ids: string[], issueId: string | null = null): Promise<void> {
    if (!ids.length) return;
    const rows = new Map((await this.repository.byIds(ids)).map((row) => [row.id, row]));
    const problems: string[] = [];
    for (const [index, id] of ids.entries()) {
      const row = rows.get(id);
      if (!row || row.uploadedByUserId !== userId) problems.push(`attachmentIds.${index} names no file you uploaded`);
      else if (row.issueId !== null && row.issueId !== issueId) {
        problems.push(`attachmentIds.${index} is a file of another issue`);
      }
    }
    if (problems.length) throw new InvalidFieldsException({ attachmentIds: problems });
  }

  /** Whether every one of `ids` is a file this user uploaded that intake bound to the issue (a resubmission's check). */
  async areBoundTo(userId: string, issueId: string, ids: string[]): Promise<boolean> {
    const rows = await this.repository.byIds(ids);
    return (
      rows.length === ids.length && rows.every((row) => row.uploadedByUserId === userId && row.issueId === issueId)
    );
  }

  /** Binds the submission's files to the issue intake is creating, in intake's transaction, with their events. */
  async bindAtIntake(
    tx: EntityManager,
    issueId: string,
    actor: { userId: string; label: string },
    ids: string[],
  ): Promise<void> {
    if (!ids.length) return;
    const bound = await this.repository.bind(tx, issueId, actor.userId, ids);
    if (bound.length !== new Set(ids).size) {
      // Bound to another issue between the check and now (two submissions sharing a file): refuse this one whole.
      throw new InvalidFieldsException({ attachmentIds: ['a file of this submission was just used by another issue'] });
    }
    for (const row of await this.repository.byIds(ids, tx)) {
      await this.repository.recordAdded(tx, row, issueId, actor);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reads

  /** The files of an issue the caller has been allowed to read (their bytes are fetched, and logged, one by one). */
  async ofIssue(issueId: string): Promise<StoredFileView[]> {
    return (await this.repository.ofIssue(issueId)).map(toView);
  }

  /**
   * A file or its thumbnail: 404 unless the caller may read its issue (or, not yet bound, uploaded it). Every read of
   * an issue's file is recorded in data_access_log with the file's id.
   */
  async download(user: AuthUser, id: string, which: 'file' | 'thumbnail'): Promise<Download> {
    const row = await this.repository.byId(id);
    const visible =
      row !== null &&
      (row.issueId === null ? row.uploadedByUserId === user.id : await this.scope.canReadIssue(user, row.issueId));
    if (!row || !visible || (which === 'thumbnail' && !row.hasThumbnail)) {
      throw new NotFoundException('Attachment not found');
    }
    if (row.contentErasedAt) {
      throw new GoneException(
        `该附件的内容已于 ${row.contentErasedAt.toISOString()} 随选民个人信息按保存期限删除 (the file was erased with the voter's personal data)`,
      );
    }
    const bytes = await this.store.get(attachmentKeys(id)[which]);
    if (!bytes) throw new NotFoundException('Attachment not found');
    if (row.issueId !== null) {
      await this.personalData.recordRead(user, row.issueId, [`attachment:${id}`], READ_PURPOSE[which]);
    }
    return which === 'file'
      ? { bytes, mediaType: row.mediaType, fileName: row.fileName }
      : { bytes, mediaType: 'image/webp', fileName: `${row.fileName}.webp` };
  }
}

export function fileTooLarge(): PayloadTooLargeException {
  const message = `文件不能超过 ${ATTACHMENT_MAX_BYTES / MB} MB (the file is larger than ${ATTACHMENT_MAX_BYTES / MB} MB)`;
  return new PayloadTooLargeException({ message, fields: { file: [message] } });
}

/** The client's name without any folder part or control characters, at most FILE_NAME_MAX characters. */
function fileNameOf(original: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const base = (original.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || '附件').slice(-FILE_NAME_MAX);
}

function toView(row: AttachmentRow): StoredFileView {
  const url = `/api/attachments/${row.id}`;
  return {
    id: row.id,
    fileName: row.fileName,
    mediaType: row.mediaType,
    byteSize: row.byteSize,
    stage: row.stage,
    stageLabel: ATTACHMENT_STAGE_LABELS[row.stage],
    width: row.width,
    height: row.height,
    uploadedBy: row.uploadedByName,
    uploadedAt: row.createdAt,
    url,
    thumbnailUrl: row.hasThumbnail && !row.contentErasedAt ? `${url}/thumbnail` : null,
    contentErasedAt: row.contentErasedAt,
  };
}

function missingFile(): InvalidFieldsException {
  return invalidField('file', 'file is required: send it as the multipart field "file"');
}
