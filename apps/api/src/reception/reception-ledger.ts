// Owns what reception days put into the archive files: the station's voter-reception register (接待选民登记簿), one
// row per reception day and one per issue raised there (voter data masked), and the reception duties sheet of a
// deputy's performance file (履职档案), with the figures for its summary.
import type { DataSource } from 'typeorm';
import { ISSUE_STATUS_LABELS, RECEPTION_STATUS_LABELS, type IssueStatus, type ReceptionStatus } from '@app/contracts';
import { queryRows } from '@app/database';
import type { Period } from '@app/metrics';
import type { PersonalDataCipher } from '@app/personal-data';
import { maskName, maskPhone } from '../auth/masking';
import { dateCell, type Cell } from '../common/export/cell';
import type { Sheet } from '../common/export/xlsx';

export const RECEPTION_SHEET_HEADER = ['序号', '接待日期', '接待代表', '选民姓名', '联系电话', '反映事项', '处理情况'];
const RECEPTION_SHEET_WIDTHS = [6, 12, 20, 10, 14, 48, 28];

interface DayRow {
  id: string;
  held_on: string;
  status: ReceptionStatus;
  voters_received: number | null;
  notes: string | null;
  not_held_reason: string | null;
  deputies: string[] | null;
}

interface RaisedRow {
  reception_id: string;
  deputy: string;
  voter_name: string | null;
  voter_phone: string | null;
  description: string;
  status: IssueStatus;
  lead: string | null;
}

/** The station's reception days held in [from, to), oldest first; cancelled days are not in the register. */
export async function receptionSheet(
  db: DataSource,
  cipher: PersonalDataCipher,
  stationId: string,
  period: Period,
): Promise<Sheet> {
  const days = await queryRows<DayRow>(
    db,
    `SELECT r.id, to_char(r.held_on, 'YYYY-MM-DD') AS held_on, r.status, r.voters_received, r.notes, r.not_held_reason,
            (SELECT array_agg(d.name ORDER BY convert_to(d.name, 'UTF8')) FROM reception_duties rd
              JOIN deputies d ON d.id = rd.deputy_id
              WHERE rd.reception_id = r.id AND (r.status <> 'held' OR rd.present)) AS deputies
     FROM receptions r
     WHERE r.station_id = $1 AND r.held_on >= $2::date AND r.held_on < $3::date AND r.status <> 'cancelled'
       AND r.held_on <= (now() AT TIME ZONE 'Asia/Shanghai')::date
     ORDER BY r.held_on, r.id`,
    [stationId, period.from, period.to],
  );
  const raised = await queryRows<RaisedRow>(
    db,
    `SELECT ri.reception_id, d.name AS deputy, i.voter_name, i.voter_phone, i.description, i.status,
            lead.name AS lead
     FROM reception_issues ri JOIN issues i ON i.id = ri.issue_id JOIN deputies d ON d.id = i.deputy_id
     LEFT JOIN departments lead ON lead.id = i.lead_department_id
     WHERE ri.reception_id = ANY($1::uuid[]) ORDER BY ri.reception_id, ri.position`,
    [days.map((day) => day.id)],
  );
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
        issue.voter_phone ? maskPhone(cipher.decrypt('phone', issue.voter_phone) ?? '') : null,
        issue.description,
        issue.lead ? `${status}（${issue.lead}）` : status,
      ]);
    }
  }
  return { name: '接待选民登记簿', header: RECEPTION_SHEET_HEADER, widths: RECEPTION_SHEET_WIDTHS, rows };
}

function dayText(day: DayRow): string {
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

/** A deputy's reception duties in [from, to) up to today: each day, whether it was held and they were there. */
export async function dutySheet(
  db: DataSource,
  deputyId: string,
  period: Period,
): Promise<{ sheet: Sheet; figures: DutyFigures }> {
  const rows = await queryRows<{
    held_on: string;
    station: string;
    status: ReceptionStatus;
    present: boolean | null;
    voters_received: number | null;
    raised: number;
  }>(
    db,
    `SELECT to_char(r.held_on, 'YYYY-MM-DD') AS held_on, s.name AS station, r.status, rd.present, r.voters_received,
            (SELECT count(*)::int FROM reception_issues ri JOIN issues i ON i.id = ri.issue_id
              WHERE ri.reception_id = r.id AND i.deputy_id = rd.deputy_id) AS raised
     FROM reception_duties rd JOIN receptions r ON r.id = rd.reception_id JOIN stations s ON s.id = r.station_id
     WHERE rd.deputy_id = $1 AND r.held_on >= $2::date AND r.held_on < $3::date AND r.status <> 'cancelled'
       AND r.held_on <= (now() AT TIME ZONE 'Asia/Shanghai')::date
     ORDER BY r.held_on, s.name`,
    [deputyId, period.from, period.to],
  );
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
