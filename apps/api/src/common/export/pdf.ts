// Owns writing an official document as PDF, with pdfkit and a Chinese font embedded (subset) from the machine.
//
// Why pdfkit and not Chromium printing the HTML page: `npm start` and the API image carry no browser, and a browser
// would need a CJK font anyway; pdfkit is a library already in the process and needs only the font file, which
// comes from Debian's packages (fonts-wqy-zenhei: scripts/bootstrap.js installs it, the Dockerfile too). Without
// one the PDF answers 503 naming the package, and the HTML, DOCX and XLSX forms still work.
import { existsSync } from 'node:fs';
import { ServiceUnavailableException } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import { chineseDate, issuerPointSize, type DocumentBlock, type OfficialDocument } from './official-document';

export const PDF_MIME = 'application/pdf';

/** Debian's package that provides the font, named in the 503 when none is found. */
export const PDF_FONT_PACKAGE = 'fonts-wqy-zenhei';

/** Where Debian's CJK TrueType fonts lie, first found wins (a .ttc holds several faces; `face` picks one). */
const FONT_CANDIDATES = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/arphic/uming.ttc', face: 'AR PL UMing CN' },
] as const;

const MM = 72 / 25.4;
const RED = '#c00000';
/** Points: 二号 22pt title (the issuer: up to 26pt), 三号 16pt body (28 characters to a line on A4, as GB/T 9704 sets), 小四 12pt tables. */
const SIZE = { title: 22, body: 16, table: 11, note: 10.5, subtitle: 12 } as const;

export function pdfFont(): { path: string; face: string } | null {
  return FONT_CANDIDATES.find((font) => existsSync(font.path)) ?? null;
}

/** The font, or a 503 naming the package to install (the HTML forms work without it). */
export function requirePdfFont(): { path: string; face: string } {
  const font = pdfFont();
  if (!font) {
    throw new ServiceUnavailableException(
      `PDF needs a Chinese font: install Debian's ${PDF_FONT_PACKAGE} (apt-get install ${PDF_FONT_PACKAGE}); ` +
        'the HTML and Word forms work without it',
    );
  }
  return font;
}

export async function toPdf(document: OfficialDocument): Promise<Buffer> {
  const font = requirePdfFont();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM },
    bufferPages: true,
    info: { Title: document.title, Author: document.issuer, Creator: '联络 Lianluo' },
    lang: 'zh-CN',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.face);
  doc.font('cjk');
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  bold(doc, document.issuer, issuerPointSize(document.issuer), { align: 'center', color: RED });
  const ruleY = doc.y + 4;
  doc
    .moveTo(doc.page.margins.left, ruleY)
    .lineTo(doc.page.margins.left + width, ruleY)
    .lineWidth(2)
    .strokeColor(RED)
    .stroke();
  doc.strokeColor('black').fillColor('black').lineWidth(1);
  doc.y = ruleY + 24;
  bold(doc, document.title, SIZE.title, { align: 'center' });
  doc.moveDown(0.3);
  for (const line of document.subtitle) doc.fontSize(SIZE.subtitle).text(line, { align: 'center' });
  doc.moveDown(0.5);
  for (const item of document.blocks) block(doc, item, width);
  doc.moveDown(2);
  doc.fontSize(SIZE.body).text(document.issuer, { align: 'right' });
  doc.text(chineseDate(document.date), { align: 'right' });

  // Page numbers, — 1 —, centred under the text of every page.
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin would otherwise open a new page
    doc
      .fontSize(SIZE.note)
      .text(`— ${index + 1} —`, doc.page.margins.left, doc.page.height - bottom / 2, { width, align: 'center' });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function block(doc: PDFKit.PDFDocument, item: DocumentBlock, width: number): void {
  const left = doc.page.margins.left;
  switch (item.kind) {
    case 'heading':
      doc.moveDown(0.5);
      bold(doc, item.text, SIZE.body, { x: left, indent: SIZE.body * 2 });
      doc.moveDown(0.2);
      return;
    case 'subheading':
      doc.moveDown(0.3);
      bold(doc, item.text, SIZE.body * 0.9, { x: left, indent: SIZE.body * 2 });
      return;
    case 'paragraph': {
      const size = item.note ? SIZE.note : SIZE.body;
      doc.fontSize(size).text(item.text, left, doc.y, {
        width,
        align: item.align ?? 'justify',
        indent: item.plain || item.align ? 0 : size * 2,
        lineGap: size * 0.35,
      });
      return;
    }
    case 'list': {
      const size = item.note ? SIZE.note : SIZE.body;
      item.items.forEach((text, index) =>
        doc
          .fontSize(size)
          .text(`${index + 1}. ${text}`, left, doc.y, { width, lineGap: size * 0.3, paragraphGap: size * 0.2 }),
      );
      return;
    }
    case 'table': {
      const weights = item.widths ?? item.header.map(() => 1);
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      const cell = (text: string, index: number, header: boolean) => ({
        text,
        align: { x: index === 0 || text.length > 12 ? 'left' : 'center', y: 'center' } as const,
        backgroundColor: header ? '#eeeeee' : undefined,
        type: header ? ('TH' as const) : ('TD' as const),
      });
      doc.fontSize(SIZE.table);
      doc.table({
        position: { x: left, y: doc.y },
        maxWidth: width,
        columnStyles: weights.map((weight) => (width * weight) / total),
        defaultStyle: { border: 0.5, padding: 3 },
        data: [
          item.header.map((text, index) => cell(text, index, true)),
          ...item.rows.map((row) => row.map((text, index) => cell(text, index, false))),
          ...(item.footer ? [item.footer.map((text, index) => cell(text, index, false))] : []),
        ],
      });
      doc.x = left;
      doc.moveDown(0.6);
      return;
    }
  }
}

/** The font has no bold face: a bold line is its glyphs filled and stroked. */
function bold(
  doc: PDFKit.PDFDocument,
  text: string,
  size: number,
  options: { align?: 'center' | 'left'; color?: string; x?: number; indent?: number },
): void {
  const color = options.color ?? 'black';
  doc
    .fontSize(size)
    .fillColor(color)
    .strokeColor(color)
    .lineWidth(size / 40);
  doc.text(text, options.x ?? doc.page.margins.left, doc.y, {
    align: options.align ?? 'left',
    indent: options.indent ?? 0,
    fill: true,
    stroke: true,
  });
  doc.fillColor('black').strokeColor('black').lineWidth(1);
}
