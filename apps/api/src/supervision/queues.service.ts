// Owns the supervisors' queues: which issues need them (overdue or escalated, due soon, waiting for triage), in
// the order they should be handled, within the regions the user supervises or keeps liaison for; searched, sorted,
// counted per tab and exported as the list shows them.
import { Inject, Injectable } from '@nestjs/common';
import { chinaDay } from '@app/calendar';
import { MetricsRepository, QUEUE_KINDS, type QueueFilter, type QueueKind } from '@app/metrics';
import { PersonalDataCipher } from '@app/personal-data';
import type { AuthUser } from '../auth/auth-user';
import { PersonalDataService } from '../auth/personal-data.service';
import { ScopeService } from '../auth/scope.service';
import { invalidField } from '../common/api-error';
import { Clock } from '../common/clock';
import type { DownloadFile } from '../common/export/download';
import { pageOf, type Page } from '../common/pagination';
import { searchedPhoneHash } from '../common/phone-search';
import { toSupervisedIssue } from './supervised-issue';
import { SUPERVISED_EXPORT_MAX_ROWS, supervisedIssuesWorkbook } from './supervised-issues-workbook';
import { SupervisionScopeService } from './supervision-scope.service';
import type {
  DueSoonQuery,
  QueueCountsQuery,
  QueueCountsView,
  QueueExportQuery,
  QueueFilters,
  QueueQuery,
  SupervisedIssueView,
} from './supervision.dto';
import { SupervisionRepository } from './supervision.repository';

const QUEUE_TITLES: Readonly<Record<QueueKind, string>> = {
  escalated: '超期与督办事项',
  'due-soon': '即将到期事项',
  triage: '待分办事项',
};

@Injectable()
export class QueuesService {
  constructor(
    @Inject(MetricsRepository) private readonly metrics: MetricsRepository,
    @Inject(SupervisionRepository) private readonly repository: SupervisionRepository,
    @Inject(SupervisionScopeService) private readonly scopes: SupervisionScopeService,
    @Inject(PersonalDataService) private readonly personalData: PersonalDataService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  async queue(user: AuthUser, kind: QueueKind, query: QueueQuery | DueSoonQuery): Promise<Page<SupervisedIssueView>> {
    const filter = await this.filter(user, query);
    const now = this.clock.now();
    const page = await this.metrics.queue({
      kind,
      filter,
      now,
      sort: query.sort,
      limit: query.limit,
      offset: (query.page - 1) * query.limit,
      dueWithinWorkingDays: 'within' in query ? query.within : undefined,
    });
    return pageOf(await this.items(page.ids, now), page.total, query);
  }

  /** How many issues each queue holds under the same search and filters, so tab badges match the tabs. */
  async counts(user: AuthUser, query: QueueCountsQuery): Promise<QueueCountsView> {
    const filter = await this.filter(user, query);
    const now = this.clock.now();
    const totals = await Promise.all(
      QUEUE_KINDS.map(async (kind) => {
        const page = await this.metrics.queue({
          kind,
          filter,
          now,
          limit: 1,
          offset: 0,
          dueWithinWorkingDays: query.within,
        });
        return [kind, page.total] as const;
      }),
    );
    return Object.fromEntries(totals) as unknown as QueueCountsView;
  }

  /** Exactly the queue the page shows for this search, filters and sort (all its pages, in its order), as a workbook. */
  async export(user: AuthUser, kind: QueueKind, query: QueueExportQuery): Promise<DownloadFile> {
    const filter = await this.filter(user, query);
    const now = this.clock.now();
    const page = await this.metrics.queue({
      kind,
      filter,
      now,
      sort: query.sort,
      limit: SUPERVISED_EXPORT_MAX_ROWS + 1,
      offset: 0,
      dueWithinWorkingDays: query.within,
    });
    if (page.total > SUPERVISED_EXPORT_MAX_ROWS) {
      throw invalidField(
        'q',
        `the list holds ${page.total} rows, over ${SUPERVISED_EXPORT_MAX_ROWS}: narrow it to export`,
      );
    }
    const items = await this.items(page.ids, now);
    return supervisedIssuesWorkbook(QUEUE_TITLES[kind], `${QUEUE_TITLES[kind]} ${chinaDay(now)}`, items);
  }

  /** The issues' rows as the list shows them, voters masked (lists never show voter data in the clear). */
  private async items(ids: readonly string[], now: Date): Promise<SupervisedIssueView[]> {
    const rows = await this.metrics.issueRows(ids);
    const [voters, calendar] = await Promise.all([this.personalData.maskedMany(rows), this.metrics.workingCalendar()]);
    return rows.map((row, index) => toSupervisedIssue(row, voters[index], now, calendar));
  }

  private async filter(user: AuthUser, query: QueueFilters): Promise<QueueFilter> {
    const filter: QueueFilter = { roots: this.scopes.roots(user) };
    const q = query.q?.trim() || undefined;
    if (q !== undefined) {
      filter.search = {
        text: q,
        voterPhoneHash: searchedPhoneHash(this.cipher, q),
        // Where the user may see voters' phones unmasked (PersonalDataService.canSeeUnmasked): an admin's roots
        // reach everywhere, but an admin may not read voters' phones, so may not find issues by them either.
        phoneRoots: [...this.scope.regionPathsFor(user, 'supervisor'), ...this.scope.regionPathsFor(user, 'liaison')],
      };
    }
    if (query.region !== undefined) filter.regionPath = (await this.scopes.region(user, query.region)).path;
    if (query.category !== undefined) {
      const category = await this.repository.category(query.category);
      if (!category) throw invalidField('category', 'no such category');
      filter.categoryId = category.id;
    }
    if (query.department !== undefined) {
      const department = await this.repository.department(query.department);
      if (!department) throw invalidField('department', 'no such department');
      filter.departmentId = department.id;
    }
    if (query.station !== undefined) {
      const station = await this.repository.station(query.station);
      if (!station) throw invalidField('station', 'no such station');
      filter.stationId = station.id;
    }
    if (query.level !== undefined) filter.escalationLevel = query.level;
    return filter;
  }
}
