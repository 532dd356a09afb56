// Owns the operator's view of Lianluo's processes: structured logs (pino), Prometheus metrics (prom-client) and
// OpenTelemetry traces, shared by the API and the worker.
export * from './log-context';
export * from './logger';
export * from './logging.module';
export * from './metrics-registry';
export * from './scrape-cache';
export * from './temporal-logger';
export * from './tracing';
export * from './worker-metrics';
