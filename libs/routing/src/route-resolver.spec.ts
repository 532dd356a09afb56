import { isPathWithin, resolveRoute, type RoutingRuleCandidate } from './route-resolver';

const COUNTY = 'yueyang/yueyang-county';
const TOWNSHIP = `${COUNTY}/rongjiawan`;
const VILLAGE = `${TOWNSHIP}/chengdong`;

function rule(id: string, overrides: Partial<RoutingRuleCandidate> = {}): RoutingRuleCandidate {
  return {
    id,
    categoryId: 'roads',
    regionPath: COUNTY,
    leadDepartmentId: `dept-${id}`,
    coDepartmentIds: [],
    priority: 0,
    active: true,
    ...overrides,
  };
}

describe('isPathWithin', () => {
  it('matches the path itself and its subtree, segment by segment', () => {
    expect(isPathWithin(VILLAGE, VILLAGE)).toBe(true);
    expect(isPathWithin(VILLAGE, COUNTY)).toBe(true);
    expect(isPathWithin(COUNTY, VILLAGE)).toBe(false);
    expect(isPathWithin('yueyang/yueyang-county-2', COUNTY)).toBe(false);
  });
});

describe('resolveRoute', () => {
  it('returns null when no rule covers the issue, so it goes to triage', () => {
    expect(resolveRoute([], { categoryId: 'roads', regionPath: VILLAGE })).toBeNull();
    const rules = [rule('water', { categoryId: 'water' }), rule('elsewhere', { regionPath: 'yueyang/huarong' })];
    expect(resolveRoute(rules, { categoryId: 'roads', regionPath: VILLAGE })).toBeNull();
  });

  it('applies a rule to its own region and every region below it', () => {
    const rules = [rule('county')];
    expect(resolveRoute(rules, { categoryId: 'roads', regionPath: COUNTY })?.ruleId).toBe('county');
    expect(resolveRoute(rules, { categoryId: 'roads', regionPath: VILLAGE })?.ruleId).toBe('county');
  });

  it('does not treat a sibling whose code shares a prefix as a subtree', () => {
    const rules = [rule('rongjiawan', { regionPath: TOWNSHIP })];
    expect(resolveRoute(rules, { categoryId: 'roads', regionPath: `${COUNTY}/rongjiawan2/x` })).toBeNull();
  });

  it('prefers the deeper region, even over a category-specific rule higher up', () => {
    const rules = [
      rule('county', { priority: 100 }),
      rule('township-any', { regionPath: TOWNSHIP, categoryId: null }),
      rule('village-other-category', { regionPath: VILLAGE, categoryId: 'water' }),
    ];
    expect(resolveRoute(rules, { categoryId: 'roads', regionPath: VILLAGE })?.ruleId).toBe('township-any');
  });

  it('at equal depth prefers a category-specific rule to a catch-all, whatever the priority', () => {
    const rules = [
      rule('any', { regionPath: TOWNSHIP, categoryId: null, priority: 99 }),
      rule('roads', { regionPath: TOWNSHIP }),
    ];
    expect(resolveRoute(rules, { categoryId: 'roads', regionPath: VILLAGE })?.ruleId).toBe('roads');
    expect(resolveRoute(rules, { categoryId: 'water', regionPath: VILLAGE })?.ruleId).toBe('any');
  });

  it('then prefers the higher priority', () => {
    const rules = [rule('low', { priority: 1 }), rule('high', { priority: 5 }), rule('mid', { priority: 3 })];
    expect(resolveRoute(rules, { categoryId: 'roads', regionPath: VILLAGE })?.ruleId).toBe('high');
  });

  it('breaks a full tie by id, whatever the order the rules come in', () => {
    const rules = [rule('b'), rule('a'), rule('c')];
    expect(resolveRoute(rules, { categoryId: 'roads', regionPath: VILLAGE })?.ruleId).toBe('a');
    expect(resolveRoute([...rules].reverse(), { categoryId: 'roads', regionPath: VILLAGE })?.ruleId).toBe('a');
  });

  it('ignores inactive rules', () => {
    const rules = [rule('county'), rule('township', { regionPath: TOWNSHIP, active: false })];
    expect(resolveRoute(rules, { categoryId: 'roads', regionPath: VILLAGE })?.ruleId).toBe('county');
  });

  it('returns the lead and de-duplicated co-handlers, never the lead as its own co-handler', () => {
    const rules = [rule('r', { leadDepartmentId: 'lead', coDepartmentIds: ['co1', 'lead', 'co2', 'co1'] })];
    expect(resolveRoute(rules, { categoryId: 'roads', regionPath: TOWNSHIP })).toEqual({
      ruleId: 'r',
      leadDepartmentId: 'lead',
      coDepartmentIds: ['co1', 'co2'],
    });
  });
});
