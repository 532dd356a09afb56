// Routing rules: which department leads (and which co-handle) issues of a category raised in a region's subtree,
// and a tester that answers as the real routing would. Admins only.
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiPageResponse, type Page } from '../common/pagination';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { IdParams } from './admin.dto';
import {
  CreateRoutingRuleDto,
  ResolvedRouteView,
  ResolveRouteDto,
  RoutingRuleQuery,
  RoutingRuleView,
  UpdateRoutingRuleDto,
} from './routing-rules.dto';
import { RoutingRulesService } from './routing-rules.service';

@ApiTags('reference data')
@ApiSignedIn()
@ApiErrors(403)
@Roles('admin')
@Controller('api/routing-rules')
export class RoutingRulesController {
  constructor(@Inject(RoutingRulesService) private readonly rules: RoutingRulesService) {}

  @Get()
  @ApiOperation({ summary: 'List routing rules, by region path, then category, then priority' })
  @ApiPageResponse(RoutingRuleView)
  @ApiErrors(400)
  list(@Query() query: RoutingRuleQuery): Promise<Page<RoutingRuleView>> {
    return this.rules.list(query);
  }

  @Post('resolve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Which departments an issue of this category raised at this place would go to',
    description:
      'Runs the same loader and resolver as the issue workflow’s routing activity: the deepest region wins, then a ' +
      'rule for the category over a catch-all, then the higher priority, then the smaller id. Rules whose lead is ' +
      'inactive are skipped and inactive co-handlers left out. lead null: the issue would go to triage.',
  })
  @ApiOkResponse({ type: ResolvedRouteView })
  @ApiErrors(400)
  resolve(@Body() body: ResolveRouteDto): Promise<ResolvedRouteView> {
    return this.rules.resolve(body);
  }

  @Post()
  @ApiOperation({ summary: 'Add a routing rule with its co-handlers' })
  @ApiCreatedResponse({ type: RoutingRuleView })
  @ApiErrors(400, 409)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateRoutingRuleDto): Promise<RoutingRuleView> {
    return this.rules.create(actor, body);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a routing rule (coHandlerDepartmentIds, when given, replaces them all)',
    description: 'Applies to issues routed afterwards; issues already assigned keep their departments.',
  })
  @ApiOkResponse({ type: RoutingRuleView })
  @ApiErrors(400, 404, 409)
  update(
    @CurrentUser() actor: AuthUser,
    @Param() params: IdParams,
    @Body() body: UpdateRoutingRuleDto,
  ): Promise<RoutingRuleView> {
    return this.rules.update(actor, params.id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a routing rule and its co-handlers' })
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  delete(@CurrentUser() actor: AuthUser, @Param() params: IdParams): Promise<void> {
    return this.rules.delete(actor, params.id);
  }
}
