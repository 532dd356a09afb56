// Backups that restore (issue #16, item 5): a backup of a database written by the real code, restored into a fresh
// PostgreSQL server, holds every row of every table, its hash chains verify, and its figures are those of the
// original; a damaged backup is refused before anything is written.
import { chmod, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { backupSystem, checkBackup, restoreSystem } from '@app/backup';
import { createDataSource, queryRows } from '@app/database';
import { rollupCountsQuery } from '@app/metrics';
import { verifyRecords } from '@app/records';
import { freePort, type RunningPostgres } from '@app/stack';
import { startPostgresProcess } from '../support/postgres-process';
import { chainedDatabase } from './support/chained-database';

/** Every table's row count and an md5 of its rows in a fixed order: equal digests, equal contents. */
async function contents(db: DataSource): Promise<Record<string, string>> {
  const tables = await queryRows<{ name: string }>(
    db,
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
      ORDER BY 1`,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number; digest: string | null }>(
      db,
      `SELECT count(*)::int AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest FROM ${name} t`,
    );
    result[name] = `${row.n} ${row.digest ?? '-'}`;
  }
  return result;
}

async function verified(url: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await verifyRecords(client);
  } finally {
    await client.end();
  }
}

describe('backup and restore', () => {
  let source: DataSource;
  let sourceUrl: string;
  let fresh: RunningPostgres;
  let work: string;

  beforeAll(async () => {
    const chained = await chainedDatabase('backup');
    source = chained.setup;
    sourceUrl = chained.url;
    await source.query(`SELECT metrics.fold_rollup_deltas()`);
    work = await mkdtemp(join(tmpdir(), 'lianluo-backup-'));
    await chmod(work, 0o755); // as root, the fresh server runs as `postgres` and must reach its data folder
    fresh = await startPostgresProcess(join(work, 'pg'), await freePort());
  });

  afterAll(async () => {
    await source?.destroy();
    await fresh?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('restores into a fresh server every row of every table, chains intact and figures equal', async () => {
    const dir = join(work, 'backup');
    const manifest = await backupSystem({ lianluo: sourceUrl }, dir);
    expect(manifest.databases.map((d) => d.role)).toEqual(['lianluo']);
    await expect(checkBackup(dir)).resolves.toMatchObject({ createdAt: manifest.createdAt });

    const targetUrl = await fresh.createDatabase('restored');
    await restoreSystem(dir, { lianluo: targetUrl });
    const target = await createDataSource(targetUrl).initialize();
    try {
      const before = await contents(source);
      expect(Object.keys(before)).toEqual(expect.arrayContaining(['public.issue_events', 'records.links']));
      expect(await contents(target)).toEqual(before);

      const report = await verified(targetUrl);
      expect(report.problems).toEqual([]);
      expect(report.rows).toBeGreaterThan(0);

      const [county] = await queryRows<{ id: string }>(source, `SELECT id FROM regions WHERE level = 'county' LIMIT 1`);
      const figures = rollupCountsQuery(
        'region',
        [county.id],
        { from: '2026-01-01', to: '2026-12-31' },
        new Date(),
        null,
      );
      const original = await queryRows(source, figures.sql, figures.params);
      expect(original.length).toBeGreaterThan(0);
      expect(await queryRows(target, figures.sql, figures.params)).toEqual(original);

      // The restored database goes on working: a new event links onto the restored chain.
      const [issue] = await queryRows<{ id: string }>(target, `SELECT id FROM issues LIMIT 1`);
      await target.query(`INSERT INTO issue_events (issue_id, step_key, type) VALUES ($1, 'after-restore', 'urged')`, [
        issue.id,
      ]);
      expect((await verified(targetUrl)).problems).toEqual([]);
    } finally {
      await target.destroy();
    }
  });

  it('refuses a damaged backup before writing anything, naming the damaged file', async () => {
    const dir = join(work, 'damaged');
    await cp(join(work, 'backup'), dir, { recursive: true });
    const manifest = await checkBackup(dir);
    const victim = manifest.databases[0].tables.find((t) => t.table === 'issue_events')!;
    const bytes = await readFile(join(dir, victim.file));
    bytes[bytes.length >> 1] ^= 0xff;
    await writeFile(join(dir, victim.file), bytes);

    const targetUrl = await fresh.createDatabase('damaged');
    await expect(restoreSystem(dir, { lianluo: targetUrl })).rejects.toThrow(
      `${victim.file} does not match its checksum`,
    );
    const client = new Client({ connectionString: targetUrl });
    await client.connect();
    try {
      const tables = await client.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'public'`);
      expect(tables.rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});
