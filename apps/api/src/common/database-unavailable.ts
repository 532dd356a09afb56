// Owns the API's answer when PostgreSQL cannot be reached (issue #17): 503 with Retry-After and a sentence that says
// whether anything was saved, instead of a 500 the web app would read as "nothing recorded" even when it was.
import { ServiceUnavailableException } from '@nestjs/common';
import { isDatabaseUnavailable } from '@app/database';

/** Seconds a client should wait before sending again: the restart of a stopped PostgreSQL takes a few. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export const NOTHING_SAVED =
  'The database (PostgreSQL) is unavailable, so this request was not carried out and nothing of it was saved. ' +
  `Send it again in ${DATABASE_RETRY_AFTER_SECONDS} s; a request with an idempotency key is carried out at most once.`;

/** 503 + Retry-After for a request that failed because PostgreSQL is unreachable; `message` says what was saved. */
export class DatabaseUnavailableException extends ServiceUnavailableException {
  readonly retryAfterSeconds = DATABASE_RETRY_AFTER_SECONDS;

  constructor(message = NOTHING_SAVED) {
    super(message);
  }
}

/**
 * For a step that runs after the request's effect is already durable (an issue saved and its workflow started, a
 * command accepted by its workflow): a database outage there is answered with `saved` (what is kept, what to do)
 * instead of the default "nothing was saved", which would then be false. Other errors pass through unchanged.
 */
export function afterSaved(saved: string): (error: unknown) => never {
  return (error: unknown) => {
    if (isDatabaseUnavailable(error)) {
      throw new DatabaseUnavailableException(
        `${saved} The database (PostgreSQL) is unavailable, so the answer could not be read back: send the same ` +
          `request again in ${DATABASE_RETRY_AFTER_SECONDS} s with the same key to see it.`,
      );
    }
    throw error;
  };
}

/**
 * For the transaction that saves a request's effect: when PostgreSQL went away during it (not when it refused the
 * connection, which saves nothing), the COMMIT may have happened or not, and only a resend can tell: the answer says so.
 */
export function whileSaving(what: string, key: string): (error: unknown) => never {
  return (error: unknown) => {
    if (isDatabaseUnavailable(error) && !isRefused(error)) {
      throw new DatabaseUnavailableException(
        `The database (PostgreSQL) became unavailable while ${what} was being saved, so it may or may not be ` +
          `saved. Send it again with the same ${key} in ${DATABASE_RETRY_AFTER_SECONDS} s: it is saved at most once, ` +
          'and the answer then says which.',
      );
    }
    throw error;
  };
}

/** The server refused the connection (or is still starting): no statement of the request reached it. */
function isRefused(error: unknown): boolean {
  const { code, errors } = (error ?? {}) as { code?: unknown; errors?: unknown };
  if (code === 'ECONNREFUSED' || code === '57P03') return true;
  return Array.isArray(errors) && errors.length > 0 && errors.every(isRefused);
}
