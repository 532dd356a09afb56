// Owns the Temporal SDK's runtime of a worker process, installed once before any connection: its logger is the
// worker's pino logger (the SDK's lines, the workflows' `log`, and the native core's warnings forwarded), and its
// runtime metrics (task slots, poll latencies, schedule-to-start, sticky cache, …) are exported in Prometheus format on
// a loopback port of its own, which the worker's /metrics (on WORKER_HEALTH_PORT) serves together with Lianluo's.
import { createServer } from 'node:net';
import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { AppConfig } from '@app/config';
import { PinoTemporalLogger, rootLogger, temporalLevelOf } from '@app/observability';

let sdkMetricsUrl: string | undefined;

/** Where the SDK's own Prometheus exporter answers (loopback only), once installWorkerRuntime ran. */
export function temporalMetricsUrl(): string | undefined {
  return sdkMetricsUrl;
}

/** A loopback port nothing listens on now (the SDK binds its exporter itself and cannot be handed a socket). */
async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function installWorkerRuntime(config: AppConfig): Promise<void> {
  const logger = rootLogger(config, 'worker');
  const port = await freeLoopbackPort();
  Runtime.install({
    logger: new PinoTemporalLogger(logger),
    telemetryOptions: {
      logging: {
        filter: makeTelemetryFilterString({ core: temporalLevelOf(logger.level) === 'ERROR' ? 'ERROR' : 'WARN' }),
        forward: {},
      },
      metrics: {
        prometheus: {
          bindAddress: `127.0.0.1:${port}`,
          // The SDK's metric names as Temporal's own SDK dashboards know them, with durations in seconds.
          useSecondsForDurations: true,
        },
      },
    },
  });
  sdkMetricsUrl = `http://127.0.0.1:${port}/metrics`;
}
