// Owns the attendance sheet of a deputy's performance file (履职档案): every standing-committee meeting the deputy was
// invited to in the period, how (whole meeting or an item), the reply, the attendance taken, and the speeches.
// The supervision ledgers add it to the XLSX they export (apps/api/src/supervision/ledgers.service.ts).
import type { DataSource } from 'typeorm';
import {
  ATTENDANCE_MARK_LABELS,
  INVITATION_ANSWER_LABELS,
  INVITATION_KIND_LABELS,
  INVITATION_STATUS_LABELS,
  type AttendanceMark,
  type InvitationAnswer,
  type InvitationKind,
  type InvitationStatus,
} from '@app/contracts';
import { queryRows } from '@app/database';
import { dateCell } from '../common/export/cell';
import type { Sheet } from '../common/export/xlsx';

export const ATTENDANCE_SHEET_NAME = '列席常委会会议';

/** The deputy's invitations to meetings dated in [from, to). */
export async function attendanceSheet(
  db: Pick<DataSource, 'query'>,
  deputyId: string,
  period: { from: string; to: string },
): Promise<Sheet> {
  const rows = await queryRows<{
    meeting_date: string;
    title: string;
    meeting_status: string;
    kind: InvitationKind;
    item_title: string | null;
    status: InvitationStatus;
    reply: InvitationAnswer | null;
    leave_reason: string | null;
    attendance: AttendanceMark | null;
    speeches: number;
    suggestions: number;
  }>(
    db,
    `SELECT to_char(m.meeting_date, 'YYYY-MM-DD') AS meeting_date, m.title, m.status AS meeting_status, i.kind,
            a.title AS item_title, i.status, i.reply, i.leave_reason, i.attendance,
            (SELECT count(*)::int FROM meeting_speeches s WHERE s.meeting_id = m.id AND s.deputy_id = i.deputy_id)
              AS speeches,
            (SELECT coalesce(sum(cardinality(s.suggestions)), 0)::int FROM meeting_speeches s
              WHERE s.meeting_id = m.id AND s.deputy_id = i.deputy_id) AS suggestions
     FROM meeting_invitations i
     JOIN meetings m ON m.id = i.meeting_id
     LEFT JOIN meeting_agenda_items a ON a.id = i.agenda_item_id
     WHERE i.deputy_id = $1 AND m.meeting_date >= $2::date AND m.meeting_date < $3::date
     ORDER BY m.meeting_date, m.title`,
    [deputyId, period.from, period.to],
  );
  return {
    name: ATTENDANCE_SHEET_NAME,
    header: ['序号', '会议日期', '会议', '列席方式', '议题', '回复', '请假理由', '考勤', '发言', '建议和意见'],
    widths: [6, 12, 36, 12, 36, 14, 24, 8, 6, 10],
    rows: rows.map((r, index) => [
      index + 1,
      dateCell(r.meeting_date),
      r.meeting_status === 'cancelled' ? `${r.title}（已取消）` : r.title,
      INVITATION_KIND_LABELS[r.kind],
      r.item_title,
      r.reply ? INVITATION_ANSWER_LABELS[r.reply] : INVITATION_STATUS_LABELS[r.status],
      r.leave_reason,
      r.attendance ? ATTENDANCE_MARK_LABELS[r.attendance] : null,
      r.speeches,
      r.suggestions,
    ]),
  };
}
