// Owns the SQL of the department inbox.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { IssueStatus, IssueUrgency } from '@app/contracts';
import type { AssignmentRole, AssignmentStatus } from '@app/database';
import type { WorkingCalendar } from '@app/calendar';
import { queryRows, WorkingCalendarCache } from '@app/database';
import type { InboxFilter } from './assignments.dto';

export interface InboxRow {
  assignmentId: string;
  role: AssignmentRole;
  round: number;
  status: AssignmentStatus;
  assignedAt: Date;
  acknowledgedAt: Date | null;
  dueAt: Date;
  issueId: string;
  issueNumber: string;
  issueStatus: IssueStatus;
  urgency: IssueUrgency;
  description: string;
  submittedAt: Date;
  categoryId: string;
  categoryName: string;
  stationId: string;
  stationName: string;
  placeRegionId: string;
  placeName: string;
}

const OPEN = `a.status IN ('assigned', 'acknowledged')`;

/** Each filter as SQL over `a` (assignments); `param` adds a parameter and answers its placeholder. */
function filterSql(filter: InboxFilter, param: (value: unknown) => string, now: Date, dueSoonUntil: Date): string {
  switch (filter) {
    case 'open':
      return OPEN;
    case 'new':
      return `a.status = 'assigned'`;
    case 'acknowledged':
      return `a.status = 'acknowledged'`;
    case 'due_soon':
      return `${OPEN} AND a.due_at >= ${param(now)} AND a.due_at <= ${param(dueSoonUntil)}`;
    case 'overdue':
      return `${OPEN} AND a.due_at < ${param(now)}`;
    case 'answered':
      return `a.status = 'answered'`;
    case 'all':
      return 'TRUE';
  }
}

@Injectable()
export class AssignmentsRepository {
  private readonly calendar = new WorkingCalendarCache();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The official calendar as it is now: an admin's edit counts from the next call (see WorkingCalendarCache). */
  workingCalendar(): Promise<WorkingCalendar> {
    return this.calendar.get(this.db);
  }

  async inbox(query: {
    departmentId: string;
    filter: InboxFilter;
    now: Date;
    dueSoonUntil: Date;
    limit: number;
    offset: number;
  }): Promise<{ rows: InboxRow[]; total: number }> {
    const parameters: unknown[] = [query.departmentId];
    const param = (value: unknown): string => `$${parameters.push(value)}`;
    const where = `a.department_id = $1 AND ${filterSql(query.filter, param, query.now, query.dueSoonUntil)}`;
    const filterParameters = [...parameters];
    const [rows, [count]] = await Promise.all([
      queryRows<InboxRow>(
        this.db,
        `SELECT a.id AS "assignmentId", a.role, a.round, a.status, a.assigned_at AS "assignedAt",
                a.acknowledged_at AS "acknowledgedAt", a.due_at AS "dueAt",
                i.id AS "issueId", i.number AS "issueNumber", i.status AS "issueStatus", i.urgency, i.description, i.submitted_at AS "submittedAt",
                i.category_id AS "categoryId", c.name_zh AS "categoryName", i.station_id AS "stationId",
                s.name AS "stationName", i.place_region_id AS "placeRegionId", p.name AS "placeName"
           FROM assignments a
           JOIN issues i ON i.id = a.issue_id
           JOIN issue_categories c ON c.id = i.category_id
           JOIN stations s ON s.id = i.station_id
           JOIN regions p ON p.id = i.place_region_id
          WHERE ${where}
          ORDER BY a.due_at, a.assigned_at, a.id
          LIMIT ${param(query.limit)} OFFSET ${param(query.offset)}`,
        parameters,
      ),
      queryRows<{ total: number }>(
        this.db,
        `SELECT count(*)::int AS total FROM assignments a WHERE ${where}`,
        filterParameters,
      ),
    ]);
    return { rows, total: count.total };
  }
}
