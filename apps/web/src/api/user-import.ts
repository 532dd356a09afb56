// Bulk import of deputies and users: the template, a check (dry run) and the import of a filled-in workbook.
import { api, errorOf } from './client';
import { fetchFile } from './supervision';

export interface ImportProblem {
  sheet: string;
  /** As Excel shows it; 0: the sheet as a whole, 1: its header. */
  row: number;
  column: string;
  message: string;
}

export interface ImportReport {
  dryRun: boolean;
  deputies: number;
  users: number;
  problems: ImportProblem[];
  passwords: { username: string; displayName: string; temporaryPassword: string }[];
}

const PATH = '/api/admin/imports/users';

export function downloadImportTemplate(): Promise<void> {
  return fetchFile(`${PATH}/template`, null, '代表和用户导入模板.xlsx');
}

export async function importUsers(file: Blob, fileName: string, dryRun: boolean): Promise<ImportReport> {
  const form = new FormData();
  form.set('file', file, fileName);
  const response = await api.fetch(dryRun ? `${PATH}?dryRun=true` : PATH, {
    method: 'POST',
    body: form,
    headers: { Accept: 'application/json' },
  });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as ImportReport;
}
