// Owns the department inbox: the department's assignments, with the working days left to each deadline counted on
// the official calendar (weekends and holidays off, make-up working days on). Reads only PostgreSQL.
import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { addWorkingDays, chinaDay, endOfChinaDay, workingDaysBetween, type WorkingCalendar } from '@app/calendar';
import { ISSUE_STATUS_LABELS } from '@app/contracts';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { pageOf, type Page } from '../common/pagination';
import type { InboxItemView, InboxQuery } from './assignments.dto';
import { AssignmentsRepository, type InboxRow } from './assignments.repository';

/** "Due soon": the deadline falls within this many working days from today. */
export const DUE_SOON_WORKING_DAYS = 3;

@Injectable()
export class AssignmentsService {
  constructor(
    @Inject(AssignmentsRepository) private readonly repository: AssignmentsRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async inbox(user: AuthUser, query: InboxQuery): Promise<Page<InboxItemView>> {
    if (!hasRole(user, 'department') || !user.departmentId) {
      throw new ForbiddenException('Your account is not linked to a department');
    }
    const now = this.clock.now();
    const calendar = await this.repository.workingCalendar();
    const today = chinaDay(now);
    const { rows, total } = await this.repository.inbox({
      departmentId: user.departmentId,
      filter: query.status ?? 'open',
      now,
      dueSoonUntil: endOfChinaDay(addWorkingDays(today, DUE_SOON_WORKING_DAYS, calendar)),
      limit: query.limit,
      offset: query.offset,
    });
    return pageOf(
      rows.map((row) => toInboxItem(row, now, today, calendar)),
      total,
      query,
    );
  }
}

function toInboxItem(row: InboxRow, now: Date, today: string, calendar: WorkingCalendar): InboxItemView {
  const open = row.status === 'assigned' || row.status === 'acknowledged';
  return {
    assignmentId: row.assignmentId,
    role: row.role,
    round: row.round,
    status: row.status,
    assignedAt: row.assignedAt,
    acknowledgedAt: row.acknowledgedAt,
    dueAt: row.dueAt,
    workingDaysLeft: open ? workingDaysBetween(today, chinaDay(row.dueAt), calendar) : null,
    overdue: open && row.dueAt.getTime() < now.getTime(),
    issue: {
      id: row.issueId,
      number: row.issueNumber,
      status: row.issueStatus,
      statusLabel: ISSUE_STATUS_LABELS[row.issueStatus],
      urgency: row.urgency,
      description: row.description,
      category: { id: row.categoryId, name: row.categoryName },
      station: { id: row.stationId, name: row.stationName },
      place: { id: row.placeRegionId, name: row.placeName },
      submittedAt: row.submittedAt,
    },
  };
}
