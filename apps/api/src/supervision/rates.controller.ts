// The rates of a scope and period, and the lists of issues behind each number.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { COHORT_DEFINITION, SCOPE_DEFINITION } from '@app/metrics';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { RatesService } from './rates.service';
import {
  BreakdownQuery,
  DrillQuery,
  RatesBreakdownView,
  RatesQuery,
  RatesView,
  SupervisedIssueView,
} from './supervision.dto';

@ApiTags('supervision')
@ApiSignedIn()
@ApiErrors(400, 403, 404)
@Roles('supervisor', 'liaison', 'admin')
@Controller('api/supervision/rates')
export class RatesController {
  constructor(@Inject(RatesService) private readonly rates: RatesService) {}

  @Get()
  @ApiOperation({
    summary: 'Reply, on-time, resolution and satisfaction rates of a scope and period',
    description: `${COHORT_DEFINITION} Scopes — ${SCOPE_DEFINITION} Every count links to its issues (drill).`,
  })
  @ApiOkResponse({ type: RatesView })
  get(@CurrentUser() user: AuthUser, @Query() query: RatesQuery): Promise<RatesView> {
    return this.rates.rates(user, query);
  }

  @Get('breakdown')
  @ApiOperation({
    summary: 'The rates of a region by month, by township and by department, and the A/B/C mix, in one answer',
    description:
      `${COHORT_DEFINITION} Every cell is what GET /api/supervision/rates answers for that part — the region in ` +
      'that month, the township, the department — with the same drill links behind every count.',
  })
  @ApiOkResponse({ type: RatesBreakdownView })
  breakdown(@CurrentUser() user: AuthUser, @Query() query: BreakdownQuery): Promise<RatesBreakdownView> {
    return this.rates.breakdown(user, query);
  }

  @Get('drill')
  @ApiOperation({
    summary: 'The issues behind one count of the rates, newest first (voter data masked)',
  })
  @ApiPageResponse(SupervisedIssueView)
  drill(@CurrentUser() user: AuthUser, @Query() query: DrillQuery): Promise<Page<SupervisedIssueView>> {
    return this.rates.drill(user, query);
  }
}
