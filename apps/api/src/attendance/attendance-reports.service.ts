// Owns the attendance figures, every one counted from the records: per meeting (invited, attended whole-meeting and
// per-item, absent, on leave, speeches, suggestions, the absences reported to the meeting), per period of a term
// (Xiangtan's bulletin: 90 whole-meeting + 61 per-item = 151 attendances, which it printed as 161), and the term's
// coverage: who has not attended yet, so that every deputy attends at least once.
import { Inject, Injectable } from '@nestjs/common';
import { ATTENDANCE_MARK_LABELS } from '@app/contracts';
import { periodProblem } from '@app/metrics';
import type { AuthUser } from '../auth/auth-user';
import { invalidField } from '../common/api-error';
import type { DownloadFile } from '../common/export/download';
import { toXlsx, XLSX_MIME } from '../common/export/xlsx';
import type {
  AttendancePeriodQuery,
  CoverageView,
  MeetingReportView,
  PeriodExportQuery,
  PeriodReportView,
} from './attendance.dto';
import { periodReportSheet, periodReportTitle, renderPeriodReportHtml } from './period-report-document';
import { AttendanceRepository } from './attendance.repository';
import { figuresView, termView } from './attendance-views';
import { MeetingsService } from './meetings.service';

/** Rounded half up to 3 decimals; null when there is nothing to divide by. */
function share(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 1000;
}

@Injectable()
export class AttendanceReportsService {
  constructor(
    @Inject(AttendanceRepository) private readonly repository: AttendanceRepository,
    @Inject(MeetingsService) private readonly meetings: MeetingsService,
  ) {}

  async meeting(user: AuthUser, meetingId: string): Promise<MeetingReportView> {
    await this.meetings.meetingFor(user, meetingId);
    const [figures, absences] = await Promise.all([
      this.repository.meetingFigures(meetingId),
      this.repository.absences(meetingId),
    ]);
    return figuresView(
      figures!,
      absences.map((a) => ({
        deputyId: a.deputy_id,
        deputy: a.deputy_name,
        mark: a.attendance,
        markLabel: ATTENDANCE_MARK_LABELS[a.attendance],
        reason: a.attendance === 'on_leave' ? a.leave_reason : null,
      })),
    );
  }

  async period(user: AuthUser, query: AttendancePeriodQuery): Promise<PeriodReportView> {
    const problem = periodProblem(query.from, query.to);
    if (problem) throw invalidField(problem.startsWith('from') ? 'from' : 'to', problem);
    const term = await this.meetings.termFor(user, query.termId, 'termId');
    const rows = await this.repository.periodFigures(term.id, query.from, query.to);
    const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
    return {
      term: termView(term),
      from: query.from,
      to: query.to,
      meetings: rows.length,
      invited: sum((r) => r.invited),
      attended: sum((r) => r.attended),
      attendedWhole: sum((r) => r.attended_whole),
      attendedItem: sum((r) => r.attended_item),
      absent: sum((r) => r.absent),
      onLeave: sum((r) => r.on_leave),
      speeches: sum((r) => r.speeches),
      suggestions: sum((r) => r.suggestions),
      distinctDeputies: await this.repository.distinctAttendees(term.id, query.from, query.to),
      perMeeting: rows.map((row) => figuresView(row)),
    };
  }

  /** The period report to print (html) or to open in a spreadsheet (xlsx): the figures `period` answers. */
  async periodExport(user: AuthUser, query: PeriodExportQuery): Promise<DownloadFile> {
    const report = await this.period(user, query);
    const name = periodReportTitle(report);
    switch (query.format) {
      case 'xlsx':
        return { body: await toXlsx([periodReportSheet(report)]), contentType: XLSX_MIME, fileName: `${name}.xlsx` };
      case 'html':
        return {
          body: Buffer.from(renderPeriodReportHtml(report), 'utf8'),
          contentType: 'text/html; charset=utf-8',
          fileName: `${name}.html`,
        };
    }
  }

  async coverage(user: AuthUser, termId: string): Promise<CoverageView> {
    const term = await this.meetings.termFor(user, termId);
    const notYet = await this.repository.notYetAttended(term.id);
    const attended = term.deputies - notYet.length;
    return {
      term: termView(term),
      deputies: term.deputies,
      attendedAtLeastOnce: attended,
      coverage: share(attended, term.deputies),
      notYetAttended: notYet.map((d) => ({ id: d.id, name: d.name, employer: d.employer, post: d.post })),
    };
  }
}
