// A digest of every application table, so a suite can show that a refused request changed nothing at all: not the
// issue, not the access log, not the sessions, nor any table added after this was written.
import type { DataSource } from 'typeorm';

let tables: string[] | null = null;

/** Table name → md5 of its rows (in a stable order); equal before and after means nothing was written. */
export async function dataFingerprint(db: DataSource): Promise<Record<string, string>> {
  tables ??= (
    await db.query<{ name: string }[]>(
      `SELECT quote_ident(table_name) AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations'
          -- Counting a refused sign-in against its client address is what refusing one does (the address throttle).
          AND table_name <> 'login_address_failures'
        ORDER BY table_name`,
    )
  ).map((row) => row.name);
  const digests = tables.map(
    (table) => `SELECT '${table}' AS name, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest
                  FROM ${table} t`,
  );
  const rows = await db.query<{ name: string; digest: string }[]>(digests.join(' UNION ALL '));
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}
