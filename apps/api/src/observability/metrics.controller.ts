import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MetricsRegistry, PROMETHEUS_CONTENT_TYPE } from '@app/observability';
import { Public } from '../auth/auth.decorators';

/**
 * GET /metrics for Prometheus: the API's request figures, intake and replies, the open and overdue issues, and the
 * Node process. Unauthenticated, as scrapers expect: it carries counts only, nothing about a person or an issue; a
 * reverse proxy in front of a public API should not pass /metrics on (deploy/ scrapes the api service directly).
 */
@Public()
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(MetricsRegistry) private readonly metrics: MetricsRegistry) {}

  @Get()
  @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.text();
  }
}
