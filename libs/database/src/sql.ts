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

/** The append-only step logs and the column naming what each event belongs to. */
const STEP_EVENT_LOGS = {
  issue_events: 'issue_id',
  reception_events: 'reception_id',
  invitation_events: 'invitation_id',
} as const;

/** One step's event, as a workflow's record-transition activity receives it. */
export interface StepEvent {
  stepKey: string;
  type: string;
  actor?: { userId?: string; label: string };
  data: unknown;
  at: string;
}

/**
 * Appends a workflow step's event to its log, once: UNIQUE (owner, step_key) makes a retried activity's insert a
 * no-op. True when this call wrote it, so the caller applies the step's other writes in the same transaction, once.
 */
export async function appendStepEvent(
  tx: Queryable,
  log: keyof typeof STEP_EVENT_LOGS,
  ownerId: string,
  event: StepEvent,
  defaultActorLabel: string | null = null,
): Promise<boolean> {
  const owner = STEP_EVENT_LOGS[log];
  const inserted = await queryRows<unknown>(
    tx,
    `INSERT INTO ${log} (${owner}, step_key, type, actor_user_id, actor_label, data, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (${owner}, step_key) DO NOTHING RETURNING id`,
    [
      ownerId,
      event.stepKey,
      event.type,
      event.actor?.userId ?? null,
      event.actor?.label ?? defaultActorLabel,
      event.data,
      event.at,
    ],
  );
  return inserted.length > 0;
}
