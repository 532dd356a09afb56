// Owns writing .xlsx workbooks, with exceljs, laid out the way an office prints a register: a title row naming
// whose register and which period, the header row bold, frozen and repeated on every printed page, A4 landscape
// fitted to the page width, columns at their widths with text wrapped, numbers as numbers and days as real dates.
//
// Text a user typed is always written as a text cell: exceljs writes a formula only when handed one explicitly
// ({ formula }), which nothing here does, so "=HYPERLINK(…)" in a description stays the characters it is.
import { Workbook, type Worksheet } from 'exceljs';
import { type Cell, isDateCell } from './cell';

export interface Sheet {
  /** 1-31 characters, none of []:*?/\ */
  name: string;
  /** The line above the header: whose register, which period (e.g. 荣家湾镇人大代表之家 反映问题登记簿 2025-03). */
  title?: string;
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
  /** Column widths in characters; defaults to a guess from the header. */
  widths?: readonly number[];
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const FONT = '等线';
/** Characters XML 1.0 cannot hold at all (C0 controls other than tab and line ends): dropped, as no reader shows them. */
// eslint-disable-next-line no-control-regex -- these control characters are exactly what is being removed
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export async function toXlsx(sheets: readonly Sheet[]): Promise<Buffer> {
  if (sheets.length === 0) throw new Error('a workbook needs a sheet');
  for (const sheet of sheets) {
    if (!/^[^[\]:*?/\\]{1,31}$/.test(sheet.name)) throw new Error(`bad sheet name '${sheet.name}'`);
  }
  const workbook = new Workbook();
  workbook.creator = '联络 Lianluo';
  for (const sheet of sheets) addSheet(workbook, sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSheet(workbook: Workbook, sheet: Sheet): void {
  const headerRow = sheet.title ? 2 : 1;
  const worksheet = workbook.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', ySplit: headerRow }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages down as it takes
      printTitlesRow: `${headerRow}:${headerRow}`,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  const widths = sheet.widths ?? sheet.header.map((title) => Math.max(8, [...title].length * 2 + 2));
  widths.forEach((width, index) => (worksheet.getColumn(index + 1).width = width));
  if (sheet.title) addTitle(worksheet, sheet.title, Math.max(1, sheet.header.length));

  const header = worksheet.getRow(headerRow);
  header.values = sheet.header.map((title) => title.replace(NOT_XML, ''));
  header.font = { name: FONT, bold: true, size: 11 };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  for (const values of sheet.rows) {
    const row = worksheet.addRow([]);
    values.forEach((value, index) => {
      const cell = row.getCell(index + 1);
      if (value === null) return;
      if (isDateCell(value)) {
        cell.value = calendarDay(value.date);
        cell.numFmt = 'yyyy-mm-dd';
      } else if (typeof value === 'number') {
        cell.value = value;
      } else {
        cell.value = value.replace(NOT_XML, '');
      }
    });
    row.font = { name: FONT, size: 11 };
    row.alignment = { vertical: 'top', wrapText: true };
  }
}

function addTitle(worksheet: Worksheet, title: string, columns: number): void {
  worksheet.mergeCells(1, 1, 1, columns);
  const cell = worksheet.getCell(1, 1);
  cell.value = title.replace(NOT_XML, '');
  cell.font = { name: FONT, bold: true, size: 14 };
  cell.alignment = { vertical: 'middle', horizontal: 'center' };
  worksheet.getRow(1).height = 24;
}

/** The day at midnight UTC: Excel stores days without a time zone, and exceljs counts from UTC. */
function calendarDay(day: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date));
}
