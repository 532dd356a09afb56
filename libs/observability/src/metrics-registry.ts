// Owns a process's Prometheus registry: one per application (not prom-client's global one, so that the suites which
// run several apps in one process each count their own), with the Node process metrics (CPU, memory, event loop lag,
// GC) and a `service` label on every series.
import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { ServiceName } from './logger';

export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor(readonly service: ServiceName) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }

  /** The exposition text; gauges computed at scrape time are collected now. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
