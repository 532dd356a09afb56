// Owns OpenTelemetry tracing: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (then nothing is patched, no span is
// made and no header is added, so it costs nothing); on, it exports spans by OTLP over HTTP (JSON) and traces HTTP
// (in and out), Express routes and PostgreSQL queries, while the Temporal interceptors carry the trace from the API's
// client through the workflow to its activities, and the mail outbox carries it to the SMTP exchange.
//
// Must run before express, pg and http are first required (apps/*/src/tracing.ts, the first import of each main.ts):
// the instrumentations patch modules as they load.
import { context, propagation, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ServiceName } from './logger';

export interface Tracing {
  provider: NodeTracerProvider;
  resource: Resource;
  /** What the Temporal plugin gives the workflows' spans to (they are made inside the workflow sandbox). */
  workflowSpanProcessor: SpanProcessor;
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/** The tracing this process runs, or undefined when it is off. */
export function activeTracing(): Tracing | undefined {
  return active;
}

/** Starts tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set (or `exporter` is given: tests); once per process. */
export function startTracing(
  service: ServiceName,
  options: { env?: NodeJS.ProcessEnv; exporter?: SpanExporter } = {},
): Tracing | undefined {
  const env = options.env ?? process.env;
  if (active) return active;
  if (!options.exporter && !env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (…/v1/traces is appended) and OTEL_EXPORTER_OTLP_HEADERS itself.
  const exporter = options.exporter ?? new OTLPTraceExporter();
  const resource = resourceFromAttributes({
    'service.name': env.OTEL_SERVICE_NAME || `lianluo-${service}`,
    'service.namespace': 'lianluo',
  });
  const processor = new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes are not what a trace is for.
        ignoreIncomingRequestHook: (request) => /^\/(health|metrics)(\/|\?|$)/.test(request.url ?? ''),
      }),
      new ExpressInstrumentation(),
      // No statement parameters on spans: they carry voters' personal data.
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  active = {
    provider,
    resource,
    workflowSpanProcessor: new WorkflowSpanProcessor(processor),
    shutdown: () => provider.shutdown(),
  };
  return active;
}

/**
 * The workflow sandbox records its spans with the OpenTelemetry SDK 1.x bundled by @temporalio/interceptors-
 * opentelemetry, which names a span's parent `parentSpanId` and its scope `instrumentationLibrary`; the 2.x exporter
 * reads `parentSpanContext` and `instrumentationScope`. Without this a workflow's spans would lose their parents.
 */
class WorkflowSpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    const legacy = span as ReadableSpan & {
      parentSpanId?: string;
      instrumentationLibrary?: ReadableSpan['instrumentationScope'];
    };
    const own = span.spanContext();
    const adapted: ReadableSpan = Object.assign(Object.create(span) as ReadableSpan, {
      parentSpanContext:
        span.parentSpanContext ??
        (legacy.parentSpanId
          ? { traceId: own.traceId, spanId: legacy.parentSpanId, traceFlags: own.traceFlags, isRemote: false }
          : undefined),
      instrumentationScope: span.instrumentationScope ?? legacy.instrumentationLibrary ?? { name: 'temporal' },
      droppedAttributesCount: span.droppedAttributesCount ?? 0,
      droppedEventsCount: span.droppedEventsCount ?? 0,
      droppedLinksCount: span.droppedLinksCount ?? 0,
    });
    this.next.onEnd(adapted);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return Promise.resolve(); // the provider shuts the processor down
  }
}

/** The W3C `traceparent` of the active span, to carry a trace across a queue (the mail outbox); null when off. */
export function currentTraceParent(): string | null {
  if (!active) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/** A context whose parent is the span a `traceparent` names (the root context when there is none). */
export function contextOfTraceParent(traceParent: string | null | undefined): Context {
  if (!traceParent) return context.active();
  return propagation.extract(context.active(), { traceparent: traceParent });
}

export function lianluoTracer(): Tracer {
  return trace.getTracer('lianluo');
}

/** Runs `work` in a span (a no-op span when tracing is off), ending it and recording a failure. */
export async function inSpan<T>(
  name: string,
  options: { parent?: Context; attributes?: Record<string, string | number> },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  if (!active) return work(trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 }));
  return lianluoTracer().startActiveSpan(
    name,
    { attributes: options.attributes },
    options.parent ?? context.active(),
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: 2, message: String(error) });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
