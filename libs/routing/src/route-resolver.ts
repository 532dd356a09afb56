// Owns the choice of department for an issue: the most specific active routing rule wins. Pure, no I/O.

export interface RoutingRuleCandidate {
  id: string;
  /** null: the rule applies to every category. */
  categoryId: string | null;
  /** Materialised path of the rule's region; the rule covers that region's whole subtree. */
  regionPath: string;
  leadDepartmentId: string;
  coDepartmentIds: readonly string[];
  priority: number;
  active: boolean;
}

export interface RouteQuery {
  categoryId: string;
  /** Materialised path of the place, e.g. 'yueyang/yueyang-county/rongjiawan/chengdong'. */
  regionPath: string;
}

export interface Route {
  ruleId: string;
  leadDepartmentId: string;
  /** Co-handling departments, without duplicates and never the lead itself. */
  coDepartmentIds: string[];
}

/** True when `path` is `ancestor` itself or lies in its subtree (segment-wise, so 'a/bc' is not under 'a/b'). */
export function isPathWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/**
 * Picks the rule for an issue: deepest region first, then a category-specific rule over a catch-all,
 * then higher priority, then the smaller id so that the choice never depends on load order.
 * Returns null when no active rule covers the issue: it goes to manual triage.
 */
export function resolveRoute(rules: readonly RoutingRuleCandidate[], query: RouteQuery): Route | null {
  const applicable = rules.filter(
    (rule) =>
      rule.active &&
      (rule.categoryId === null || rule.categoryId === query.categoryId) &&
      isPathWithin(query.regionPath, rule.regionPath),
  );
  if (applicable.length === 0) return null;
  const best = applicable.reduce((a, b) => (compareSpecificity(a, b) <= 0 ? a : b));
  return {
    ruleId: best.id,
    leadDepartmentId: best.leadDepartmentId,
    coDepartmentIds: [...new Set(best.coDepartmentIds)].filter((id) => id !== best.leadDepartmentId),
  };
}

/** Negative when `a` should win over `b`. */
function compareSpecificity(a: RoutingRuleCandidate, b: RoutingRuleCandidate): number {
  return (
    depth(b.regionPath) - depth(a.regionPath) ||
    Number(b.categoryId !== null) - Number(a.categoryId !== null) ||
    b.priority - a.priority ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function depth(path: string): number {
  return path.split('/').length;
}
