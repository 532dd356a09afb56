// Owns the API's connection to Temporal: one client, opened at start-up, closed on shutdown.
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { activeTracing } from '@app/observability';

@Injectable()
export class TemporalClientService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TemporalClientService.name);
  private connection?: Connection;
  private clientInstance?: Client;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    // Connection.lazy lets the API start (and report an unhealthy Temporal) while the server is still coming up.
    this.connection = Connection.lazy({ address: this.config.TEMPORAL_ADDRESS });
    this.clientInstance = new Client({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      // When tracing is on, a workflow started or updated from a request continues that request's trace.
      interceptors: activeTracing() ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : {},
    });
    this.logger.log(`Temporal client for ${this.config.TEMPORAL_ADDRESS}, namespace ${this.config.TEMPORAL_NAMESPACE}`);
  }

  get client(): Client {
    if (!this.clientInstance) throw new Error('Temporal client used before module init');
    return this.clientInstance;
  }

  get taskQueue(): string {
    return this.config.TEMPORAL_TASK_QUEUE;
  }

  /** True when the Temporal frontend answers within `timeoutMs`. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    if (!this.connection) return false;
    try {
      await this.connection.withDeadline(Date.now() + timeoutMs, () =>
        this.connection!.workflowService.getSystemInfo({}),
      );
      return true;
    } catch {
      return false;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.connection?.close();
  }
}
