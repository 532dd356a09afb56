// Owns when the development stack restarts a crashed child (worker, API) and when it gives up on it.

export interface RestartDecision {
  /** Restart after this many milliseconds, or give up (undefined). */
  delayMs?: number;
  /** Crashes within the window, this one included. */
  crashes: number;
}

/**
 * Restarts with a back-off that doubles from `firstDelayMs` up to `maxDelayMs`, and gives up once `maxCrashes`
 * crashes fall within `windowMs`: a child that crashes at start-up every time (a bad config, a missing migration)
 * then stops the stack with its error on screen instead of restarting forever.
 */
export class RestartPolicy {
  private readonly crashTimes: number[] = [];

  constructor(
    private readonly maxCrashes = 5,
    private readonly windowMs = 60_000,
    private readonly firstDelayMs = 500,
    private readonly maxDelayMs = 8000,
  ) {}

  crashed(now = Date.now()): RestartDecision {
    this.crashTimes.push(now);
    while (this.crashTimes.length > 0 && now - this.crashTimes[0] > this.windowMs) this.crashTimes.shift();
    const crashes = this.crashTimes.length;
    if (crashes >= this.maxCrashes) return { crashes };
    return { crashes, delayMs: Math.min(this.firstDelayMs * 2 ** (crashes - 1), this.maxDelayMs) };
  }
}
