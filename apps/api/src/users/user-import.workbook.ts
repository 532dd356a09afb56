// Owns the XLSX side of the bulk import of deputies and users: the template an admin downloads (Chinese headers, one
// sheet for deputies and one for users, and a sheet saying how to fill them in) and reading a filled-in workbook back
// into rows of cell texts keyed by those headers. What the texts must be is the import service's business.
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { Workbook, type Worksheet } from 'exceljs';
import { toXlsx, XLSX_MIME } from '../common/export/xlsx';

export const DEPUTY_SHEET = '代表';
export const USER_SHEET = '用户';

/** Columns of the deputies sheet, in template order; a trailing * marks what must be filled in. */
export const DEPUTY_COLUMNS = {
  name: '姓名*',
  gender: '性别*',
  level: '代表层级*',
  employer: '工作单位*',
  post: '职务*',
  phone: '电话*',
  stations: '联络站',
  term: '届次',
} as const;

/** Columns of the users sheet; one-time passwords are generated, never read from the file. */
export const USER_COLUMNS = {
  username: '用户名*',
  displayName: '姓名*',
  roles: '角色*',
  region: '辖区',
  department: '承办单位',
  deputy: '代表',
  email: '电子邮箱',
} as const;

export type DeputyColumn = keyof typeof DEPUTY_COLUMNS;
export type UserColumn = keyof typeof USER_COLUMNS;

/** Largest workbook accepted: some thousand rows of text are a few hundred KB. */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
/** Most data rows per sheet: each user costs a password hash, and the import runs in one transaction. */
export const IMPORT_MAX_ROWS = 500;

const HELP = [
  '每个工作表第 1 行为表头，请勿修改；从第 2 行起每行一条。带 * 的列必填。',
  '【代表】性别：男 或 女。代表层级：全国、省、市、县、乡镇（也可写“县人大代表”）。',
  '【代表】联络站：联络站名称或编码，多个用顿号“、”分隔。届次：届次名称或编码，可不填。',
  '【用户】用户名：3-64 位小写字母、数字、点、横线或下划线，不能与已有用户重复。',
  '【用户】角色：人大代表、承办部门、联络员、督办人员、系统管理员，多个用顿号“、”分隔。',
  '【用户】联络员、督办人员须填辖区（地区名称或编码）；承办部门须填承办单位（名称或编码）；',
  '人大代表须填代表姓名（本文件“代表”表中的，或系统中已有且尚无账号的代表）。',
  '初始密码由系统生成，导入后只显示一次；用户首次登录须修改密码。',
  '导入前先“检查”：任何一行有误，都不会导入任何内容。',
];

export async function importTemplate(): Promise<Buffer> {
  return toXlsx([
    { name: DEPUTY_SHEET, header: Object.values(DEPUTY_COLUMNS), rows: [], widths: [12, 8, 12, 24, 16, 16, 28, 24] },
    { name: USER_SHEET, header: Object.values(USER_COLUMNS), rows: [], widths: [22, 12, 22, 16, 24, 12, 26] },
    { name: '填写说明', header: ['填写说明'], rows: HELP.map((line) => [line]), widths: [100] },
  ]);
}

/** One data row: its row number in the sheet (as Excel shows it) and the trimmed text of each known column. */
export interface SheetRow<C extends string> {
  row: number;
  cells: Record<C, string>;
}

export interface ReadWorkbook {
  sha256: string;
  deputies: SheetRow<DeputyColumn>[];
  users: SheetRow<UserColumn>[];
  /** Sheets or header cells missing from the file, and sheets with too many rows. */
  problems: { sheet: string; row: number; column: string; message: string }[];
}

export class NotAWorkbook extends Error {
  constructor(readonly detected: string | null) {
    super(`not an XLSX workbook (the content is ${detected ?? 'of no known type'})`);
  }
}

/** Reads an uploaded workbook; throws NotAWorkbook when the content (not the name) is no XLSX file or cannot be read. */
export async function readImportWorkbook(upload: Buffer): Promise<ReadWorkbook> {
  const detected = (await fileTypeFromBuffer(upload))?.mime ?? null;
  if (detected !== XLSX_MIME) throw new NotAWorkbook(detected);
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(upload as unknown as ArrayBuffer);
  } catch {
    throw new NotAWorkbook(detected);
  }
  const problems: ReadWorkbook['problems'] = [];
  const deputies = readSheet(workbook.getWorksheet(DEPUTY_SHEET), DEPUTY_SHEET, DEPUTY_COLUMNS, problems);
  const users = readSheet(workbook.getWorksheet(USER_SHEET), USER_SHEET, USER_COLUMNS, problems);
  return { sha256: createHash('sha256').update(upload).digest('hex'), deputies, users, problems };
}

function readSheet<C extends string>(
  worksheet: Worksheet | undefined,
  sheet: string,
  columns: Record<C, string>,
  problems: ReadWorkbook['problems'],
): SheetRow<C>[] {
  if (!worksheet) {
    problems.push({ sheet, row: 0, column: '', message: 'the sheet is missing: use the template' });
    return [];
  }
  const header = worksheet.getRow(1);
  const index = new Map<string, number>();
  header.eachCell((cell, column) => index.set(bare(cell.text), column));
  const positions = {} as Record<C, number>;
  for (const [key, title] of Object.entries(columns) as [C, string][]) {
    const position = index.get(bare(title));
    if (position === undefined) {
      problems.push({ sheet, row: 1, column: title, message: 'the column is missing: use the template' });
    } else {
      positions[key] = position;
    }
  }
  if (Object.keys(positions).length < Object.keys(columns).length) return [];
  const rows: SheetRow<C>[] = [];
  worksheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = {} as Record<C, string>;
    for (const key of Object.keys(columns) as C[]) cells[key] = row.getCell(positions[key]).text.trim();
    // A row whose cells are all empty (formatting left behind, a deleted row) is no row.
    if (Object.values<string>(cells).some((text) => text !== '')) rows.push({ row: number, cells });
  });
  if (rows.length > IMPORT_MAX_ROWS) {
    problems.push({ sheet, row: 0, column: '', message: `at most ${IMPORT_MAX_ROWS} rows per sheet` });
    return [];
  }
  return rows;
}

/** A header without its required-mark and spaces, so "姓名 *" and "姓名" both match. */
function bare(title: string): string {
  return title.replace(/[*＊\s]/g, '');
}
