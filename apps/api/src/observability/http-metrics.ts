// Owns the API's request figures: a latency histogram by method, route template and status (its _count is the
// request rate), and the counts an operator watches the service by: issues taken in, replies received. Labelled by
// the route's template (`/api/issues/:id/reply`), never by the path, so that ids do not multiply the series.
import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '@app/observability';

/** Requests no route took (404, 405, a body refused before routing): one series, whatever the path. */
export const UNMATCHED_ROUTE = '(unmatched)';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The routes by which a department replies: its own answer in the app, and the emailed link (API and form). */
const REPLY_ROUTES: Record<string, string> = {
  'POST /api/issues/:id/reply': 'app',
  'POST /api/issues/:id/follow-up-reply': 'app',
  'POST /api/reply-links/:token/reply': 'link',
  'POST /reply': 'link',
};

@Injectable()
export class HttpMetrics {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly intake: Counter;
  private readonly replies: Counter<'via'>;

  constructor(@Inject(MetricsRegistry) metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.duration = new Histogram({
      name: 'lianluo_http_request_duration_seconds',
      help: 'API requests by method, route template and status, and how long each took to answer',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.intake = new Counter({
      name: 'lianluo_issues_submitted_total',
      help: 'Issues taken in through the API (201: a new issue; a resent idempotency key is not counted again)',
      registers,
    });
    this.replies = new Counter({
      name: 'lianluo_replies_total',
      help: "Departments' replies the issue workflow accepted (200 carried out, 202 accepted), by the way they came",
      labelNames: ['via'],
      registers,
    });
    this.intake.inc(0);
    for (const via of new Set(Object.values(REPLY_ROUTES))) this.replies.labels(via).inc(0);
  }

  /** Express middleware: first in the chain, so that requests refused before any route are counted too. */
  readonly middleware = (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const route = routeOf(request);
      const status = response.statusCode;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.duration.observe({ method: request.method, route, status: String(status) }, seconds);
      const key = `${request.method} ${route}`;
      if (key === 'POST /api/issues' && status === 201) this.intake.inc();
      const via = REPLY_ROUTES[key];
      if (via && (status === 200 || status === 202)) this.replies.inc({ via });
    });
    next();
  };
}

/** The template of the route that answered (Express keeps it on the request), or UNMATCHED_ROUTE. */
function routeOf(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : UNMATCHED_ROUTE;
}
