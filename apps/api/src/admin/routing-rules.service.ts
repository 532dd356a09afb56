// Owns the rules of routing rules: the region and category exist; the lead and co-handlers are existing, active
// departments that serve the rule's region (their region is it or lies above it, as referrals require); the lead
// is never its own co-handler. And the tester: it resolves through libs/routing's explainRoute, the very loader
// and resolver behind findRoute, which the issue workflow's routing activity calls, so the two cannot disagree.
import { Inject, Injectable } from '@nestjs/common';
import { isPathWithin, type RoutingRuleCandidate } from '@app/routing';
import type { AuthUser } from '../auth/auth-user';
import { pageOf, type Page } from '../common/pagination';
import { conflict, FieldProblems, isForeignKeyViolation, notFound } from './admin-errors';
import type {
  CreateRoutingRuleDto,
  DepartmentRefView,
  ResolvedRouteView,
  ResolveRouteDto,
  RoutingRuleQuery,
  RoutingRuleView,
  UpdateRoutingRuleDto,
} from './routing-rules.dto';
import { RoutingRulesRepository, type RuleFields } from './routing-rules.repository';

@Injectable()
export class RoutingRulesService {
  constructor(@Inject(RoutingRulesRepository) private readonly repository: RoutingRulesRepository) {}

  async list(query: RoutingRuleQuery): Promise<Page<RoutingRuleView>> {
    const { rows, total } = await this.repository.list({
      regionId: query.regionId,
      categoryId: query.categoryId,
      limit: query.limit,
      offset: query.offset,
    });
    return pageOf(rows, total, query);
  }

  async get(id: string): Promise<RoutingRuleView> {
    const rule = await this.repository.findById(id);
    if (!rule) throw notFound('Routing rule');
    return rule;
  }

  async create(actor: AuthUser, input: CreateRoutingRuleDto): Promise<RoutingRuleView> {
    const fields: RuleFields = {
      regionId: input.regionId,
      categoryId: input.categoryId ?? null,
      leadDepartmentId: input.leadDepartmentId,
      coHandlerDepartmentIds: input.coHandlerDepartmentIds ?? [],
      priority: input.priority ?? 0,
      active: input.active ?? true,
    };
    await this.check(fields, new Set(Object.keys(fields)));
    let id: string;
    try {
      id = await this.repository.create(actor.id, fields);
    } catch (error) {
      throw translate(error);
    }
    return this.get(id);
  }

  async update(actor: AuthUser, id: string, input: UpdateRoutingRuleDto): Promise<RoutingRuleView> {
    const current = await this.get(id);
    const given = new Set(Object.keys(input).filter((k) => input[k as keyof UpdateRoutingRuleDto] !== undefined));
    await this.check(
      {
        regionId: input.regionId ?? current.regionId,
        categoryId: input.categoryId === undefined ? current.categoryId : input.categoryId,
        leadDepartmentId: input.leadDepartmentId ?? current.leadDepartmentId,
        coHandlerDepartmentIds: input.coHandlerDepartmentIds ?? current.coHandlerDepartmentIds,
        priority: input.priority ?? current.priority,
        active: input.active ?? current.active,
      },
      given,
    );
    try {
      if (!(await this.repository.update(actor.id, id, input))) throw notFound('Routing rule');
    } catch (error) {
      throw translate(error);
    }
    return this.get(id);
  }

  async delete(actor: AuthUser, id: string): Promise<void> {
    if (!(await this.repository.delete(actor.id, id))) throw notFound('Routing rule');
  }

  async resolve(input: ResolveRouteDto): Promise<ResolvedRouteView> {
    const problems = new FieldProblems();
    const [place, category] = await Promise.all([
      this.repository.region(input.placeRegionId),
      this.repository.category(input.categoryId),
    ]);
    if (!place) problems.add('placeRegionId', 'placeRegionId does not name a region');
    if (!category) problems.add('categoryId', 'categoryId does not name a category');
    problems.throwIfAny();
    const query = { categoryId: input.categoryId, regionPath: place!.path };
    const { route, candidates } = await this.repository.explain(query);
    if (!route) {
      return {
        lead: null,
        coHandlers: [],
        rule: null,
        explanation:
          `No active rule for ${category!.name} covers ${place!.name} or a region above it (a rule whose lead ` +
          `department is inactive does not count): the issue would go to triage, where the township's liaison ` +
          `officers choose the departments.`,
      };
    }
    const [rule, departments] = await Promise.all([
      this.get(route.ruleId),
      this.repository.departments([route.leadDepartmentId, ...route.coDepartmentIds]),
    ]);
    const ref = (id: string): DepartmentRefView => ({ id, name: departments.get(id)?.name ?? id });
    const lead = ref(route.leadDepartmentId);
    const coHandlers = route.coDepartmentIds.map(ref);
    const applicable = candidates.filter(
      (c) =>
        (c.categoryId === null || c.categoryId === query.categoryId) && isPathWithin(query.regionPath, c.regionPath),
    );
    const winner = applicable.find((c) => c.id === route.ruleId)!;
    const others = applicable.filter((c) => c.id !== route.ruleId);
    const ruleName = `the rule of ${rule.regionName} for ${rule.categoryName ?? 'any category'}`;
    const why = others.length
      ? `wins over ${others.length} other applicable rule${others.length === 1 ? '' : 's'}: ${reason(winner, others)}`
      : 'is the only active rule covering this place and category';
    const dropped = rule.coHandlerDepartmentIds.length - coHandlers.length;
    return {
      lead,
      coHandlers,
      rule: { id: rule.id, regionId: rule.regionId, regionName: rule.regionName, categoryId: rule.categoryId },
      explanation:
        `${capitalise(ruleName)} ${why}. Lead: ${lead.name}; co-handlers: ` +
        `${coHandlers.length ? coHandlers.map((c) => c.name).join(', ') : 'none'}` +
        `${dropped > 0 ? ` (${dropped} inactive co-handler${dropped === 1 ? '' : 's'} left out)` : ''}.`,
    };
  }

  /**
   * 400 for references that cannot be right, then 409 for departments that exist but are closed. `given` names the
   * fields the request set: a closed department is refused only where the request names it, so a rule whose lead
   * was closed since can still be switched off or re-prioritised.
   */
  private async check(rule: RuleFields, given: Set<string>): Promise<void> {
    const problems = new FieldProblems();
    const closed = new FieldProblems();
    const [region, category, departments] = await Promise.all([
      this.repository.region(rule.regionId),
      rule.categoryId ? this.repository.category(rule.categoryId) : Promise.resolve(null),
      this.repository.departments([rule.leadDepartmentId, ...rule.coHandlerDepartmentIds]),
    ]);
    if (!region) problems.add('regionId', 'regionId does not name a region');
    if (rule.categoryId && !category) problems.add('categoryId', 'categoryId does not name a category');
    const checkDepartment = (id: string, path: string, named: boolean) => {
      const department = departments.get(id);
      // Blame the field the request set; if it only moved the rule, the region is what no longer fits.
      const blame = named || !given.has('regionId') ? path : 'regionId';
      if (!department) problems.add(path, `${path} does not name a department`);
      else if (region && !isPathWithin(region.path, department.regionPath)) {
        problems.add(blame, `${department.name} does not serve ${region.name}: its region is elsewhere or below it`);
      } else if (!department.active && named) closed.add(path, `${department.name} is no longer active`);
    };
    checkDepartment(rule.leadDepartmentId, 'leadDepartmentId', given.has('leadDepartmentId'));
    rule.coHandlerDepartmentIds.forEach((id, index) => {
      const path = `coHandlerDepartmentIds.${index}`;
      if (id === rule.leadDepartmentId) problems.add(path, 'the lead department cannot also be a co-handler');
      else checkDepartment(id, path, given.has('coHandlerDepartmentIds'));
    });
    problems.throwIfAny(400);
    closed.throwIfAny(409);
  }
}

/** Why `winner` beats the best of `others`, in the resolver's order: depth, category, priority, id. */
function reason(winner: RoutingRuleCandidate, others: RoutingRuleCandidate[]): string {
  const depth = (c: RoutingRuleCandidate) => c.regionPath.split('/').length;
  const runnerUp = others.reduce((a, b) =>
    depth(b) > depth(a) ||
    (depth(b) === depth(a) && Number(b.categoryId !== null) > Number(a.categoryId !== null)) ||
    (depth(b) === depth(a) && (b.categoryId !== null) === (a.categoryId !== null) && b.priority > a.priority)
      ? b
      : a,
  );
  if (depth(winner) !== depth(runnerUp)) return 'its region is the deepest (most specific)';
  if ((winner.categoryId !== null) !== (runnerUp.categoryId !== null)) {
    return 'at the same depth, a rule for the category beats a rule for any category';
  }
  if (winner.priority !== runnerUp.priority)
    return `at the same depth and specificity, its priority ${winner.priority} is highest`;
  return 'it ties on depth, category and priority, and the smallest id wins the tie';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function translate(error: unknown): unknown {
  if (isForeignKeyViolation(error)) return conflict('id', 'a row this rule names was removed meanwhile: try again');
  return error;
}
