// Owns how a term's attendance report (列席情况统计) is printed and exported: the same figures as
// GET /api/attendance/reports/period, one row per meeting and a total row, as a printable page or a worksheet.
import { escapeHtml } from '../common/html';
import type { Sheet } from '../common/export/xlsx';
import type { MeetingReportView, PeriodReportView } from './attendance.dto';

const HEADER = ['会议', '日期', '邀请', '列席人次', '全程列席', '按议题列席', '迟到', '缺席', '请假', '未登记', '发言'];

export function periodReportTitle(report: PeriodReportView): string {
  return `${report.term.name}常委会会议代表列席情况（${report.from}至${report.to}前）`;
}

function meetingRow(m: MeetingReportView): (string | number)[] {
  return [
    m.title,
    m.meetingDate,
    m.invited,
    m.attended,
    m.attendedWhole,
    m.attendedItem,
    m.late,
    m.absent,
    m.onLeave,
    m.notRecorded,
    m.speeches,
  ];
}

function totalRow(report: PeriodReportView): (string | number)[] {
  const notRecorded = report.perMeeting.reduce((sum, m) => sum + m.notRecorded, 0);
  const late = report.perMeeting.reduce((sum, m) => sum + m.late, 0);
  return [
    `合计（${report.meetings}次会议，${report.distinctDeputies}名代表列席）`,
    '',
    report.invited,
    report.attended,
    report.attendedWhole,
    report.attendedItem,
    late,
    report.absent,
    report.onLeave,
    notRecorded,
    report.speeches,
  ];
}

export function periodReportSheet(report: PeriodReportView): Sheet {
  return {
    name: '列席情况',
    title: periodReportTitle(report),
    header: HEADER,
    widths: [40, 12, 8, 10, 10, 12, 8, 8, 8, 8, 8],
    rows: [...report.perMeeting.map(meetingRow), totalRow(report)],
  };
}

export function renderPeriodReportHtml(report: PeriodReportView): string {
  const title = periodReportTitle(report);
  const cells = (row: (string | number)[], tag: 'td' | 'th') =>
    `<tr>${row.map((cell) => `<${tag}>${escapeHtml(String(cell))}</${tag}>`).join('')}</tr>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
  @page { size: A4 landscape; margin: 15mm; }
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 11pt; color: #000; }
  h1 { font-size: 16pt; text-align: center; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #000; padding: 3pt 5pt; text-align: center; }
  td:first-child { text-align: left; }
  tr:last-child td { font-weight: bold; }
  thead { display: table-header-group; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<table>
<thead>${cells(HEADER, 'th')}</thead>
<tbody>
${[...report.perMeeting.map(meetingRow), totalRow(report)].map((row) => cells(row, 'td')).join('\n')}
</tbody>
</table>
</body>
</html>
`;
}
