// Owns the department inbox: the department's assignments, with the working days left to each deadline counted on
// the official calendar (weekends and holidays off, make-up working days on), searched, filtered, sorted, counted per
// tab and exported. Reads only PostgreSQL.
import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { addWorkingDays, chinaDay, endOfChinaDay, workingDaysBetween, type WorkingCalendar } from '@app/calendar';
import { ISSUE_STATUS_LABELS, ISSUE_URGENCY_LABELS } from '@app/contracts';
import { PersonalDataCipher } from '@app/personal-data';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { invalidField } from '../common/api-error';
import { Clock } from '../common/clock';
import { dateCell, type Cell } from '../common/export/cell';
import type { DownloadFile } from '../common/export/download';
import { toXlsx, XLSX_MIME } from '../common/export/xlsx';
import { pageOf, type Page } from '../common/pagination';
import { searchedPhoneHash } from '../common/phone-search';
import type { InboxFilter, InboxFilters, InboxItemView, InboxListFilters, InboxQuery } from './assignments.dto';
import { AssignmentsRepository, type InboxRow, type InboxSearch } from './assignments.repository';

/** "Due soon": the deadline falls within this many working days from today. */
export const DUE_SOON_WORKING_DAYS = 3;

/** An export holds the whole filtered list or nothing: a list longer than this is to be narrowed first. */
export const INBOX_EXPORT_MAX_ROWS = 5_000;

const ROLE_LABELS = { lead: '主办', co: '协办' } as const;
const ASSIGNMENT_STATUS_LABELS: Readonly<Record<InboxRow['status'], string>> = {
  assigned: '待签收',
  acknowledged: '已签收',
  sent_back: '已退回',
  answered: '已答复',
  withdrawn: '已撤回',
};

interface Today {
  now: Date;
  today: string;
  calendar: WorkingCalendar;
}

@Injectable()
export class AssignmentsService {
  constructor(
    @Inject(AssignmentsRepository) private readonly repository: AssignmentsRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  async inbox(user: AuthUser, query: InboxQuery): Promise<Page<InboxItemView>> {
    const day = await this.today();
    const { rows, total } = await this.repository.inbox(this.search(user, query, day), {
      filter: query.status ?? 'open',
      sort: query.sort ?? 'dueAt',
      limit: query.limit,
      offset: (query.page - 1) * query.limit,
    });
    return pageOf(
      rows.map((row) => toInboxItem(row, day)),
      total,
      query,
    );
  }

  /** How many assignments each tab holds under the same search and filters. */
  async counts(user: AuthUser, query: InboxFilters): Promise<Record<InboxFilter, number>> {
    return this.repository.counts(this.search(user, query, await this.today()));
  }

  /** Exactly the list the inbox shows for these filters (all its pages, in its order), as a workbook. */
  async export(user: AuthUser, query: InboxListFilters): Promise<DownloadFile> {
    const day = await this.today();
    const { rows, total } = await this.repository.inbox(this.search(user, query, day), {
      filter: query.status ?? 'open',
      sort: query.sort ?? 'dueAt',
      limit: INBOX_EXPORT_MAX_ROWS + 1,
      offset: 0,
    });
    if (total > INBOX_EXPORT_MAX_ROWS) {
      throw invalidField('status', `the list holds ${total} rows, over ${INBOX_EXPORT_MAX_ROWS}: narrow it to export`);
    }
    const items = rows.map((row) => toInboxItem(row, day));
    const name = `${await this.repository.departmentName(user.departmentId as string)} 待办事项 ${day.today}`;
    const body = await toXlsx([
      {
        name: '待办事项',
        title: name,
        header: INBOX_EXPORT_HEADER,
        rows: items.map(exportRow),
        widths: [18, 12, 18, 10, 14, 8, 8, 10, 10, 12, 12, 10, 60],
      },
    ]);
    return { body, contentType: XLSX_MIME, fileName: `${name}.xlsx` };
  }

  private async today(): Promise<Today> {
    const now = this.clock.now();
    return { now, today: chinaDay(now), calendar: await this.repository.workingCalendar() };
  }

  private search(user: AuthUser, query: InboxFilters, day: Today): InboxSearch {
    if (!hasRole(user, 'department') || !user.departmentId) {
      throw new ForbiddenException('Your account is not linked to a department');
    }
    const q = query.q?.trim() || undefined;
    return {
      departmentId: user.departmentId,
      text: q,
      voterPhoneHash: searchedPhoneHash(this.cipher, q),
      categoryId: query.categoryId,
      stationId: query.stationId,
      urgency: query.urgency,
      role: query.role,
      now: day.now,
      dueSoonUntil: endOfChinaDay(addWorkingDays(day.today, DUE_SOON_WORKING_DAYS, day.calendar)),
    };
  }
}

/** The export's columns, as the inbox table shows them. */
export const INBOX_EXPORT_HEADER = [
  '事项编号',
  '类别',
  '联络站',
  '代表',
  '地点',
  '紧急程度',
  '承办方式',
  '签收状态',
  '事项状态',
  '交办日期',
  '办理期限',
  '剩余工作日',
  '反映内容',
] as const;

function exportRow(item: InboxItemView): Cell[] {
  return [
    item.issue.number,
    item.issue.category.name,
    item.issue.station.name,
    item.issue.deputy.name,
    item.issue.place.name,
    ISSUE_URGENCY_LABELS[item.issue.urgency],
    ROLE_LABELS[item.role],
    ASSIGNMENT_STATUS_LABELS[item.status as InboxRow['status']],
    item.issue.statusLabel,
    dateCell(chinaDay(item.assignedAt)),
    dateCell(chinaDay(item.dueAt)),
    item.workingDaysLeft,
    item.issue.description,
  ];
}

function toInboxItem(row: InboxRow, { now, today, calendar }: Today): InboxItemView {
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
      deputy: { id: row.deputyId, name: row.deputyName },
      submittedAt: row.submittedAt,
    },
  };
}
