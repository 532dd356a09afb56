// The printable poster of a station's and a deputy's code as PDF (issue #15, item 1), beside the HTML poster and the
// PNG of the code: read back as a person's tools read it (pdftotext, pdfinfo, pdffonts, rendered pages), and its QR
// code, taken out of the file with pdfimages, read module by module against the code's address.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { idOf } from '../auth/support/fixtures';
import { readPdf } from '../support/document-reader';
import { startIssueApp, type IssueTestApp } from '../issues/support/issue-app';

/** The dark modules of the first image in the PDF, sampled at each module's centre (the poster draws a 1-module margin). */
async function qrModulesOf(pdf: Buffer, size: number): Promise<boolean[]> {
  const folder = mkdtempSync(join(tmpdir(), 'lianluo-poster-'));
  try {
    writeFileSync(join(folder, 'poster.pdf'), pdf);
    execFileSync('pdfimages', ['-png', join(folder, 'poster.pdf'), join(folder, 'image')]);
    const [image] = readdirSync(folder).filter((name) => name.startsWith('image'));
    const { data, info } = await sharp(join(folder, image)).greyscale().raw().toBuffer({ resolveWithObject: true });
    const cell = info.width / (size + 2);
    const modules: boolean[] = [];
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const x = Math.floor((col + 1.5) * cell);
        const y = Math.floor((row + 1.5) * cell);
        modules.push(data[y * info.width + x] < 128);
      }
    }
    return modules;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe("a code's poster as PDF", () => {
  let t: IssueTestApp;
  beforeAll(async () => {
    t = await startIssueApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("carries the station's name, its reception days and the code of its address, on one A4 page", async () => {
    const stationId = await idOf(t.db, 'stations', 'rongjiawan');
    const response = await fetch(`${t.http.baseUrl}/v/poster-pdf/s/${stationId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('荣家湾镇人大代表之家民情码.pdf'));
    const body = Buffer.from(await response.arrayBuffer());
    const pdf = await readPdf(body, 'voter-poster-station.pdf');
    expect(pdf.pages).toBe(1);
    expect(pdf.pageSize.width).toBeCloseTo(595.28, 0);
    expect(pdf.pageSize.height).toBeCloseTo(841.89, 0);
    expect(pdf.fonts.join('\n')).toMatch(/WenQuanYi/);
    expect(pdf.ink[0]).toBeGreaterThan(0.05);
    const text = pdf.text.replace(/ /g, '');
    expect(text).toContain('荣家湾镇人大代表之家民情码');
    expect(text).toContain('接待日：每月8日');
    expect(text).toContain('扫码');
    const url = `http://lianluo.test/v/s/${stationId}`;
    expect(text).toContain(url);

    const expected = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    const read = await qrModulesOf(body, expected.size);
    expect(read).toEqual(Array.from(expected.data, (bit) => bit === 1));
  });

  it("names the deputy on a deputy's poster, and answers 404 for a code that names nothing", async () => {
    const stationId = await idOf(t.db, 'stations', 'rongjiawan');
    const [{ id: deputyId }] = await t.db.query<{ id: string }[]>(
      `SELECT d.id FROM deputies d JOIN users u ON u.id = d.user_id WHERE u.username = 'deputy.zhangzhiqiang'`,
    );
    const response = await fetch(`${t.http.baseUrl}/v/poster-pdf/s/${stationId}/d/${deputyId}`);
    expect(response.status).toBe(200);
    const pdf = await readPdf(Buffer.from(await response.arrayBuffer()), 'voter-poster-deputy.pdf');
    const text = pdf.text.replace(/ /g, '');
    expect(text).toContain('张志强代表联系码');
    expect(text).toContain('荣家湾镇人大代表之家');
    expect(text).toContain(`http://lianluo.test/v/s/${stationId}/d/${deputyId}`);

    const unknown = await fetch(`${t.http.baseUrl}/v/poster-pdf/s/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
  });
});
