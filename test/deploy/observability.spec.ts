// Checks the operator's view that docker-compose.yml deploys (issue #14 item 5): Prometheus scraping the api and the
// workers where they serve /metrics, Grafana provisioned with that Prometheus and the dashboard, and the dashboard
// asking only for series the apps actually export — so that a renamed metric or a moved port fails here, not on an
// empty dashboard.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import type { DataSource } from 'typeorm';
import { parse } from 'yaml';
import { MetricsRegistry, WorkerMetrics } from '@app/observability';
import { DomainGauges } from '../../apps/api/src/observability/domain-gauges';
import { HttpMetrics } from '../../apps/api/src/observability/http-metrics';
import { MetricsController } from '../../apps/api/src/observability/metrics.controller';

const ROOT = resolve(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  expose?: string[];
  ports?: string[];
  volumes?: string[];
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

/** The host path behind a container path, through a service's bind mounts of repository files. */
function hostPathOf(service: Service, containerPath: string): string | undefined {
  for (const volume of service.volumes ?? []) {
    const [source, target] = volume.split(':');
    if (!/^\.{1,2}\//.test(source)) continue;
    if (containerPath === target || containerPath.startsWith(`${target}/`)) {
      return join(ROOT, source, posix.relative(target, containerPath));
    }
  }
  return undefined;
}

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  dns_sd_configs?: { names: string[]; type: string; port: number }[];
  static_configs?: { targets: string[] }[];
}

describe('Prometheus in docker-compose.yml', () => {
  const prometheus = services.prometheus;
  const configPath = prometheus?.command?.find((arg) => arg.startsWith('--config.file='))?.split('=')[1] ?? '';
  const hostConfig = prometheus ? hostPathOf(prometheus, configPath) : undefined;
  const config = hostConfig && existsSync(hostConfig) ? (parse(readFileSync(hostConfig, 'utf8')) as object) : {};
  const jobs = ((config as { scrape_configs?: ScrapeConfig[] }).scrape_configs ?? []).filter((job) =>
    job.job_name.startsWith('lianluo-'),
  );

  it('runs with the scrape config in deploy/prometheus', () => {
    expect(prometheus).toBeDefined();
    expect(hostConfig).toBe(join(ROOT, 'deploy/prometheus/prometheus.yml'));
    expect(jobs.map((job) => job.job_name).sort()).toEqual(['lianluo-api', 'lianluo-worker']);
  });

  it("scrapes the api on the port it listens on and every worker on its health port, at the apps' /metrics", () => {
    const api = services.api;
    const worker = services.worker;
    const expected: Record<string, { service: string; port: string; path: string }> = {
      // The API's MetricsController, at the root (no global prefix).
      'lianluo-api': {
        service: 'api',
        port: api.environment?.PORT ?? '',
        path: `/${Reflect.getMetadata(PATH_METADATA, MetricsController) as string}`,
      },
      // apps/worker/src/health/worker-health.ts serves /metrics on WORKER_HEALTH_PORT.
      'lianluo-worker': { service: 'worker', port: worker.environment?.WORKER_HEALTH_PORT ?? '', path: '/metrics' },
    };
    for (const job of jobs) {
      const want = expected[job.job_name];
      const targets = (job.dns_sd_configs ?? []).map((sd) => ({ names: sd.names, port: String(sd.port) }));
      expect({ job: job.job_name, path: job.metrics_path ?? '/metrics', targets }).toEqual({
        job: job.job_name,
        path: want.path,
        targets: [{ names: [want.service], port: want.port }],
      });
      expect(services[want.service]).toBeDefined();
    }
    expect(worker.expose?.map(String)).toContain(worker.environment?.WORKER_HEALTH_PORT);
  });
});

describe('Grafana in docker-compose.yml', () => {
  const grafana = services.grafana;
  const provisioning = grafana ? hostPathOf(grafana, '/etc/grafana/provisioning') : undefined;
  const datasources = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as {
    datasources: { uid: string; type: string; url: string }[];
  };
  const providers = parse(read('deploy/grafana/provisioning/dashboards/lianluo.yml')) as {
    providers: { options: { path: string } }[];
  };

  it('is provisioned from deploy/grafana with the Prometheus service as its data source', () => {
    expect(provisioning).toBe(join(ROOT, 'deploy/grafana/provisioning'));
    const [source] = datasources.datasources;
    const url = new URL(source.url);
    expect(source.type).toBe('prometheus');
    expect(services[url.hostname]).toBe(services.prometheus);
    expect(services.prometheus.expose?.map(String)).toContain(url.port);
  });

  it('loads the dashboards from the folder it mounts from deploy/grafana/dashboards', () => {
    const [provider] = providers.providers;
    expect(hostPathOf(grafana, provider.options.path)).toBe(join(ROOT, 'deploy/grafana/dashboards'));
    expect(existsSync(join(ROOT, 'deploy/grafana/dashboards/lianluo.json'))).toBe(true);
  });

  describe('the dashboard', () => {
    interface Panel {
      type: string;
      title: string;
      datasource?: { uid: string };
      targets?: { expr: string }[];
    }
    const dashboard = JSON.parse(read('deploy/grafana/dashboards/lianluo.json')) as { uid: string; panels: Panel[] };
    const queries = dashboard.panels.filter((p) => p.type !== 'row');

    /** What the apps register under lianluo_* (the API's and the worker's registries, as the modules build them). */
    function exportedNames(): Set<string> {
      const api = new MetricsRegistry('api');
      new HttpMetrics(api);
      // Only read at scrape time; this registry is never scraped.
      new DomainGauges(api, undefined as unknown as DataSource);
      const worker = new MetricsRegistry('worker');
      new WorkerMetrics(worker, () => Promise.resolve({ pending: 0, oldestPendingSeconds: 0 }));
      return new Set(
        [api, worker].flatMap((registry) => registry.registry.getMetricsAsArray().map((metric) => metric.name)),
      );
    }

    it('asks the provisioned data source in every panel', () => {
      const uid = datasources.datasources[0].uid;
      expect(queries.length).toBeGreaterThan(10);
      for (const panel of queries)
        expect({ panel: panel.title, uid: panel.datasource?.uid }).toEqual({ panel: panel.title, uid });
    });

    it('asks only for Lianluo series the apps export', () => {
      const exported = exportedNames();
      const asked = queries.flatMap((panel) =>
        (panel.targets ?? []).flatMap((target) => [...target.expr.matchAll(/\blianluo_[a-z_]+/g)].map((m) => m[0])),
      );
      expect(asked.length).toBeGreaterThan(10);
      const unknown = asked.filter((name) => !exported.has(name.replace(/_(bucket|count|sum)$/, '')));
      expect(unknown).toEqual([]);
      // Every Lianluo series is on the dashboard.
      const shown = new Set(asked.map((name) => name.replace(/_(bucket|count|sum)$/, '')));
      expect([...exported].filter((name) => name.startsWith('lianluo_') && !shown.has(name))).toEqual([]);
    });
  });
});
