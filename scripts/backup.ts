// `npm run backup` and `npm run restore -- DIR`: a logical backup of Lianluo's database (and, with --with-temporal,
// Temporal's two databases on the same server, as the cluster profile keeps them) into a folder with checksums, and
// its restore into empty databases. See libs/backup for what a backup holds and why it is not pg_dump.
//
//   npm run backup [-- --out DIR] [--with-temporal]
//   npm run restore -- DIR [--into URL] [--temporal-into URL --visibility-into URL]
//
//   DATABASE_URL  Lianluo's database (default: the embedded one `npm start` runs, on EMBEDDED_POSTGRES_PORT); with
//                 --with-temporal, its server's `temporal` and `temporal_visibility` databases are backed up too.
//   --into        the (empty) database to restore Lianluo's rows into (default DATABASE_URL); created if missing.
import { join } from 'node:path';
import { Client } from 'pg';
import { backupSystem, restoreSystem, type SystemDatabases } from '@app/backup';
import { findProjectRoot, lianluoDatabaseUrl, postgresServerAt } from '@app/stack';

function say(message: string): void {
  process.stdout.write(`[backup] ${message}\n`);
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** Creates the database if it does not exist (a restore goes into a fresh one). */
async function ensureDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new Client({ connectionString: postgresServerAt(url).urlFor('postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command === 'backup') {
    const source = lianluoDatabaseUrl();
    const databases: SystemDatabases = { lianluo: source };
    if (process.argv.includes('--with-temporal')) {
      databases.temporal = {
        temporal: postgresServerAt(source).urlFor('temporal'),
        visibility: postgresServerAt(source).urlFor('temporal_visibility'),
      };
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const dir = argument('--out') ?? join(findProjectRoot(), '.data', 'backups', stamp);
    const manifest = await backupSystem(databases, dir, say);
    say(`backup of ${manifest.databases.map((d) => d.role).join(', ')} written to ${dir}`);
    return;
  }
  if (command === 'restore') {
    const dir = process.argv[3];
    if (!dir || dir.startsWith('--')) throw new Error('usage: npm run restore -- DIR [--into URL]');
    const target = argument('--into') ?? lianluoDatabaseUrl();
    const databases: SystemDatabases = { lianluo: target };
    const temporal = argument('--temporal-into');
    const visibility = argument('--visibility-into');
    if (temporal && visibility) databases.temporal = { temporal, visibility };
    for (const url of [target, temporal, visibility]) if (url) await ensureDatabase(url);
    await restoreSystem(dir, databases, say);
    say(`restored into ${new URL(target).pathname.slice(1)}; run \`npm run verify:records\` against it to check`);
    return;
  }
  throw new Error('usage: backup.js backup [--out DIR] [--with-temporal] | backup.js restore DIR [--into URL]');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[backup] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
