// Reads back a workbook the API wrote, with the same library that writes it (exceljs): each sheet's title row (when
// the header is not the first row), its rows from the header on, days as YYYY-MM-DD, and the print layout.
import { Workbook, type CellValue } from 'exceljs';

export type ReadCell = string | number | null;

export interface ReadSheet {
  name: string;
  /** The line above the header, if there is one. */
  title: string | null;
  /** The header row first, then the data rows. */
  rows: ReadCell[][];
  /** Cells written as real dates (the rest are text or numbers), by their YYYY-MM-DD. */
  dates: string[];
  layout: { frozenRows: number; printTitlesRow: string | null; orientation: string | null; fitToWidth: number | null };
}

export async function readXlsx(body: Buffer | ArrayBuffer): Promise<ReadSheet[]> {
  const workbook = new Workbook();
  await workbook.xlsx.load(body instanceof ArrayBuffer ? body : new Uint8Array(body).buffer);
  return workbook.worksheets.map((worksheet) => {
    const view = worksheet.views[0] as { state?: string; ySplit?: number } | undefined;
    const frozenRows = view?.state === 'frozen' ? (view.ySplit ?? 0) : 0;
    const headerRow = Math.max(1, frozenRows);
    const width = worksheet.getRow(headerRow).cellCount;
    const dates: string[] = [];
    const text = (value: CellValue): ReadCell => {
      if (value === null || value === undefined) return null;
      if (value instanceof Date) {
        const day = value.toISOString().slice(0, 10);
        dates.push(day);
        return day;
      }
      if (typeof value === 'number' || typeof value === 'string') return value;
      if (typeof value === 'object' && 'richText' in value) return value.richText.map((part) => part.text).join('');
      throw new Error(`unexpected cell value ${JSON.stringify(value)} (a formula?)`);
    };
    const rows: ReadCell[][] = [];
    for (let r = headerRow; r <= worksheet.rowCount; r++) {
      const row = worksheet.getRow(r);
      rows.push(Array.from({ length: width }, (_, c) => text(row.getCell(c + 1).value)));
    }
    const title = headerRow > 1 ? (text(worksheet.getCell(1, 1).value) as string | null) : null;
    return {
      name: worksheet.name,
      title,
      rows,
      dates,
      layout: {
        frozenRows,
        printTitlesRow: worksheet.pageSetup.printTitlesRow ?? null,
        orientation: worksheet.pageSetup.orientation ?? null,
        fitToWidth: worksheet.pageSetup.fitToWidth ?? null,
      },
    };
  });
}

/** Every piece of text in the workbook, titles included: what a reader could ever see. */
export function allText(sheets: readonly ReadSheet[]): string {
  return sheets
    .map((sheet) => [sheet.title ?? '', ...sheet.rows.flat().map((cell) => String(cell ?? ''))].join('\n'))
    .join('\n');
}
