// Owns writing an official document as .docx, with the `docx` library: A4 with GB/T 9704's margins, the issuing office
// in red above a red rule, the title in a large bold face, body text in 仿宋 indented two characters, tables with
// their header repeated on every page, and the issuing office and date line at the foot, right-aligned.
// Fonts are named, not embedded: Word on an office machine has 仿宋/黑体/宋体; others substitute their own CJK face.
import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import {
  chineseDate,
  issuerPointSize,
  TEXT_WIDTH_PT,
  type DocumentBlock,
  type OfficialDocument,
} from './official-document';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const BODY = '仿宋';
const HEADING = '黑体';
const TITLE = '宋体';
const RED = 'C00000';
/** Sizes in half-points (the issuer's: official-document.ts): 三号 16pt for body text, 二号 22pt for the title, 小四 12pt in tables, 五号 10.5pt notes. */
const SIZE = { title: 44, body: 32, table: 24, note: 21 } as const;
/** A4 less the left and right margins, in twips (what a table spans). */
const TEXT_WIDTH = Math.floor(TEXT_WIDTH_PT * 20);
/** Characters XML 1.0 cannot hold (C0 controls other than tab and line ends): dropped, as no reader shows them. */
// eslint-disable-next-line no-control-regex -- these control characters are exactly what is being removed
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export async function toDocx(document: OfficialDocument): Promise<Buffer> {
  const file = new Document({
    creator: '联络 Lianluo',
    title: clean(document.title),
    styles: { default: { document: { run: { font: { eastAsia: BODY, ascii: BODY, hAnsi: BODY }, size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 }, // A4 in twips, as Word writes it
            margin: {
              top: convertMillimetersToTwip(37),
              bottom: convertMillimetersToTwip(35),
              left: convertMillimetersToTwip(28),
              right: convertMillimetersToTwip(26),
            },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: SIZE.note })],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 120 },
            border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 8 } },
            children: [
              run(document.issuer, { font: TITLE, size: issuerPointSize(document.issuer) * 2, bold: true, color: RED }),
            ],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { before: 480, after: 240 },
            children: [run(document.title, { font: TITLE, size: SIZE.title, bold: true })],
          }),
          ...document.subtitle.map(
            (line) => new Paragraph({ alignment: AlignmentType.CENTER, children: [run(line, { size: SIZE.table })] }),
          ),
          ...document.blocks.flatMap(block),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            spacing: { before: 720 },
            indent: { right: 640 },
            children: [run(document.issuer)],
          }),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            indent: { right: 640 },
            children: [run(chineseDate(document.date))],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(file);
}

function block(item: DocumentBlock): (Paragraph | Table)[] {
  switch (item.kind) {
    case 'heading':
      return [
        new Paragraph({
          spacing: { before: 240, after: 120 },
          indent: { firstLine: 640 },
          keepNext: true,
          children: [run(item.text, { font: HEADING })],
        }),
      ];
    case 'subheading':
      return [
        new Paragraph({
          spacing: { before: 160 },
          indent: { firstLine: 640 },
          keepNext: true,
          children: [run(item.text, { bold: true })],
        }),
      ];
    case 'paragraph':
      return [
        new Paragraph({
          alignment: alignment(item.align),
          indent: item.plain || item.align ? undefined : { firstLine: 640 },
          spacing: { line: 560, lineRule: 'exact' },
          children: [run(item.text, item.note ? { size: SIZE.note } : {})],
        }),
      ];
    case 'list':
      // Numbers written out, not Word numbering: each list starts at 1 without a numbering instance per list.
      return item.items.map(
        (text, index) =>
          new Paragraph({
            indent: { firstLine: 640 },
            children: [run(`${index + 1}. ${text}`, { size: item.note ? SIZE.note : SIZE.body })],
          }),
      );
    case 'table':
      return [table(item), new Paragraph({ children: [] })];
  }
}

function table(item: Extract<DocumentBlock, { kind: 'table' }>): Table {
  const weights = item.widths ?? item.header.map(() => 1);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const widths = weights.map((weight) => Math.floor((TEXT_WIDTH * weight) / total));
  const row = (cells: string[], options: { header?: boolean; bold?: boolean } = {}) =>
    new TableRow({
      tableHeader: options.header,
      cantSplit: true,
      children: cells.map(
        (text, index) =>
          new TableCell({
            width: { size: widths[index], type: WidthType.DXA },
            shading: options.header ? { fill: 'EEEEEE' } : undefined,
            children: text.split('\n').map(
              (line) =>
                new Paragraph({
                  alignment: index === 0 || text.length > 12 ? AlignmentType.LEFT : AlignmentType.CENTER,
                  children: [run(line, { size: SIZE.table, bold: options.header || options.bold })],
                }),
            ),
          }),
      ),
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      row(item.header, { header: true }),
      ...item.rows.map((cells) => row(cells)),
      ...(item.footer ? [row(item.footer, { bold: true })] : []),
    ],
  });
}

function run(text: string, options: { font?: string; size?: number; bold?: boolean; color?: string } = {}): TextRun {
  const font = options.font ?? BODY;
  return new TextRun({
    text: clean(text),
    font: { eastAsia: font, ascii: font, hAnsi: font },
    size: options.size ?? SIZE.body,
    bold: options.bold,
    color: options.color,
  });
}

function alignment(align: 'left' | 'right' | 'center' | undefined) {
  if (align === 'right') return AlignmentType.RIGHT;
  if (align === 'center') return AlignmentType.CENTER;
  return AlignmentType.JUSTIFIED;
}

function clean(text: string): string {
  return text.replace(NOT_XML, '');
}
