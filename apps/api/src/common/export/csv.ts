// Owns CSV as spreadsheet programs read it: UTF-8 with a byte-order mark (so Excel shows Chinese), CRLF line ends,
// RFC 4180 quoting, and text that could start a formula prefixed with an apostrophe (CSV injection).
import { type Cell, isDateCell } from './cell';

export type { Cell } from './cell';

const FORMULA_START = /^[=+\-@\t\r]/;

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): Buffer {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (isDateCell(value)) return value.date;
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}
