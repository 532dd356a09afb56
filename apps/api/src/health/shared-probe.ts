// Owns "at most one check of a dependency at a time": a probe that every caller shares.
//
// A health endpoint is polled by load balancers, orchestrators and people, often at once. Without this, each poll
// would open its own check, and a dependency that hangs would collect one stuck check (an SMTP connection, a
// queued query) per poll. Callers bound their own wait (the readiness check times out); the check they joined runs
// on, and its outcome serves whoever asks next.

/** How a probe ended, and when. */
export interface ProbeOutcome {
  ok: boolean;
  error?: unknown;
  at: number;
}

export class SharedProbe {
  private inFlight?: Promise<void>;
  private last?: ProbeOutcome;
  private started = 0;

  /**
   * @param run the check: resolves when the dependency answers, rejects when it does not
   * @param freshForMs how long an outcome is served without checking again (0: only an in-flight check is shared)
   */
  constructor(
    private readonly run: () => Promise<void>,
    private readonly freshForMs = 0,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** How many checks have been started: one per dependency contact. */
  get runs(): number {
    return this.started;
  }

  /** The last outcome, if any. */
  get lastOutcome(): ProbeOutcome | undefined {
    return this.last;
  }

  /** Resolves when the dependency answers (or answered recently), rejects with its error otherwise. */
  check(): Promise<void> {
    const last = this.last;
    if (last && this.freshForMs > 0 && this.now() - last.at < this.freshForMs) {
      return last.ok ? Promise.resolve() : Promise.reject(toError(last.error));
    }
    if (!this.inFlight) {
      this.started++;
      const running = this.run().then(
        () => {
          this.last = { ok: true, at: this.now() };
        },
        (error: unknown) => {
          this.last = { ok: false, error, at: this.now() };
          throw error;
        },
      );
      this.inFlight = running.finally(() => {
        this.inFlight = undefined;
      });
      // Callers that gave up waiting must not leave an unhandled rejection behind.
      this.inFlight.catch(() => undefined);
    }
    return this.inFlight;
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
