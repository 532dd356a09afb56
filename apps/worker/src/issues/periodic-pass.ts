// Owns the loop both reconcilers run (intake: issues without a workflow; receipts: commands not yet delivered): a pass
// at start, then one every interval; a failed pass is logged and the next one tries again; stop ends it after the
// pass under way.
import { Logger } from '@nestjs/common';

export abstract class PeriodicPass<Outcome> {
  protected readonly logger: Logger;
  protected stopping = false;
  private running?: Promise<void>;
  private wake?: () => void;

  protected constructor(
    name: string,
    private readonly intervalMs: number,
    private readonly what: string,
  ) {
    this.logger = new Logger(name);
  }

  /** One pass; it should return early once `stopping` is set. */
  abstract reconcileOnce(): Promise<Outcome>;

  /** Starts the loop: a pass now (a worker that comes back repairs at once), then one every interval. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** Ends the loop after the pass under way, if any. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.reconcileOnce();
      } catch (error) {
        this.logger.error(`A ${this.what} pass failed; the next one tries again`, String(error));
      }
      if (this.stopping) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.intervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
