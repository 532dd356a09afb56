// Owns the one TypeORM DataSource definition, shared by Nest, the TypeORM CLI, the stack and the tests.
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built in since PostgreSQL 13; the migrations own the schema, extensions included.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: ['error', 'warn'],
    ...extra,
  } as DataSourceOptions;
}

export function createDataSource(url: string, extra: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, extra));
}

/** Opens a connection, applies pending migrations and returns the open DataSource. */
export async function migrate(url: string): Promise<DataSource> {
  const dataSource = await createDataSource(url).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

/** The migrations' names in order, as schema_migrations records them. */
export function migrationNames(): string[] {
  return (MIGRATIONS as (new () => { name?: string })[]).map((Migration) => new Migration().name ?? Migration.name);
}

/**
 * Applies the migrations up to and including `last` (by name) and no further: the schema a backup was taken at.
 * Throws if this code does not know that migration.
 */
export async function migrateTo(url: string, last: string): Promise<void> {
  const names = migrationNames();
  const at = names.indexOf(last);
  if (at < 0) throw new Error(`this release does not know the migration ${last}: restore with a newer release`);
  const migrations = (MIGRATIONS as unknown[]).slice(0, at + 1) as DataSourceOptions['migrations'];
  const dataSource = await createDataSource(url, { migrations }).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
