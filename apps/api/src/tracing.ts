// The API's first import: starts tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) before express, pg and http load.
import { startTracing } from '@app/observability';

startTracing('api');
