// Owns the supervisors' queues: which issues need them (overdue or escalated, due soon, waiting for triage), in
// the order they should be handled, within the regions the user supervises or keeps liaison for.
import { Inject, Injectable } from '@nestjs/common';
import { MetricsRepository, type QueueFilter, type QueueKind } from '@app/metrics';
import type { AuthUser } from '../auth/auth-user';
import { PersonalDataService } from '../auth/personal-data.service';
import { invalidField } from '../common/api-error';
import { Clock } from '../common/clock';
import { pageOf, type Page } from '../common/pagination';
import { toSupervisedIssue } from './supervised-issue';
import { SupervisionScopeService } from './supervision-scope.service';
import type { DueSoonQuery, QueueQuery, SupervisedIssueView } from './supervision.dto';
import { SupervisionRepository } from './supervision.repository';

@Injectable()
export class QueuesService {
  constructor(
    @Inject(MetricsRepository) private readonly metrics: MetricsRepository,
    @Inject(SupervisionRepository) private readonly repository: SupervisionRepository,
    @Inject(SupervisionScopeService) private readonly scopes: SupervisionScopeService,
    @Inject(PersonalDataService) private readonly personalData: PersonalDataService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async queue(user: AuthUser, kind: QueueKind, query: QueueQuery | DueSoonQuery): Promise<Page<SupervisedIssueView>> {
    const filter = await this.filter(user, query);
    const now = this.clock.now();
    const page = await this.metrics.queue({
      kind,
      filter,
      now,
      limit: query.limit,
      offset: (query.page - 1) * query.limit,
      dueWithinWorkingDays: 'within' in query ? query.within : undefined,
    });
    const rows = await this.metrics.issueRows(page.ids);
    const [voters, calendar] = await Promise.all([this.personalData.maskedMany(rows), this.metrics.workingCalendar()]);
    return pageOf(
      rows.map((row, index) => toSupervisedIssue(row, voters[index], now, calendar)),
      page.total,
      query,
    );
  }

  private async filter(user: AuthUser, query: QueueQuery): Promise<QueueFilter> {
    const filter: QueueFilter = { roots: this.scopes.roots(user) };
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
