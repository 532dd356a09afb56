// Owns the one answer to "did this fail because PostgreSQL could not be reached?", as opposed to a query that was
// wrong or data that broke a constraint. The API answers such a failure 503 with Retry-After (issue #17), never 500.

/**
 * SQLSTATEs that say the server is going away or not there yet: class 08 (connection exception), 57P01-57P03
 * (terminated by an immediate or fast shutdown, crash shutdown, still starting up), 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** Socket errors of a connection to a server that is down, refusing, or was cut off. */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

/**
 * What pg says, with no code, when the socket closes under a query or a connect does not finish
 * ("Connection terminated unexpectedly", "Connection terminated due to connection timeout", "timeout exceeded when
 * trying to connect" from the pool), and what TypeORM says when it lost the pool.
 */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** True when `error` (a pg or TypeORM error, possibly wrapped as `driverError` or `cause`) means PostgreSQL is unreachable. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message, driverError, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
  // Node reports a refused connection to every address of a host as an AggregateError of the attempts.
  if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => isDatabaseUnavailable(e, depth + 1)))
    return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}
