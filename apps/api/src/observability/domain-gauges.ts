// Owns the figures a supervisor's alerts would watch, as Prometheus gauges of the API: issues not closed by status,
// and issues overdue now. Computed from the read model when scraped, one bounded read per window shared by every
// scrape of this process (several Prometheus servers, several replicas each read at most once a window).
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { ISSUE_STATUSES } from '@app/contracts';
import { openIssuesByStatus, type OpenIssuesByStatus } from '@app/metrics';
import { MetricsRegistry, ScrapeCache } from '@app/observability';

/** A scrape every 15 s (Prometheus' default) reads the database at most every other time. */
export const DOMAIN_GAUGES_FRESH_MS = 30_000;

@Injectable()
export class DomainGauges {
  private readonly logger = new Logger(DomainGauges.name);

  constructor(@Inject(MetricsRegistry) metrics: MetricsRegistry, @InjectDataSource() db: DataSource) {
    const cache = new ScrapeCache<OpenIssuesByStatus[]>(
      () => openIssuesByStatus(db),
      DOMAIN_GAUGES_FRESH_MS,
      (error) => this.logger.warn(`Could not read the open issues for /metrics: ${String(error)}`),
    );
    const registers = [metrics.registry];
    new Gauge({
      name: 'lianluo_open_issues',
      help: 'Issues not closed, by status (read from the read model at scrape time, at most every 30 s)',
      labelNames: ['status'],
      registers,
      async collect() {
        const rows = await cache.get();
        if (!rows) return;
        // Every status, 0 included, so that a status emptied shows 0 rather than its last value.
        for (const status of ISSUE_STATUSES.filter((s) => s !== 'closed')) {
          this.set({ status }, rows.find((row) => row.status === status)?.open ?? 0);
        }
      },
    });
    new Gauge({
      name: 'lianluo_overdue_issues',
      help: 'Issues overdue now: open and past the deadline in force, unanswered (as the supervision figure)',
      registers,
      async collect() {
        const rows = await cache.get();
        if (rows) this.set(rows.reduce((sum, row) => sum + row.overdue, 0));
      },
    });
  }
}
