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
