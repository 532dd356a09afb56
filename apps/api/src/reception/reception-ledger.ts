// Owns what reception days put into the archive files: the station's voter-reception register (接待选民登记簿), one
// row per reception day and one per issue raised there (voter data masked), and the reception duties sheet of a
// deputy's performance file (履职档案), with the figures for its summary.
import { ISSUE_STATUS_LABELS, RECEPTION_STATUS_LABELS } from '@app/contracts';
import { maskName, maskPhone } from '../auth/masking';
import { dateCell, type Cell } from '../common/export/cell';
import type { Sheet } from '../common/export/xlsx';
import type { DutyRow, RaisedRow, RegisterDayRow } from './reception-ledger.repository';

export const RECEPTION_SHEET_HEADER = ['序号', '接待日期', '接待代表', '选民姓名', '联系电话', '反映事项', '处理情况'];
const RECEPTION_SHEET_WIDTHS = [6, 12, 20, 10, 14, 48, 28];

/** The register: a row per reception day (ReceptionLedgerRepository.registerDays), then one per issue raised on it. */
export function receptionSheet(days: readonly RegisterDayRow[], raised: readonly RaisedRow[]): Sheet {
  const rows: Cell[][] = [];
  for (const day of days) {
    const issues = raised.filter((issue) => issue.reception_id === day.id);
    rows.push([
      rows.length + 1,
      dateCell(day.held_on),
      (day.deputies ?? []).join('、') || null,
      null,
      null,
      dayText(day),
      day.status === 'held' ? `已接待，反映问题${issues.length}件` : RECEPTION_STATUS_LABELS[day.status],
    ]);
    for (const issue of issues) {
      const status = ISSUE_STATUS_LABELS[issue.status] ?? issue.status;
      rows.push([
        rows.length + 1,
        dateCell(day.held_on),
        issue.deputy,
        issue.voter_name ? maskName(issue.voter_name) : null,
        issue.voter_phone ? maskPhone(issue.voter_phone) : null,
        issue.description,
        issue.lead ? `${status}（${issue.lead}）` : status,
      ]);
    }
  }
  return { name: '接待选民登记簿', header: RECEPTION_SHEET_HEADER, widths: RECEPTION_SHEET_WIDTHS, rows };
}

function dayText(day: RegisterDayRow): string {
  switch (day.status) {
    case 'held':
      return `接待选民${day.voters_received ?? 0}人次${day.notes ? `；${day.notes}` : ''}`;
    case 'not_held':
      return `未举行：${day.not_held_reason ?? ''}`;
    case 'scheduled':
    case 'reminded':
    case 'awaiting_record':
    case 'overdue':
    case 'cancelled':
      return `接待日（${RECEPTION_STATUS_LABELS[day.status]}）`;
  }
}

export interface DutyFigures {
  onDuty: number;
  present: number;
  absent: number;
  notHeld: number;
}

/** A deputy's reception duties (ReceptionLedgerRepository.duties): each day, whether it was held and they were there. */
export function dutySheet(rows: readonly DutyRow[]): { sheet: Sheet; figures: DutyFigures } {
  const figures: DutyFigures = { onDuty: rows.length, present: 0, absent: 0, notHeld: 0 };
  const sheetRows: Cell[][] = rows.map((row, index) => {
    if (row.status === 'not_held') figures.notHeld += 1;
    else if (row.present === true) figures.present += 1;
    else if (row.present === false) figures.absent += 1;
    const attended = row.status !== 'held' ? null : row.present ? '出席' : '缺席';
    return [
      index + 1,
      dateCell(row.held_on),
      row.station,
      RECEPTION_STATUS_LABELS[row.status],
      attended,
      row.status === 'held' ? row.voters_received : null,
      row.raised,
    ];
  });
  return {
    sheet: {
      name: '接待日值班',
      header: ['序号', '接待日期', '联络站', '接待日状态', '本人出席', '接待选民人次', '本人反映问题'],
      widths: [6, 12, 22, 12, 10, 14, 14],
      rows: sheetRows,
    },
    figures,
  };
}
