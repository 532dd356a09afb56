// Owns backups that restore (issue #16, item 5): a logical copy of each database — every table's rows in COPY's
// binary format, gzipped, with a SHA-256 per file — taken in one snapshot, and its restore into an empty database
// whose schema is first built by the same tool that built the original (Lianluo's migrations up to the backup's last
// one; Temporal's SQL tool at the build's version). Why not pg_dump: the embedded server is PostgreSQL 18, and no
// pg_dump 18 installs on this kind of machine (Debian ships 15, which refuses a newer server). Schema by the project's
// own tools, rows by COPY, is also what makes a restore check the backup against the code that will run on it.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

export type SchemaTool = 'lianluo-migrations' | 'temporal-sql-tool:temporal' | 'temporal-sql-tool:visibility';

export interface TableBackup {
  schema: string;
  table: string;
  columns: string[];
  rows: number;
  file: string;
  bytes: number;
  sha256: string;
}

export interface DatabaseBackup {
  /** The part of the system it belongs to: lianluo, temporal, temporal_visibility. */
  role: string;
  database: string;
  serverVersion: string;
  schemaTool: SchemaTool;
  /** What built the schema: the last migration applied, or Temporal's schema version. */
  schemaVersion: string;
  tables: TableBackup[];
  sequences: { schema: string; name: string; lastValue: string | null }[];
}

export interface BackupManifest {
  version: 1;
  createdAt: string;
  databases: DatabaseBackup[];
}

export const MANIFEST = 'manifest.json';

/** A manifest file's own checksum, written beside it, so a changed manifest is noticed like a changed data file. */
const MANIFEST_SUM = 'manifest.json.sha256';

function sha256Counter(): { stream: Transform; result: () => { sha256: string; bytes: number } } {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ sha256: hash.digest('hex'), bytes }) };
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Copies every table of one database, in one REPEATABLE READ snapshot, into dir/<role>/. */
export async function backupDatabase(
  url: string,
  dir: string,
  role: string,
  schemaTool: SchemaTool,
  progress: (message: string) => void = () => undefined,
): Promise<DatabaseBackup> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [{ server_version: serverVersion, database }] = (
      await client.query<{ server_version: string; database: string }>(
        `SELECT current_setting('server_version') AS server_version, current_database() AS database`,
      )
    ).rows;
    const schemaVersion = await schemaVersionOf(client, schemaTool);
    const tables = (
      await client.query<{ schema: string; table: string; columns: string[] }>(
        `SELECT n.nspname AS schema, c.relname AS table,
                array_agg(a.attname::text ORDER BY a.attnum) AS columns
           FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
          WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
          GROUP BY n.nspname, c.relname
          ORDER BY n.nspname, c.relname`,
      )
    ).rows;
    const sequences = (
      await client.query<{ schema: string; name: string; lastValue: string | null }>(
        `SELECT schemaname AS schema, sequencename AS name, last_value::text AS "lastValue"
           FROM pg_sequences ORDER BY schemaname, sequencename`,
      )
    ).rows;
    await mkdir(join(dir, role), { recursive: true });
    const backups: TableBackup[] = [];
    for (const table of tables) {
      const file = join(role, `${table.schema}.${table.table}.copy.gz`);
      const [{ rows }] = (
        await client.query<{ rows: number }>(
          `SELECT count(*)::int AS rows FROM ${ident(table.schema)}.${ident(table.table)}`,
        )
      ).rows;
      const sum = sha256Counter();
      const columns = table.columns.map(ident).join(', ');
      await pipeline(
        client.query(
          copyTo(`COPY ${ident(table.schema)}.${ident(table.table)} (${columns}) TO STDOUT (FORMAT binary)`),
        ),
        createGzip(),
        sum.stream,
        createWriteStream(join(dir, file), { flags: 'wx' }),
      );
      backups.push({ ...table, rows, file, ...sum.result() });
    }
    await client.query('COMMIT');
    progress(`${role}: ${backups.length} tables, ${backups.reduce((n, t) => n + t.rows, 0)} rows`);
    return { role, database, serverVersion, schemaTool, schemaVersion, tables: backups, sequences };
  } finally {
    await client.end();
  }
}

async function schemaVersionOf(client: Client, tool: SchemaTool): Promise<string> {
  if (tool === 'lianluo-migrations') {
    // The newest by timestamp, not the last applied: branches merged with older timestamps apply after newer ones,
    // and migrateTo rebuilds by position in the (timestamp-ordered) list.
    const [last] = (
      await client.query<{ name: string }>(
        `SELECT name FROM schema_migrations ORDER BY timestamp DESC, id DESC LIMIT 1`,
      )
    ).rows;
    return last?.name ?? '';
  }
  const [row] = (await client.query<{ curr_version: string }>(`SELECT curr_version FROM schema_version LIMIT 1`)).rows;
  return row?.curr_version ?? '';
}

export async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
  const text = JSON.stringify(manifest, null, 1) + '\n';
  await writeFile(join(dir, MANIFEST), text, { flag: 'wx' });
  await writeFile(join(dir, MANIFEST_SUM), `${createHash('sha256').update(text).digest('hex')}  ${MANIFEST}\n`, {
    flag: 'wx',
  });
}

/** The manifest, once it and every file it lists match their checksums; throws naming the first that does not. */
export async function checkBackup(dir: string): Promise<BackupManifest> {
  const text = await readFile(join(dir, MANIFEST), 'utf8');
  const expected = (await readFile(join(dir, MANIFEST_SUM), 'utf8')).split(/\s+/)[0];
  if (createHash('sha256').update(text).digest('hex') !== expected) {
    throw new Error(`${MANIFEST} does not match its checksum: the backup was changed`);
  }
  const manifest = JSON.parse(text) as BackupManifest;
  if (manifest.version !== 1) throw new Error(`${MANIFEST}: not a version-1 backup`);
  for (const database of manifest.databases) {
    for (const table of database.tables) {
      const sum = sha256Counter();
      await pipeline(createReadStream(join(dir, table.file)), sum.stream, async (source) => {
        for await (const chunk of source) void chunk;
      });
      const found = sum.result();
      if (found.sha256 !== table.sha256 || found.bytes !== table.bytes) {
        throw new Error(`${table.file} does not match its checksum in ${MANIFEST}: the backup is damaged`);
      }
    }
  }
  return manifest;
}

/**
 * Puts one database's rows back into `url`, whose schema `buildSchema` has just built at the backup's version. In one
 * transaction with triggers and foreign-key checks off (rows are restored as they were, not written anew — the
 * append-only and chain triggers must not see them as inserts); rows a schema tool seeded are replaced.
 */
export async function restoreDatabase(
  dir: string,
  backup: DatabaseBackup,
  url: string,
  progress: (message: string) => void = () => undefined,
): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const found = await schemaVersionOf(client, backup.schemaTool);
    if (found !== backup.schemaVersion) {
      throw new Error(
        `${backup.role}: the schema here is at ${found || 'nothing'}, the backup at ${backup.schemaVersion}; ` +
          'restore with the release that made the backup',
      );
    }
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    const names = backup.tables.map((t) => `${ident(t.schema)}.${ident(t.table)}`);
    if (names.length > 0) await client.query(`TRUNCATE ${names.join(', ')}`);
    for (const table of backup.tables) {
      const columns = table.columns.map(ident).join(', ');
      await pipeline(
        createReadStream(join(dir, table.file)),
        createGunzip(),
        client.query(
          copyFrom(`COPY ${ident(table.schema)}.${ident(table.table)} (${columns}) FROM STDIN (FORMAT binary)`),
        ),
      );
    }
    for (const sequence of backup.sequences) {
      const name = `${ident(sequence.schema)}.${ident(sequence.name)}`;
      if (sequence.lastValue === null) await client.query(`SELECT setval($1::regclass, 1, false)`, [name]);
      else await client.query(`SELECT setval($1::regclass, $2::bigint, true)`, [name, sequence.lastValue]);
    }
    // temporal-sql-tool and the Temporal server find the schema's version by database name (schema_version.db_name):
    // restored under another name (a fresh server's `temporal` from a backup of `temporal_x`), the rows copied in
    // would name the old database, and the tool would take the schema for version 0.0 and try to build it again.
    if (backup.schemaTool !== 'lianluo-migrations') {
      await client.query(`UPDATE schema_version SET db_name = current_database() WHERE db_name <> current_database()`);
    }
    // Every row count as the backup recorded it, or nothing is kept.
    for (const table of backup.tables) {
      const [{ rows }] = (
        await client.query<{ rows: number }>(
          `SELECT count(*)::int AS rows FROM ${ident(table.schema)}.${ident(table.table)}`,
        )
      ).rows;
      if (rows !== table.rows)
        throw new Error(`${table.schema}.${table.table}: ${rows} rows restored, ${table.rows} backed up`);
    }
    await client.query('COMMIT');
    progress(`${backup.role}: ${backup.tables.length} tables restored into ${backup.database}`);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
