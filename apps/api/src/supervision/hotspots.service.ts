// Hot spots (热点) of a region and period, as supervisors read them: the counts and the repeated problems, each
// with the ids of the issues behind it, in the user's reach (SupervisionScopeService).
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { issueTitle } from '../common/issue-title';
import type { HotspotsView } from './hotspots.dto';
import { HotspotsRepository } from './hotspots.repository';
import { periodOf } from './rates.service';
import { SupervisionScopeService } from './supervision-scope.service';
import type { BreakdownQuery } from './supervision.dto';

const MAX_CELLS = 200;
const MAX_REPEATED = 20;

@Injectable()
export class HotspotsService {
  constructor(
    @Inject(HotspotsRepository) private readonly repository: HotspotsRepository,
    @Inject(SupervisionScopeService) private readonly scopes: SupervisionScopeService,
  ) {}

  async hotspots(user: AuthUser, query: BreakdownQuery): Promise<HotspotsView> {
    const period = periodOf(query);
    const resolved = await this.scopes.resolve(user, { region: query.region });
    const { scope } = resolved;
    if (scope.kind !== 'region') throw new Error('a region query resolved to another kind of scope');
    const [cells, repeated] = await Promise.all([
      this.repository.cells(scope.path, period, MAX_CELLS),
      this.repository.repeated(scope.path, period, MAX_REPEATED),
    ]);
    return {
      scope: resolved.view,
      period: { from: period.from, to: period.to },
      cells,
      repeated: repeated.map((row) => ({
        id: row.id,
        number: row.number,
        title: issueTitle(row.description),
        placeName: row.placeName,
        categoryName: row.categoryName,
        submittedAt: new Date(row.submittedAt).toISOString(),
        repeats: row.repeats.length,
        issues: [{ id: row.id, number: row.number }, ...row.repeats],
      })),
    };
  }
}
