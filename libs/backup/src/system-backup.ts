// Owns backing up and restoring the system as a whole: Lianluo's database, and in the cluster profile Temporal's two
// databases beside it (their workflows' histories and timers are as much the state as the rows are).
import { mkdir } from 'node:fs/promises';
import { Client } from 'pg';
import { migrate, migrateTo } from '@app/database';
import { prepareTemporalDatabase } from '@app/stack';
import {
  backupDatabase,
  type BackupManifest,
  checkBackup,
  type DatabaseBackup,
  restoreDatabase,
  type SchemaTool,
  writeManifest,
} from './backup';

export interface SystemDatabases {
  /** Lianluo's database. */
  lianluo: string;
  /** Temporal's persistence and visibility databases, when Temporal keeps them on PostgreSQL (the cluster profile). */
  temporal?: { temporal: string; visibility: string };
}

const ROLES: { role: string; tool: SchemaTool; url: (d: SystemDatabases) => string | undefined }[] = [
  { role: 'lianluo', tool: 'lianluo-migrations', url: (d) => d.lianluo },
  { role: 'temporal', tool: 'temporal-sql-tool:temporal', url: (d) => d.temporal?.temporal },
  { role: 'temporal_visibility', tool: 'temporal-sql-tool:visibility', url: (d) => d.temporal?.visibility },
];

export async function backupSystem(
  databases: SystemDatabases,
  dir: string,
  progress: (message: string) => void = () => undefined,
): Promise<BackupManifest> {
  await mkdir(dir, { recursive: true });
  const manifest: BackupManifest = { version: 1, createdAt: new Date().toISOString(), databases: [] };
  for (const { role, tool, url } of ROLES) {
    const target = url(databases);
    if (target) manifest.databases.push(await backupDatabase(target, dir, role, tool, progress));
  }
  await writeManifest(dir, manifest);
  return manifest;
}

/**
 * Checks every checksum first (nothing is written from a damaged backup), then restores each database the backup
 * holds into its (empty) target: schema built by its own tool at the backup's version, rows copied in, and for
 * Lianluo the migrations newer than the backup applied afterwards.
 */
export async function restoreSystem(
  dir: string,
  databases: SystemDatabases,
  progress: (message: string) => void = () => undefined,
): Promise<BackupManifest> {
  const manifest = await checkBackup(dir);
  progress(`backup of ${manifest.createdAt}: every checksum matches`);
  for (const backup of manifest.databases) {
    const spec = ROLES.find((r) => r.role === backup.role);
    const url = spec?.url(databases);
    if (!url) throw new Error(`the backup holds ${backup.role}, and no database to restore it into was given`);
    await assertEmpty(url, backup);
    await buildSchema(url, backup);
    await restoreDatabase(dir, backup, url, progress);
    if (backup.schemaTool === 'lianluo-migrations') await (await migrate(url)).destroy();
  }
  return manifest;
}

async function buildSchema(url: string, backup: DatabaseBackup): Promise<void> {
  if (backup.schemaTool === 'lianluo-migrations') return migrateTo(url, backup.schemaVersion);
  const database = new URL(url).pathname.slice(1);
  await prepareTemporalDatabase(
    url,
    database,
    backup.schemaTool === 'temporal-sql-tool:temporal' ? 'temporal' : 'visibility',
  );
}

async function assertEmpty(url: string, backup: DatabaseBackup): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [{ tables }] = (
      await client.query<{ tables: number }>(
        `SELECT count(*)::int AS tables FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
      )
    ).rows;
    if (tables > 0) {
      throw new Error(`${backup.role}: the target database already holds ${tables} tables; restore into an empty one`);
    }
  } finally {
    await client.end();
  }
}
