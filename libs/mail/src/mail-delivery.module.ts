// Runs the outbox's deliverer for as long as the application context lives: started once the context is up, stopped
// (its sends under way recorded first) before the database pool closes. Imported by the worker, so every worker
// process delivers; several at once share the work through SKIP LOCKED and the claim's lease.
import { Inject, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { WorkerMetrics } from '@app/observability';
import { deliveryOptionsOf, MailDeliverer } from './mail-deliverer';
import { MailModule } from './mail.module';
import { MailService } from './mail.service';

@Module({
  imports: [MailModule],
  providers: [
    {
      provide: MailDeliverer,
      // The worker's metrics count each attempt's outcome (optional: a context without metrics delivers all the same).
      inject: [getDataSourceToken(), MailService, APP_CONFIG, { token: WorkerMetrics, optional: true }],
      useFactory: (db: DataSource, mail: MailService, config: AppConfig, metrics?: WorkerMetrics) =>
        new MailDeliverer(db, mail, config, deliveryOptionsOf(config), (outcome) =>
          metrics?.mailAttempts.inc({ outcome }),
        ),
    },
  ],
  exports: [MailDeliverer],
})
export class MailDeliveryModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(MailDeliverer) private readonly deliverer: MailDeliverer) {}

  onApplicationBootstrap(): void {
    this.deliverer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.deliverer.stop();
  }
}
