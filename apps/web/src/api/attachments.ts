// Photos and documents: multipart uploads (keyed, so a retried upload finds the first) and authenticated downloads
// (an <img> cannot send the access token, so files are fetched and shown from blob URLs).
import { api, errorOf } from './client';
import type { AttachmentStage, StoredFile } from './types';

export async function uploadAttachment(input: {
  file: Blob;
  fileName: string;
  uploadKey: string;
  /** Omitted: a file for a submission not yet sent, named later in attachmentIds. */
  issueId?: string;
  stage?: AttachmentStage;
}): Promise<StoredFile> {
  const form = new FormData();
  form.set('uploadKey', input.uploadKey);
  if (input.stage) form.set('stage', input.stage);
  form.set('file', input.file, input.fileName);
  const path = input.issueId ? `/api/issues/${encodeURIComponent(input.issueId)}/attachments` : '/api/attachments';
  const response = await api.fetch(path, { method: 'POST', body: form, headers: { Accept: 'application/json' } });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as StoredFile;
}

export async function attachmentBlob(url: string, signal?: AbortSignal): Promise<Blob> {
  const response = await api.fetch(url, { signal });
  if (!response.ok) throw await errorOf(response);
  return response.blob();
}
