// Reads back the documents the API writes, the way a person's tools would: a .docx unzipped (jszip) and its
// word/document.xml parsed (xmlbuilder2), paragraph by paragraph; a PDF through Debian's poppler-utils — pdftotext for
// its words, pdfinfo for its pages and fonts, pdftoppm to render every page, each checked to carry ink (sharp).
// Each file read is also kept in test-output/documents/ (with the PDF's rendered pages) for a person to look at.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import sharp from 'sharp';
import { create } from 'xmlbuilder2';

export interface ReadDocx {
  /** Every paragraph's text in document order, table cells included (each cell's paragraphs in turn). */
  paragraphs: string[];
  /** Each table as rows of cell texts. */
  tables: string[][][];
  /** Page size and margins of the first section, in twips. */
  page: { width: number; height: number; top: number; left: number };
  /** East Asian font names used by runs. */
  fonts: string[];
}

/** Where the files read are kept for people to look at. */
export const DOCUMENTS_OUTPUT = join(__dirname, '..', '..', 'test-output', 'documents');

function keep(name: string, body: Buffer): void {
  mkdirSync(DOCUMENTS_OUTPUT, { recursive: true });
  writeFileSync(join(DOCUMENTS_OUTPUT, name), body);
}

/** `name` (e.g. monthly-report.docx) is what the copy in test-output/documents/ is called. */
/** What is used of the DOM nodes xmlbuilder2 parses into (the project's TypeScript has no DOM library). */
interface XmlElement {
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
  getAttribute(name: string): string | null;
  textContent: string | null;
}

export async function readDocx(body: Buffer, name: string): Promise<ReadDocx> {
  keep(name, body);
  const zip = await JSZip.loadAsync(body);
  const file = zip.file('word/document.xml');
  if (!file) throw new Error('not a Word document: no word/document.xml');
  const root = create(await file.async('string')).root().node as unknown as XmlElement;
  const textOf = (element: XmlElement) =>
    Array.from(element.getElementsByTagName('w:t'))
      .map((t) => t.textContent ?? '')
      .join('');
  const paragraphs = Array.from(root.getElementsByTagName('w:p')).map(textOf);
  const tables = Array.from(root.getElementsByTagName('w:tbl')).map((table) =>
    Array.from(table.getElementsByTagName('w:tr')).map((row) =>
      Array.from(row.getElementsByTagName('w:tc')).map((cell) =>
        Array.from(cell.getElementsByTagName('w:p')).map(textOf).join('\n'),
      ),
    ),
  );
  const attr = (tag: string, name: string) => Number(root.getElementsByTagName(tag)[0]?.getAttribute(name) ?? NaN);
  const fonts = [
    ...new Set(
      Array.from(root.getElementsByTagName('w:rFonts'))
        .map((f) => f.getAttribute('w:eastAsia'))
        .filter((f): f is string => !!f),
    ),
  ];
  return {
    paragraphs,
    tables,
    page: {
      width: attr('w:pgSz', 'w:w'),
      height: attr('w:pgSz', 'w:h'),
      top: attr('w:pgMar', 'w:top'),
      left: attr('w:pgMar', 'w:left'),
    },
    fonts,
  };
}

export interface ReadPdf {
  /** pdftotext's reading of the whole document (raw order, no layout), whitespace runs collapsed to one space. */
  text: string;
  pages: number;
  /** Page size in points. */
  pageSize: { width: number; height: number };
  /** pdffonts' lines for the embedded fonts. */
  fonts: string[];
  /** For each page rendered by pdftoppm: the share of its pixels that are not white. */
  ink: number[];
}

/** `name` (e.g. monthly-report.pdf) is what the copy in test-output/documents/ is called; its pages keep it as prefix. */
export async function readPdf(body: Buffer, name: string): Promise<ReadPdf> {
  keep(name, body);
  const folder = mkdtempSync(join(tmpdir(), 'lianluo-pdf-'));
  try {
    const file = join(folder, 'document.pdf');
    writeFileSync(file, body);
    const run = (command: string, ...args: string[]) => execFileSync(command, args, { encoding: 'utf8' });
    const text = run('pdftotext', '-raw', '-enc', 'UTF-8', file, '-').replace(/\s+/g, ' ');
    const info = run('pdfinfo', file);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
    const fonts = run('pdffonts', file).split('\n').slice(2).filter(Boolean);
    run('pdftoppm', '-r', '60', '-png', file, join(folder, 'page'));
    const images = readdirSync(folder)
      .filter((name) => name.startsWith('page') && name.endsWith('.png'))
      .sort();
    const ink: number[] = [];
    for (const image of images) {
      const { data, info: raw } = await sharp(join(folder, image))
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      let dark = 0;
      for (const value of data) if (value < 200) dark++;
      ink.push(dark / (raw.width * raw.height));
      keep(`${name}-${image}`, await sharp(join(folder, image)).toBuffer());
    }
    return {
      text,
      pages,
      pageSize: { width: Number(size?.[1]), height: Number(size?.[2]) },
      fonts,
      ink,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
