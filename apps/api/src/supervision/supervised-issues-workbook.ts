// Owns the workbook of a supervisor's issue list (a queue, the issues behind a number): one row per issue, the
// columns the lists show, in the list's order. Voter data is never written.
import { chinaDay } from '@app/calendar';
import { ISSUE_URGENCY_LABELS, type IssueUrgency } from '@app/contracts';
import { dateCell, type Cell } from '../common/export/cell';
import type { DownloadFile } from '../common/export/download';
import { toXlsx, XLSX_MIME } from '../common/export/xlsx';
import type { SupervisedIssueView } from './supervision.dto';

/** An export holds the whole list or nothing: a longer one is to be narrowed first. */
export const SUPERVISED_EXPORT_MAX_ROWS = 5_000;

export async function supervisedIssuesWorkbook(
  sheetName: string,
  title: string,
  items: readonly SupervisedIssueView[],
): Promise<DownloadFile> {
  const body = await toXlsx([
    {
      name: sheetName,
      title,
      header: SUPERVISED_EXPORT_HEADER,
      rows: items.map(exportRow),
      widths: [18, 12, 18, 10, 14, 18, 12, 10, 10, 10, 8, 8, 60],
    },
  ]);
  return { body, contentType: XLSX_MIME, fileName: `${title}.xlsx` };
}

/** The export's columns, as the lists show them. */
export const SUPERVISED_EXPORT_HEADER = [
  '事项编号',
  '类别',
  '联络站',
  '代表',
  '地点',
  '牵头单位',
  '办理期限',
  '超期工作日',
  '剩余工作日',
  '事项状态',
  '督办级别',
  '紧急程度',
  '反映内容',
] as const;

function exportRow(item: SupervisedIssueView): Cell[] {
  return [
    item.number,
    item.category.name,
    item.station.name,
    item.deputy.name,
    item.place.name,
    item.leadDepartment?.name ?? null,
    dateCell(item.deadlineAt ? chinaDay(item.deadlineAt) : null),
    item.workingDaysOverdue,
    item.workingDaysLeft,
    item.statusLabel,
    item.escalationLevel,
    ISSUE_URGENCY_LABELS[item.urgency as IssueUrgency],
    item.description,
  ];
}
