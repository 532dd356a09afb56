// Owns the Temporal side of tracing in the worker: when tracing is on, one OpenTelemetry plugin for the worker (its
// workflow interceptors are bundled with the workflows, its activity interceptors wrap every activity, the workflows'
// spans leave the sandbox through its sink) and for the worker's own client (schedules, the intake reconciler).
// Off (the default), no plugin at all: the workflows' bundle and their histories are exactly as without tracing.
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';
import { activeTracing } from '@app/observability';

let plugin: OpenTelemetryPlugin | undefined;

export function temporalTracingPlugins(): OpenTelemetryPlugin[] {
  const tracing = activeTracing();
  if (!tracing) return [];
  plugin ??= new OpenTelemetryPlugin({
    resource: tracing.resource,
    // Typed by the SDK 1.x the plugin is built on; the 2.x processor serves (see WorkflowSpanProcessor).
    spanProcessor: tracing.workflowSpanProcessor as unknown as ConstructorParameters<
      typeof OpenTelemetryPlugin
    >[0]['spanProcessor'],
  });
  return [plugin];
}
