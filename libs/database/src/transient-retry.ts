// Owns what the worker does when PostgreSQL aborts a transaction only because of another one: a deadlock (40P01)
// or a serialisation failure (40001) says nothing about the data, so the transaction is run again at once (after a
// short random pause, so that the two victims do not collide again), a few times, inside the activity, and counted.
// Temporal's back-off (seconds to a minute) is for outages, not for this.
import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

/** The SQLSTATEs that mean "run it again": the transaction lost a race, not an argument. */
export const TRANSIENT_SQLSTATES = ['40P01', '40001'] as const;
export type TransientSqlState = (typeof TRANSIENT_SQLSTATES)[number];

/** The SQLSTATE of a pg or TypeORM error (TypeORM wraps the driver's error as `driverError`), if it has one. */
export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const driverError = (error as { driverError?: { code?: unknown } }).driverError;
  const code = driverError?.code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function isTransientDbError(error: unknown): boolean {
  const code = sqlStateOf(error);
  return code !== undefined && (TRANSIENT_SQLSTATES as readonly string[]).includes(code);
}

/** How many transactions were run again, by SQLSTATE, since the process started (read by the worker's log line). */
export class TransientRetryCounter {
  private readonly counts = new Map<string, number>();

  record(code: string): number {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    return this.total();
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  byCode(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}

/** The process's one counter. */
export const transientRetries = new TransientRetryCounter();

export interface TransientRetryOptions {
  /** Runs in all, the first included (default 5). */
  attempts?: number;
  /** Names the work in the log line. */
  label?: string;
}

const logger = new Logger('TransientRetry');
const BASE_DELAY_MS = 5;

/**
 * Runs `work` (which must be a whole transaction: it is run again from its start) and runs it again when it fails
 * with a deadlock or serialisation failure, up to `attempts` runs, after 0–5, 0–10, 0–20… ms of jitter. Any other
 * error, and the last transient one, is thrown as it is.
 */
export async function withTransientRetry<T>(work: () => Promise<T>, options: TransientRetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = sqlStateOf(error);
      if (attempt >= attempts || code === undefined || !isTransientDbError(error)) throw error;
      const total = transientRetries.record(code);
      logger.warn(
        `${options.label ?? 'transaction'}: ${code} on attempt ${attempt} of ${attempts}, running it again ` +
          `(${total} transient retries in this process)`,
      );
      await new Promise((resolve) => setTimeout(resolve, Math.random() * BASE_DELAY_MS * 2 ** (attempt - 1)));
    }
  }
}

/** `db.transaction(work)`, run again on a deadlock or serialisation failure: every transaction the worker opens. */
export function retryingTransaction<T>(
  db: DataSource,
  label: string,
  work: (tx: EntityManager) => Promise<T>,
  options: Omit<TransientRetryOptions, 'label'> = {},
): Promise<T> {
  return withTransientRetry(() => db.transaction(work), { ...options, label });
}
