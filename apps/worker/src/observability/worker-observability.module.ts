// Owns the worker's logs and metrics as a Nest module: pino for Nest's logger (with the workflow and issue of the
// activity a line was written in), the worker's Prometheus registry and Lianluo's worker figures. Global, so the mail
// deliverer (libs/mail) and the activity services count into the same registry.
import { Global, Logger, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { outboxBacklog } from '@app/mail';
import { LoggingModule, MetricsRegistry, WorkerMetrics } from '@app/observability';

@Global()
@Module({
  imports: [LoggingModule.forRoot('worker')],
  providers: [
    { provide: MetricsRegistry, useFactory: () => new MetricsRegistry('worker') },
    {
      provide: WorkerMetrics,
      inject: [MetricsRegistry, getDataSourceToken()],
      useFactory: (registry: MetricsRegistry, db: DataSource) =>
        new WorkerMetrics(
          registry,
          () => outboxBacklog(db),
          (error) => new Logger('Metrics').warn(`Could not read the mail outbox's backlog: ${String(error)}`),
        ),
    },
  ],
  exports: [MetricsRegistry, WorkerMetrics],
})
export class WorkerObservabilityModule {}
