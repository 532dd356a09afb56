import sharp from 'sharp';
import { ATTACHMENT_MAX_BYTES, checkContent, ContentRejected } from './attachment-content';

async function photoWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: '#7a9' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneMaker', Artist: 'Li Guilan' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

async function problemOf(bytes: Buffer): Promise<string> {
  try {
    await checkContent(bytes);
    return 'accepted';
  } catch (error) {
    if (error instanceof ContentRejected) return error.problem.kind;
    throw error;
  }
}

describe('checkContent', () => {
  it('keeps a photo upright without its EXIF and makes a thumbnail', async () => {
    const upload = await photoWithExif();
    expect((await sharp(upload).metadata()).exif).toBeDefined();
    const checked = await checkContent(upload);
    expect(checked.mediaType).toBe('image/jpeg');
    const stored = await sharp(checked.bytes).metadata();
    expect(stored.exif).toBeUndefined();
    // Orientation 6 (turned 90°) applied: the stored photo stands upright.
    expect([stored.width, stored.height]).toEqual([800, 1200]);
    expect([checked.width, checked.height]).toEqual([800, 1200]);
    const thumbnail = await sharp(checked.thumbnail!).metadata();
    expect(thumbnail.format).toBe('webp');
    expect(Math.max(thumbnail.width, thumbnail.height)).toBe(320);
    expect(checked.bytes.toString('latin1')).not.toContain('PhoneMaker');
  });

  it('judges by content, not by name: a Windows program is refused, a PDF accepted as it is', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200, 1)]);
    expect(await problemOf(exe)).toBe('type');
    expect(await problemOf(Buffer.from('just some text, not a photo'))).toBe('type');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const checked = await checkContent(pdf);
    expect(checked.mediaType).toBe('application/pdf');
    expect(checked.bytes.equals(pdf)).toBe(true);
    expect(checked.thumbnail).toBeNull();
  });

  it('refuses an empty file, an oversized one, and an image that does not decode', async () => {
    expect(await problemOf(Buffer.alloc(0))).toBe('empty');
    expect(await problemOf(Buffer.alloc(ATTACHMENT_MAX_BYTES + 1, 1))).toBe('too_large');
    const truncated = (await photoWithExif()).subarray(0, 200);
    expect(await problemOf(truncated)).toBe('unreadable');
  });
});
