// Owns the worker's fold of the read model's rollup deltas into metrics.daily_rollup, every few seconds while the
// worker runs. The database makes it a single writer (an advisory lock: a second worker's fold returns at once), and
// transitions never wait for it: they only append deltas.
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { foldRollupDeltas } from '@app/metrics';

/** Between the end of one fold and the start of the next. */
export const ROLLUP_FOLD_INTERVAL_MS = 2_000;

export class RollupFolder {
  private readonly logger = new Logger(RollupFolder.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly intervalMs = ROLLUP_FOLD_INTERVAL_MS,
  ) {}

  start(): void {
    this.schedule();
  }

  /** Stops folding; resolves when a fold in progress has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.foldOnce().finally(() => {
        this.running = null;
        this.schedule();
      });
    }, this.intervalMs);
  }

  private async foldOnce(): Promise<void> {
    try {
      const folded = await foldRollupDeltas(this.db);
      if (folded > 0) this.logger.debug(`folded ${folded} rollup deltas`);
    } catch (error) {
      // The next round tries again; until then the reads add the unfolded deltas themselves.
      this.logger.warn(`rollup fold failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
