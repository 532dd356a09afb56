// Owns how a generated file is handed to the browser: its bytes, type and name, and the attachment header.
import { StreamableFile } from '@nestjs/common';

export interface DownloadFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/** An attachment header any browser reads: an ASCII fallback name and the real one in RFC 5987 form. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The answer of a download endpoint: the file as an attachment, its length known. */
export function downloadOf(file: DownloadFile): StreamableFile {
  return new StreamableFile(file.body, {
    type: file.contentType,
    disposition: attachment(file.fileName),
    length: file.body.length,
  });
}
