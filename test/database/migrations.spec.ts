// The migrations against a real PostgreSQL: they build exactly what the entities describe, and undo cleanly.
import { OFFICIAL_CALENDAR_DAYS } from '@app/calendar';
import { createDataSource, migrationNames } from '@app/database';
import type { DataSource } from 'typeorm';
import { createEmptyDatabase, createMigratedDatabase } from '../support/database';

// The tables of the initial schema; later migrations may add more, and every entity must have its table.
const INITIAL_TABLES = [
  'assignments',
  'calendar_days',
  'data_access_log',
  'departments',
  'deputies',
  'feedback',
  'issue_categories',
  'issue_events',
  'issues',
  'mail_outbox',
  'regions',
  'replies',
  'routing_rule_co_handlers',
  'routing_rules',
  'station_deputies',
  'stations',
  'user_roles',
  'users',
];

describe('migrations', () => {
  let dataSource: DataSource;
  let allTables: string[];

  beforeAll(async () => {
    dataSource = await createDataSource(await createEmptyDatabase('migrations')).initialize();
    allTables = [...dataSource.entityMetadatas.map((m) => m.tableName), 'schema_migrations'].sort();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('apply on an empty database and create a table for every entity, and nothing else', async () => {
    expect(await tables(dataSource)).toEqual([]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name).slice(0, 2)).toEqual([
      'InitialSchema1764100000000',
      'OfficialCalendar20252026_1764100001000',
    ]);
    expect(applied).toHaveLength(dataSource.migrations.length);
    expect(allTables).toEqual(expect.arrayContaining(INITIAL_TABLES));
    expect(await tables(dataSource)).toEqual(allTables);
  });

  it('leave no difference between the entities and the schema', async () => {
    expect(await pendingSchemaChanges(dataSource)).toEqual([]);
  });

  it('limit each CHECK column to the values its entity allows', async () => {
    const dbChecks = await dataSource.query<{ table: string; name: string; definition: string }[]>(`
      SELECT rel.relname AS table, con.conname AS name, pg_get_constraintdef(con.oid) AS definition
        FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
       WHERE con.contype = 'c' AND rel.relnamespace = 'public'::regnamespace`);
    const fromDb = dbChecks.map((c) => [c.table, c.name, literals(c.definition)]).sort();
    const fromEntities = dataSource.entityMetadatas
      .flatMap((m) => m.checks.map((c) => [m.tableName, c.name, literals(c.expression ?? '')]))
      .sort();
    expect(fromDb).toEqual(fromEntities);
    expect(fromDb.length).toBeGreaterThanOrEqual(15);
  });

  it('let subtree queries on region paths use the text_pattern_ops indexes', async () => {
    const plan = async (sql: string) =>
      dataSource.transaction(async (manager) => {
        await manager.query('SET LOCAL enable_seqscan = off');
        const rows = await manager.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${sql}`);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    expect(await plan(`SELECT id FROM issues WHERE region_path LIKE 'yueyang/yueyang-county/%'`)).toContain(
      'ix_issues_region_path',
    );
    expect(await plan(`SELECT id FROM regions WHERE path LIKE 'yueyang/yueyang-county/%'`)).toContain(
      'ix_regions_path',
    );
  });

  it('load the official holiday schedules into calendar_days', async () => {
    const rows = await dataSource.query<{ day: string; kind: string; name: string }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name FROM calendar_days ORDER BY day`,
    );
    const expected = [...OFFICIAL_CALENDAR_DAYS].sort((a, b) => a.day.localeCompare(b.day));
    expect(rows).toEqual(expected.map(({ day, kind, name }) => ({ day, kind, name })));
  });

  it('undo one at a time down to an empty schema, then apply again', async () => {
    for (let remaining = dataSource.migrations.length; remaining > 0; remaining--) {
      expect(await appliedCount(dataSource)).toBe(remaining);
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await appliedCount(dataSource)).toBe(0);
    expect(await tables(dataSource)).toEqual(['schema_migrations']);
    expect(await leftovers(dataSource)).toEqual([]);

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables(dataSource)).toEqual(allTables);
    expect(await pendingSchemaChanges(dataSource)).toEqual([]);
    const [{ count }] = await dataSource.query<{ count: string }[]>(`SELECT count(*) AS count FROM calendar_days`);
    expect(Number(count)).toBe(OFFICIAL_CALENDAR_DAYS.length);
  });
});

describe('the migration list', () => {
  // A backup names its newest migration and a restore rebuilds the schema up to it by position in this list
  // (migrateTo): a migration merged out of order would be left out of every restored database.
  it('is in the order of the timestamps TypeORM applies them in', () => {
    const stamps = migrationNames().map((name) => Number(/(\d{13})$/.exec(name)?.[1]));
    expect(stamps.every((stamp) => Number.isFinite(stamp))).toBe(true);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
  });
});

describe('the entity/schema comparison', () => {
  it('does see a difference when there is one', async () => {
    const { dataSource } = await createMigratedDatabase('drift');
    try {
      await dataSource.query(`DROP INDEX ix_issues_status`);
      await dataSource.query(`ALTER TABLE replies ALTER COLUMN on_time DROP NOT NULL`);
      await dataSource.query(`ALTER TABLE feedback DROP CONSTRAINT uq_feedback_issue_round`);
      const changes = (await pendingSchemaChanges(dataSource)).join('\n');
      expect(changes).toContain('ix_issues_status');
      expect(changes).toContain('on_time');
      expect(changes).toContain('uq_feedback_issue_round');
    } finally {
      await dataSource.destroy();
    }
  });
});

async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}

async function tables(dataSource: DataSource): Promise<string[]> {
  const rows = await dataSource.query<{ name: string }[]>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  return rows.map((r) => r.name);
}

async function appliedCount(dataSource: DataSource): Promise<number> {
  const [{ count }] = await dataSource.query<{ count: string }[]>(`SELECT count(*) AS count FROM schema_migrations`);
  return Number(count);
}

/** Anything in the public schema besides the migrations table and its own key and sequence. */
async function leftovers(dataSource: DataSource): Promise<string[]> {
  const rows = await dataSource.query<{ what: string }[]>(`
    SELECT c.relkind::text || ':' || c.relname AS what FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace
       AND c.oid <> 'schema_migrations'::regclass
       AND c.oid <> pg_get_serial_sequence('schema_migrations', 'id')::regclass
       AND c.oid NOT IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'schema_migrations'::regclass)
    UNION ALL
    SELECT 'function:' || p.proname FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'type:' || t.typname FROM pg_type t
     WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0
    UNION ALL
    SELECT 'extension:' || e.extname FROM pg_extension e WHERE e.extname <> 'plpgsql'`);
  return rows.map((r) => r.what);
}

/** The quoted literals of a constraint, sorted: 'status IN (...)' and PostgreSQL's '= ANY (ARRAY[...])' agree. */
function literals(sql: string): string[] {
  return [...sql.matchAll(/'([^']*)'/g)].map((m) => m[1]).sort();
}
