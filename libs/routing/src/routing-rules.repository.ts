// Loads the routing rules that could apply to a place, for the resolver; the worker's routing activity calls it.
import type { DataSource, EntityManager } from 'typeorm';
import { resolveRoute, type Route, type RouteQuery, type RoutingRuleCandidate } from './route-resolver';

interface CandidateRow {
  id: string;
  category_id: string | null;
  region_path: string;
  lead_department_id: string;
  co_department_ids: string[];
  priority: number;
}

/**
 * The active rules whose region is the given path or one of its ancestors. A rule whose lead department
 * is inactive is left out, and so is an inactive co-handler: nothing is referred to a closed office.
 */
export async function loadRoutingCandidates(
  db: DataSource | EntityManager,
  regionPath: string,
): Promise<RoutingRuleCandidate[]> {
  // starts_with, not LIKE: '_' in a region code must not act as a wildcard.
  const rows = await db.query<CandidateRow[]>(
    `SELECT r.id, r.category_id, g.path AS region_path, r.lead_department_id, r.priority,
            coalesce(array_agg(c.department_id ORDER BY c.department_id)
                     FILTER (WHERE c.department_id IS NOT NULL), '{}') AS co_department_ids
       FROM routing_rules r
       JOIN regions g ON g.id = r.region_id
       JOIN departments lead ON lead.id = r.lead_department_id AND lead.active
       LEFT JOIN (routing_rule_co_handlers c JOIN departments co ON co.id = c.department_id AND co.active)
              ON c.rule_id = r.id
      WHERE r.active AND ($1 = g.path OR starts_with($1, g.path || '/'))
      GROUP BY r.id, g.path`,
    [regionPath],
  );
  return rows.map((row) => ({
    id: row.id,
    categoryId: row.category_id,
    regionPath: row.region_path,
    leadDepartmentId: row.lead_department_id,
    coDepartmentIds: row.co_department_ids,
    priority: row.priority,
    active: true,
  }));
}

/** Loads the candidate rules and picks one; null sends the issue to triage. The worker's routing activity. */
export async function findRoute(db: DataSource | EntityManager, query: RouteQuery): Promise<Route | null> {
  return (await explainRoute(db, query)).route;
}

/**
 * findRoute, with the rules it weighed: the admin's routing tester calls this, so that what it shows can never
 * disagree with what the routing activity does (both run the same loader and the same resolver).
 */
export async function explainRoute(
  db: DataSource | EntityManager,
  query: RouteQuery,
): Promise<{ route: Route | null; candidates: RoutingRuleCandidate[] }> {
  const candidates = await loadRoutingCandidates(db, query.regionPath);
  return { route: resolveRoute(candidates, query), candidates };
}
