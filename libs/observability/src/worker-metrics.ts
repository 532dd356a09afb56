// Owns the worker's own figures, beside the Temporal SDK's runtime metrics: mail attempts by outcome, the outbox's
// backlog (read from the table at scrape time), escalations by level and how late timer steps act.
import { Counter, Gauge, Histogram } from 'prom-client';
import type { MetricsRegistry } from './metrics-registry';
import { ScrapeCache } from './scrape-cache';

/** What the outbox holds when a scrape asks: rows waiting to be sent, and how long the oldest has waited. */
export interface OutboxBacklog {
  pending: number;
  oldestPendingSeconds: number;
}

/** Timer steps act COMMAND_ADMISSION_MS after their instant on purpose; lateness is counted beyond that. */
export const TIMER_LATENESS_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600];
/** Every worker's scrape reads the same table: a read serves scrapes for this long. */
export const OUTBOX_READ_FRESH_MS = 5000;

export class WorkerMetrics {
  readonly mailAttempts: Counter<'outcome'>;
  readonly escalations: Counter<'level'>;
  readonly timerLateness: Histogram<'step'>;

  constructor(metrics: MetricsRegistry, readBacklog: () => Promise<OutboxBacklog>, onReadError?: (e: unknown) => void) {
    const registers = [metrics.registry];
    this.mailAttempts = new Counter({
      name: 'lianluo_mail_attempts_total',
      help: 'SMTP delivery attempts of the mail outbox by outcome: sent, failed (refused or error), unknown (timed out)',
      labelNames: ['outcome'],
      registers,
    });
    // Present from the start, so that rate() and alerts see a 0 rather than no series.
    for (const outcome of ['sent', 'failed', 'unknown']) this.mailAttempts.labels(outcome).inc(0);
    this.escalations = new Counter({
      name: 'lianluo_escalations_total',
      help: 'Escalations recorded by this worker, by the level reached (1 township presidium, 2 county, 3 city)',
      labelNames: ['level'],
      registers,
    });
    this.timerLateness = new Histogram({
      name: 'lianluo_timer_lateness_seconds',
      help: 'How long after its instant (beyond the deliberate command-admission delay) a timer step was recorded',
      labelNames: ['step'],
      buckets: TIMER_LATENESS_BUCKETS,
      registers,
    });
    const backlog = new ScrapeCache(readBacklog, OUTBOX_READ_FRESH_MS, onReadError);
    new Gauge({
      name: 'lianluo_mail_outbox_pending',
      help: 'Mails recorded in the outbox and not yet accepted by the SMTP server',
      registers,
      async collect() {
        const value = await backlog.get();
        if (value) this.set(value.pending);
      },
    });
    new Gauge({
      name: 'lianluo_mail_outbox_oldest_pending_seconds',
      help: 'Age of the oldest mail still waiting in the outbox (0 when none waits)',
      registers,
      async collect() {
        const value = await backlog.get();
        if (value) this.set(value.oldestPendingSeconds);
      },
    });
  }
}
