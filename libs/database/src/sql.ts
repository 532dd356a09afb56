// Small helpers for the raw SQL the repositories write.

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The rows of a query. TypeORM's Postgres driver answers UPDATE/DELETE … RETURNING with `[rows, count]`
 * and everything else with `rows`; this hides the difference.
 */
export async function queryRows<T>(db: Queryable, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const result = await db.query(sql, parameters);
  if (!Array.isArray(result)) return [];
  if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** Escapes `%`, `_` and `\` for a LIKE pattern (PostgreSQL's default escape character is `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** True when a driver error is a unique-constraint violation (optionally of the named constraint). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } } | null)?.driverError;
  const code = driverError?.code ?? (error as { code?: string } | null)?.code;
  const name = driverError?.constraint ?? (error as { constraint?: string } | null)?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}
