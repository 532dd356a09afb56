// Owns the attendance sheet of a deputy's performance file (履职档案): every standing-committee meeting the deputy was
// invited to in the period, how (whole meeting or an item), the reply, the attendance taken, and the speeches.
// The supervision ledgers add it to the XLSX they export (apps/api/src/supervision/ledgers.service.ts).
import {
  ATTENDANCE_MARK_LABELS,
  INVITATION_ANSWER_LABELS,
  INVITATION_KIND_LABELS,
  INVITATION_STATUS_LABELS,
} from '@app/contracts';
import { dateCell } from '../common/export/cell';
import type { Sheet } from '../common/export/xlsx';
import type { DeputyInvitationRow } from './attendance.repository';

export const ATTENDANCE_SHEET_NAME = '列席常委会会议';

/** The deputy's invitations to meetings (AttendanceRepository.invitationsOfDeputyIn), one row each. */
export function attendanceSheet(rows: readonly DeputyInvitationRow[]): Sheet {
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
