// Owns the shape of a document sent on in 公文 flow (the monthly report, the deliberation opinions), written once and
// rendered by docx.ts and pdf.ts alike: the issuing office above a red rule, the title, the body, and the issuing
// office with the date line (成文日期) at the foot, as GB/T 9704 lays an official document out.

export type DocumentBlock =
  /** A first-level heading: 一、总体情况. */
  | { kind: 'heading'; text: string }
  /** A second-level heading: a speaker, an agenda item. */
  | { kind: 'subheading'; text: string }
  /** Body text; indented two characters unless `plain`; `note` prints smaller. */
  | { kind: 'paragraph'; text: string; plain?: boolean; align?: 'left' | 'right' | 'center'; note?: boolean }
  /** A table with a header row, and a footer row (a total) when given. `widths` are relative. */
  | { kind: 'table'; header: string[]; rows: string[][]; footer?: string[]; widths?: number[] }
  /** A numbered list. */
  | { kind: 'list'; items: string[]; note?: boolean };

export interface OfficialDocument {
  /** 发文机关: who issues it, printed above the red rule and again over the date line. */
  issuer: string;
  title: string;
  /** Lines centred under the title: the period, the meeting date. */
  subtitle: string[];
  blocks: DocumentBlock[];
  /** 成文日期, a China calendar day YYYY-MM-DD; printed 2026年1月31日. */
  date: string;
}

/** 2026-01-05 → 2026年1月5日, as a date line is written (no leading zeros). */
export function chineseDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return `${year}年${month}月${date}日`;
}

/** The width of the text on A4 with GB/T 9704's margins (210 − 28 − 26 mm), in points. */
export const TEXT_WIDTH_PT = ((210 - 28 - 26) * 72) / 25.4;

/** The issuing office is printed large on one line: 26 pt, smaller when its name would not fit (never under 16). */
export function issuerPointSize(issuer: string): number {
  const characters = Math.max(1, [...issuer].length);
  return Math.max(16, Math.min(26, Math.floor((TEXT_WIDTH_PT / characters) * 0.95)));
}
