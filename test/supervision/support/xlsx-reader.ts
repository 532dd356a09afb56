// Reads back what apps/api/src/supervision/xlsx.ts writes: unzips the package (central directory, inflate) and
// reads each worksheet's cells. Enough for the tests to compare a workbook's rows with what went in.
import { inflateRawSync } from 'node:zlib';

export interface ReadSheet {
  name: string;
  rows: (string | number | null)[][];
}

export function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip: no end-of-central-directory record');
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = archive.readUInt16LE(offset + 10);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localOffset = archive.readUInt32LE(offset + 42);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    const localNameLength = archive.readUInt16LE(localOffset + 26);
    const localExtraLength = archive.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const data = archive.subarray(start, start + compressedSize);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

export function readXlsx(archive: Buffer): ReadSheet[] {
  const files = unzip(archive);
  const text = (name: string) => {
    const file = files.get(name);
    if (!file) throw new Error(`${name} is missing from the workbook`);
    return file.toString('utf8');
  };
  const relations = new Map(
    [...text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [
      m[1],
      m[2],
    ]),
  );
  return [...text('xl/workbook.xml').matchAll(/<sheet name="([^"]*)" sheetId="\d+" r:id="([^"]+)"\/>/g)].map((m) => ({
    name: unescape(m[1]),
    rows: readSheet(text(`xl/${relations.get(m[2])}`)),
  }));
}

function readSheet(xml: string): (string | number | null)[][] {
  return [...xml.matchAll(/<row r="\d+">(.*?)<\/row>/gs)].map((row) => {
    const cells: (string | number | null)[] = [];
    for (const cell of row[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
      const column = columnIndex(cell[1]);
      while (cells.length < column) cells.push(null);
      const attributes = cell[2];
      const body = cell[3] ?? '';
      if (attributes.includes('t="inlineStr"')) cells.push(unescape(/<t[^>]*>(.*?)<\/t>/s.exec(body)?.[1] ?? ''));
      else if (body.includes('<v>')) cells.push(Number(/<v>(.*?)<\/v>/.exec(body)?.[1]));
      else cells.push(null);
    }
    return cells;
  });
}

function columnIndex(name: string): number {
  return [...name].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

function unescape(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] ?? '',
  );
}
