// Owns the API's logs and metrics as a Nest module: nestjs-pino (a line per request, the request id and issue on every
// line), the API's Prometheus registry with its request, intake and reply figures and the domain gauges, and
// GET /metrics. The request-timing middleware itself is mounted first of all by setupApp.
import { Module } from '@nestjs/common';
import { LoggingModule, MetricsRegistry } from '@app/observability';
import { DomainGauges } from './domain-gauges';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';

@Module({
  imports: [LoggingModule.forRoot('api')],
  controllers: [MetricsController],
  providers: [{ provide: MetricsRegistry, useFactory: () => new MetricsRegistry('api') }, HttpMetrics, DomainGauges],
  exports: [HttpMetrics],
})
export class ApiObservabilityModule {}
