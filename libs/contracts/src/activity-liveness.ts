// Owns how a worker shows that an activity it runs is still alive, so the workflows and the worker agree on it.

/**
 * How long Temporal waits for a heartbeat before it gives a running activity to another worker. The worker
 * heartbeats every ACTIVITY_HEARTBEAT_INTERVAL_MS while any activity runs, so only a dead or wedged worker misses it:
 * a SIGKILLed worker's activity is retried elsewhere within about this long, instead of its start-to-close timeout.
 */
export const ACTIVITY_HEARTBEAT_TIMEOUT = '5 seconds';

/** How often the worker heartbeats a running activity: well inside the timeout, so a busy event loop does not miss it. */
export const ACTIVITY_HEARTBEAT_INTERVAL_MS = 1000;
