// Loads the Yueyang county demo data. Idempotent: a second run finds every row in place and writes nothing.
import { createHash } from 'node:crypto';
import * as argon2 from 'argon2';
import {
  type DataSource,
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
  type QueryDeepPartialEntity,
} from 'typeorm';
import {
  Department,
  Deputy,
  IssueCategory,
  Region,
  RoutingRule,
  RoutingRuleCoHandler,
  Station,
  StationDeputy,
  User,
  UserRole,
} from '../entities';
import {
  DEMO_CATEGORIES,
  DEMO_DEPARTMENTS,
  DEMO_DEPUTIES,
  DEMO_EMAIL_DOMAIN,
  DEMO_REGIONS,
  DEMO_ROUTING_RULES,
  DEMO_STATIONS,
  DEMO_USERS,
} from './demo-data';
import { seedAttendanceDemo } from './attendance-demo';
import { seedReceptionDemo } from './reception-demo';

/** The password of every demo account (demo data only; change it with POST /api/auth/password). */
export const DEMO_PASSWORD = 'lianluo-demo';

/** The tables the demo data fills, with their row counts after seeding. */
export type DemoDataCounts = Record<(typeof DEMO_TABLES)[number], number>;

export const DEMO_TABLES = [
  'regions',
  'deputies',
  'departments',
  'issue_categories',
  'users',
  'user_roles',
  'stations',
  'station_deputies',
  'routing_rules',
  'routing_rule_co_handlers',
] as const;

export async function seedDemoData(dataSource: DataSource): Promise<DemoDataCounts> {
  return dataSource.transaction(async (manager) => {
    const regions = await seedRegions(manager);
    const deputies = await seedDeputies(manager);
    const departments = await upsertByNaturalKey(
      manager,
      Department,
      'code',
      DEMO_DEPARTMENTS.map((d) => ({
        code: d.code,
        name: d.name,
        regionId: lookup(regions, d.region),
        email: `${d.code}@${DEMO_EMAIL_DOMAIN}`,
        active: true,
      })),
    );
    const categories = await upsertByNaturalKey(
      manager,
      IssueCategory,
      'code',
      DEMO_CATEGORIES.map((c) => ({ ...c, active: true })),
    );
    const users = await seedUsers(manager, regions, departments, deputies);
    await seedStations(manager, regions, deputies, users);
    await seedRoutingRules(manager, regions, categories, departments);
    await seedAttendanceDemo(manager); // 列席: Xiangtan city, its terms, deputies and the 2017-2018 record
    await seedReceptionDemo(manager); // reception plans, rotas and past reception days (reception-demo.ts)
    return countRows(manager);
  });
}

async function seedRegions(manager: EntityManager): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const paths = new Map<string, string>();
  // Parents are listed before their children, so one pass resolves every parent and path.
  for (const region of DEMO_REGIONS) {
    const parentPath = region.parent === null ? null : lookup(paths, region.parent);
    paths.set(region.code, parentPath === null ? region.code : `${parentPath}/${region.code}`);
    const upserted = await upsertByNaturalKey(manager, Region, 'code', [
      {
        code: region.code,
        name: region.name,
        level: region.level,
        parentId: region.parent === null ? null : lookup(ids, region.parent),
        path: lookup(paths, region.code),
        numberPrefix: region.numberPrefix ?? null,
      },
    ]);
    ids.set(region.code, lookup(upserted, region.code));
  }
  return ids;
}

/** Deputies have no natural key, so their ids are derived from the demo keys. */
async function seedDeputies(manager: EntityManager): Promise<Map<string, string>> {
  const ids = new Map(DEMO_DEPUTIES.map((d) => [d.key, demoId('deputy', d.key)]));
  await upsertByNaturalKey(
    manager,
    Deputy,
    'id',
    DEMO_DEPUTIES.map(({ key, ...deputy }) => ({ id: lookup(ids, key), ...deputy })),
  );
  return ids;
}

async function seedUsers(
  manager: EntityManager,
  regions: Map<string, string>,
  departments: Map<string, string>,
  deputies: Map<string, string>,
): Promise<Map<string, string>> {
  // password_hash is not upserted: a demo user who changed the demo password keeps theirs (see below).
  const users = await upsertByNaturalKey(
    manager,
    User,
    'username',
    DEMO_USERS.map((u) => ({
      username: u.username,
      displayName: u.displayName,
      email: `${u.username}@${DEMO_EMAIL_DOMAIN}`,
      departmentId: u.department === undefined ? null : lookup(departments, u.department),
      deputyId: u.deputy === undefined ? null : lookup(deputies, u.deputy),
      active: true,
    })),
  );
  await setDemoPasswords(manager);
  // The deputy ↔ user link is kept on both sides; write the deputy side only where it differs.
  for (const u of DEMO_USERS) {
    if (u.deputy === undefined) continue;
    await manager
      .createQueryBuilder()
      .update(Deputy)
      .set({ userId: lookup(users, u.username) })
      .where('id = :id AND user_id IS DISTINCT FROM :userId', {
        id: lookup(deputies, u.deputy),
        userId: lookup(users, u.username),
      })
      .execute();
  }
  await insertMissing(
    manager,
    UserRole,
    DEMO_USERS.flatMap((u) =>
      u.roles.map((r) => ({
        userId: lookup(users, u.username),
        role: r.role,
        regionId: r.region === null ? null : lookup(regions, r.region),
      })),
    ),
  );
  return users;
}

/**
 * Demo accounts only: every one that has no password yet gets DEMO_PASSWORD (argon2id), so that a newcomer can
 * sign in as any role. Never used outside the demo data.
 */
async function setDemoPasswords(manager: EntityManager): Promise<void> {
  const usernames = DEMO_USERS.map((u) => u.username);
  const [{ missing }] = await manager.query<{ missing: number }[]>(
    `SELECT count(*)::int AS missing FROM users WHERE password_hash IS NULL AND username = ANY($1::text[])`,
    [usernames],
  );
  if (missing === 0) return;
  const hash = await argon2.hash(DEMO_PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
  await manager.query(
    `UPDATE users SET password_hash = $1 WHERE password_hash IS NULL AND username = ANY($2::text[])`,
    [hash, usernames],
  );
}

async function seedStations(
  manager: EntityManager,
  regions: Map<string, string>,
  deputies: Map<string, string>,
  users: Map<string, string>,
): Promise<void> {
  const stations = await upsertByNaturalKey(
    manager,
    Station,
    'code',
    DEMO_STATIONS.map((s) => ({
      code: s.code,
      name: s.name,
      level: s.level,
      regionId: lookup(regions, s.region),
      headDeputyId: lookup(deputies, s.head),
      liaisonOfficerUserId: lookup(users, s.liaisonOfficer),
      receptionRule: s.receptionRule,
    })),
  );
  await insertMissing(
    manager,
    StationDeputy,
    DEMO_STATIONS.flatMap((s) =>
      s.deputies.map((deputy) => ({ stationId: lookup(stations, s.code), deputyId: lookup(deputies, deputy) })),
    ),
  );
}

async function seedRoutingRules(
  manager: EntityManager,
  regions: Map<string, string>,
  categories: Map<string, string>,
  departments: Map<string, string>,
): Promise<void> {
  const rules = await upsertByNaturalKey(
    manager,
    RoutingRule,
    'id',
    DEMO_ROUTING_RULES.map((r) => ({
      id: demoId('routing-rule', r.key),
      categoryId: r.category === null ? null : lookup(categories, r.category),
      regionId: lookup(regions, r.region),
      leadDepartmentId: lookup(departments, r.lead),
      priority: r.priority,
      active: true,
    })),
  );
  await insertMissing(
    manager,
    RoutingRuleCoHandler,
    DEMO_ROUTING_RULES.flatMap((r) =>
      r.co.map((co) => ({
        ruleId: lookup(rules, demoId('routing-rule', r.key)),
        departmentId: lookup(departments, co),
      })),
    ),
  );
}

/**
 * Inserts rows or brings them up to date by their natural key, then returns key → id for all of them.
 * skipUpdateIfNoValuesChanged makes an unchanged row a no-op rather than a rewrite with the same values.
 */
async function upsertByNaturalKey<T extends ObjectLiteral & { id: string }, K extends keyof T & string>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  key: K,
  rows: QueryDeepPartialEntity<T>[],
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  await manager.upsert(entity, rows, {
    conflictPaths: [key],
    skipUpdateIfNoValuesChanged: true,
  });
  const keys = rows.map((row) => String((row as Record<string, unknown>)[key]));
  const found = await manager
    .getRepository(entity)
    .createQueryBuilder('row')
    .select(['row.id', `row.${key}`])
    .where(`row.${key} IN (:...keys)`, { keys })
    .getMany();
  return new Map(found.map((row) => [String(row[key]), row.id]));
}

/** For link tables, whose rows are nothing but their key: insert what is missing, leave the rest. */
async function insertMissing<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: QueryDeepPartialEntity<T>[],
): Promise<void> {
  if (rows.length === 0) return;
  await manager.createQueryBuilder().insert().into(entity).values(rows).orIgnore().execute();
}

async function countRows(manager: EntityManager): Promise<DemoDataCounts> {
  const counts = {} as DemoDataCounts;
  for (const table of DEMO_TABLES) {
    const [{ count }] = await manager.query<{ count: string }[]>(`SELECT count(*) AS count FROM ${table}`);
    counts[table] = Number(count);
  }
  return counts;
}

function lookup(map: ReadonlyMap<string, string>, key: string): string {
  const value = map.get(key);
  if (value === undefined) throw new Error(`demo data refers to unknown '${key}'`);
  return value;
}

/** A stable UUID (version 5 layout, SHA-1 of a namespaced name) for demo rows without a natural key. */
export function demoId(kind: string, key: string): string {
  const bytes = createHash('sha1').update(`lianluo-demo:${kind}:${key}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
