// Owns the one call that moves the rollup deltas (appended by the triggers, one row per transition and key) into
// metrics.daily_rollup: see migration 1764720000000-rollup-deltas. The read path is exact with or without it; folding
// keeps the deltas few, so the reads stay fast.

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Folds every delta committed so far; returns how many it folded (0 when another caller is folding right now). */
export async function foldRollupDeltas(db: Queryable): Promise<number> {
  const rows = (await db.query(`SELECT metrics.fold_rollup_deltas() AS folded`)) as Array<{ folded: number }>;
  return rows[0]?.folded ?? 0;
}
