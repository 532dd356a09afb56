// Owns what an uploaded file is, judged by its bytes: the allowed types (detected by `file-type` from the content,
// whatever the name says), the size limits, and for images a copy without metadata (EXIF: the camera's GPS position,
// the phone's owner) turned upright, plus a thumbnail.
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';

/** Largest file accepted, in bytes (a phone photo is 2-6 MB; a scanned reply letter as PDF a few MB). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** Most files one issue holds, all stages together. */
export const ATTACHMENTS_PER_ISSUE = 20;
/** Thumbnails fit in this square (the issue page shows them at about 100 px; 2x for sharp screens, and room). */
const THUMBNAIL_SIZE = 320;
/** Refuse images that would decode to more pixels than this (a small file can expand to gigabytes). */
const MAX_IMAGE_PIXELS = 50_000_000;

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
const DOCUMENT_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;
export const ATTACHMENT_MEDIA_TYPES: readonly string[] = [...IMAGE_TYPES, ...DOCUMENT_TYPES];
/** 照片 JPEG/PNG/WebP, PDF, Word (.docx), Excel (.xlsx): said to users in refusals. */
export const ATTACHMENT_TYPES_TEXT = 'JPEG、PNG、WebP 图片，PDF，Word（.docx）或 Excel（.xlsx）文件';

export interface CheckedContent {
  mediaType: string;
  /** What is stored: the upload itself, or for an image its upright copy without metadata. */
  bytes: Buffer;
  sha256: string;
  width: number | null;
  height: number | null;
  /** A WebP thumbnail, for images. */
  thumbnail: Buffer | null;
}

export type ContentProblem =
  { kind: 'empty' } | { kind: 'too_large' } | { kind: 'type'; detected: string | null } | { kind: 'unreadable' };

export class ContentRejected extends Error {
  constructor(readonly problem: ContentProblem) {
    super(`attachment refused: ${problem.kind}`);
  }
}

export async function checkContent(upload: Buffer): Promise<CheckedContent> {
  if (upload.length === 0) throw new ContentRejected({ kind: 'empty' });
  if (upload.length > ATTACHMENT_MAX_BYTES) throw new ContentRejected({ kind: 'too_large' });
  const detected = await fileTypeFromBuffer(upload);
  const mediaType = detected?.mime ?? null;
  if (mediaType === null || !ATTACHMENT_MEDIA_TYPES.includes(mediaType)) {
    throw new ContentRejected({ kind: 'type', detected: mediaType });
  }
  if (!(IMAGE_TYPES as readonly string[]).includes(mediaType)) {
    return { mediaType, bytes: upload, sha256: sha256(upload), width: null, height: null, thumbnail: null };
  }
  try {
    // rotate() with no angle applies the EXIF orientation before the metadata goes; sharp writes none by default.
    const image = sharp(upload, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' }).rotate();
    const format = mediaType === 'image/png' ? 'png' : mediaType === 'image/webp' ? 'webp' : 'jpeg';
    const { data, info } = await image.clone().toFormat(format).toBuffer({ resolveWithObject: true });
    const thumbnail = await image
      .clone()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    return { mediaType, bytes: data, sha256: sha256(data), width: info.width, height: info.height, thumbnail };
  } catch {
    throw new ContentRejected({ kind: 'unreadable' });
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
