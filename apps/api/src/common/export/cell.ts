// Owns what a cell of an exported table may hold, shared by the CSV and XLSX writers: text, a number, a calendar
// day (written as a real date where the format has dates), or nothing.
export interface DateCell {
  /** A calendar day, YYYY-MM-DD, already in China time. */
  date: string;
}

export type Cell = string | number | DateCell | null;

export function dateCell(day: string | null | undefined): DateCell | null {
  return day ? { date: day } : null;
}

export function isDateCell(value: Cell): value is DateCell {
  return typeof value === 'object' && value !== null;
}
