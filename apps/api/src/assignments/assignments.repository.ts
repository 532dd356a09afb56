// Owns the SQL of the department inbox.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { IssueStatus, IssueUrgency } from '@app/contracts';
import type { AssignmentRole, AssignmentStatus } from '@app/database';
import type { WorkingCalendar } from '@app/calendar';
import { ListSql, queryRows, WorkingCalendarCache, type SortSpec } from '@app/database';
import { INBOX_FILTERS, type InboxFilter, type InboxSortField } from './assignments.dto';

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
  deputyId: string;
  deputyName: string;
}

/** The search and filters of every tab, as the repository takes them (validated and resolved by the service). */
export interface InboxSearch {
  departmentId: string;
  /** Number prefix or description words. */
  text?: string;
  /** The keyed hash of a phone number typed into the search: matches only issues the department leads. */
  voterPhoneHash?: string;
  categoryId?: string;
  stationId?: string;
  urgency?: IssueUrgency;
  role?: AssignmentRole;
  now: Date;
  dueSoonUntil: Date;
}

const OPEN = `a.status IN ('assigned', 'acknowledged')`;

/** Each tab as SQL over `a` (assignments), its parameters added to `sql`. */
function filterSql(filter: InboxFilter, sql: ListSql, now: Date, dueSoonUntil: Date): string {
  switch (filter) {
    case 'open':
      return OPEN;
    case 'new':
      return `a.status = 'assigned'`;
    case 'acknowledged':
      return `a.status = 'acknowledged'`;
    case 'due_soon':
      return `${OPEN} AND a.due_at >= ${sql.param(now)} AND a.due_at <= ${sql.param(dueSoonUntil)}`;
    case 'overdue':
      return `${OPEN} AND a.due_at < ${sql.param(now)}`;
    case 'answered':
      return `a.status = 'answered'`;
    case 'all':
      return 'TRUE';
  }
}

const SORT_COLUMNS: Readonly<Record<InboxSortField, string>> = {
  dueAt: 'a.due_at',
  assignedAt: 'a.assigned_at',
  submittedAt: 'i.submitted_at',
  number: 'i.number',
  urgency: `(i.urgency = 'urgent')`,
};

const FROM = `FROM assignments a
           JOIN issues i ON i.id = a.issue_id
           JOIN issue_categories c ON c.id = i.category_id
           JOIN stations s ON s.id = i.station_id
           JOIN regions p ON p.id = i.place_region_id
           JOIN deputies d ON d.id = i.deputy_id`;

/** The department's assignments narrowed by the search and filters (not yet by a tab): the one home of its SQL. */
function searched(search: InboxSearch): ListSql {
  const sql = new ListSql();
  sql.where(`a.department_id = ${sql.param(search.departmentId)}`);
  if (search.text !== undefined || search.voterPhoneHash !== undefined) {
    const matches: string[] = [];
    if (search.text !== undefined) {
      matches.push(`i.number ILIKE ${sql.prefixPattern(search.text)}`);
      matches.push(`i.description ILIKE ${sql.containsPattern(search.text)}`);
    }
    if (search.voterPhoneHash !== undefined) {
      // Only where this department may see the voter's phone (its lead department): anyone else could otherwise
      // learn whose issue a phone number is by searching for it.
      matches.push(
        `(i.voter_phone_hash = ${sql.param(search.voterPhoneHash)} AND i.lead_department_id = a.department_id)`,
      );
    }
    sql.where(matches.join(' OR '));
  }
  sql.whereEquals('i.category_id', search.categoryId);
  sql.whereEquals('i.station_id', search.stationId);
  sql.whereEquals('i.urgency', search.urgency);
  sql.whereEquals('a.role', search.role);
  return sql;
}

@Injectable()
export class AssignmentsRepository {
  private readonly calendar = new WorkingCalendarCache();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The official calendar as it is now: an admin's edit counts from the next call (see WorkingCalendarCache). */
  workingCalendar(): Promise<WorkingCalendar> {
    return this.calendar.get(this.db);
  }

  /** One tab's rows in the given order: a page of them (limit, offset), or all of them (for the export). */
  async inbox(
    search: InboxSearch,
    list: { filter: InboxFilter; sort: SortSpec<InboxSortField>; limit: number; offset: number },
  ): Promise<{ rows: InboxRow[]; total: number }> {
    const sql = searched(search);
    sql.where(filterSql(list.filter, sql, search.now, search.dueSoonUntil));
    return this.select(sql, list);
  }

  private async select(
    sql: ListSql,
    list: { sort: SortSpec<InboxSortField>; limit: number; offset: number },
  ): Promise<{ rows: InboxRow[]; total: number }> {
    const filterParameters = [...sql.parameters];
    const [rows, [count]] = await Promise.all([
      queryRows<InboxRow>(
        this.db,
        `SELECT a.id AS "assignmentId", a.role, a.round, a.status, a.assigned_at AS "assignedAt",
                a.acknowledged_at AS "acknowledgedAt", a.due_at AS "dueAt",
                i.id AS "issueId", i.number AS "issueNumber", i.status AS "issueStatus", i.urgency, i.description, i.submitted_at AS "submittedAt",
                i.category_id AS "categoryId", c.name_zh AS "categoryName", i.station_id AS "stationId",
                s.name AS "stationName", i.place_region_id AS "placeRegionId", p.name AS "placeName",
                i.deputy_id AS "deputyId", d.name AS "deputyName"
           ${FROM}
          WHERE ${sql.whereSql}
          ORDER BY ${ListSql.orderBy(list.sort, SORT_COLUMNS, ['a.due_at', 'a.assigned_at', 'a.id'])}
          LIMIT ${sql.param(list.limit)} OFFSET ${sql.param(list.offset)}`,
        sql.parameters,
      ),
      queryRows<{ total: number }>(
        this.db,
        `SELECT count(*)::int AS total ${FROM} WHERE ${sql.whereSql}`,
        filterParameters,
      ),
    ]);
    return { rows, total: count.total };
  }

  /** The department's name, for the export's title. */
  async departmentName(departmentId: string): Promise<string> {
    const [row] = await queryRows<{ name: string }>(this.db, `SELECT name FROM departments WHERE id = $1`, [
      departmentId,
    ]);
    return row.name;
  }

  /** How many assignments each tab holds under the search and filters, in one scan. */
  async counts(search: InboxSearch): Promise<Record<InboxFilter, number>> {
    const sql = searched(search);
    const columns = INBOX_FILTERS.map(
      (filter) =>
        `count(*) FILTER (WHERE ${filterSql(filter, sql, search.now, search.dueSoonUntil)})::int AS "${filter}"`,
    );
    const [row] = await queryRows<Record<InboxFilter, number>>(
      this.db,
      `SELECT ${columns.join(', ')} ${FROM} WHERE ${sql.whereSql}`,
      sql.parameters,
    );
    return row;
  }
}
