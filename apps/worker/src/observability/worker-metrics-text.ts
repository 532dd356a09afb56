// Owns what the worker's GET /metrics answers: Lianluo's series (prom-client) followed by the Temporal SDK's runtime
// metrics, read from the SDK's own exporter on loopback, so that Prometheus scrapes one endpoint per worker.
import type { MetricsRegistry } from '@app/observability';
import { temporalMetricsUrl } from './worker-runtime';

/** The SDK's exporter answers at once; a scrape must not wait long on it. */
const SDK_METRICS_TIMEOUT_MS = 2000;

export async function workerMetricsText(metrics: MetricsRegistry): Promise<string> {
  const url = temporalMetricsUrl();
  const [own, sdk] = await Promise.all([
    metrics.text(),
    url
      ? fetch(url, { signal: AbortSignal.timeout(SDK_METRICS_TIMEOUT_MS) })
          .then((response) => (response.ok ? response.text() : ''))
          .catch(() => '# the Temporal SDK metrics exporter did not answer\n')
      : Promise.resolve(''),
  ]);
  return own.endsWith('\n') || own === '' ? own + sdk : `${own}\n${sdk}`;
}
