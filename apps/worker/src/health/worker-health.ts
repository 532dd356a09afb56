// Owns the worker's own health, for an orchestrator that restarts a wedged worker: liveness (the Temporal worker has
// not failed or stopped) and readiness (it is running, both pollers poll, and Temporal answered its connection
// recently), with the SDK's status (in-flight tasks, heartbeating activities, cached workflows) in the body.
// Served by a bare HTTP server: the worker is an application context, not an HTTP app.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import type { NativeConnection, Worker, WorkerStatus } from '@temporalio/worker';
import { PROMETHEUS_CONTENT_TYPE } from '@app/observability';

/** How often the worker's connection asks Temporal for its system info, to know that Temporal still answers. */
export const TEMPORAL_CONTACT_INTERVAL_MS = 2000;
/** Not ready when Temporal has not answered the worker's connection for this long. */
export const TEMPORAL_CONTACT_WINDOW_MS = 10_000;
const TEMPORAL_CONTACT_TIMEOUT_MS = 1000;

/** What /health/ready reports of the worker beside its status: when it last heard from Temporal, last finished a task. */
export interface WorkerActivity {
  lastTemporalContact: string | null;
  lastActivityFinished: string | null;
}

export class WorkerHealth {
  private readonly indicators = new HealthIndicatorService();
  private worker?: Worker;
  private lastContactAt?: number;
  private lastActivityAt?: number;
  private contactTimer?: NodeJS.Timeout;
  private contacting = false;
  private connection?: NativeConnection;

  /** For the heartbeat interceptor: an activity ended here. */
  readonly activityEnded = (): void => {
    this.lastActivityAt = Date.now();
  };

  /** Starts watching `worker`, and Temporal through the worker's `connection`. */
  watch(worker: Worker, connection: NativeConnection): void {
    this.worker = worker;
    this.connection = connection;
    void this.contactTemporal();
    this.contactTimer = setInterval(() => void this.contactTemporal(), TEMPORAL_CONTACT_INTERVAL_MS);
    this.contactTimer.unref();
  }

  stop(): void {
    clearInterval(this.contactTimer);
  }

  live(): HealthCheckResult {
    const status = this.worker?.getStatus();
    const session = this.indicators.check('worker');
    if (!status) return result([session.down({ message: 'the Temporal worker is not created yet' })]);
    const alive = status.runState !== 'FAILED' && status.runState !== 'STOPPED';
    return result([
      alive
        ? session.up({ runState: status.runState })
        : session.down({ runState: status.runState, message: `the Temporal worker is ${status.runState}` }),
    ]);
  }

  ready(now = Date.now()): HealthCheckResult {
    const status = this.worker?.getStatus();
    const activity: WorkerActivity = {
      lastTemporalContact: iso(this.lastContactAt),
      lastActivityFinished: iso(this.lastActivityAt),
    };
    const worker = this.indicators.check('worker');
    const temporal = this.indicators.check('temporal');
    if (!status) return result([worker.down({ message: 'the Temporal worker is not created yet' })]);
    const problem = workerProblem(status);
    const contactAge = this.lastContactAt === undefined ? undefined : now - this.lastContactAt;
    return result([
      problem ? worker.down({ ...status, ...activity, message: problem }) : worker.up({ ...status, ...activity }),
      contactAge !== undefined && contactAge <= TEMPORAL_CONTACT_WINDOW_MS
        ? temporal.up({ lastContactMsAgo: contactAge })
        : temporal.down({
            lastContactMsAgo: contactAge ?? null,
            message: `Temporal has not answered the worker for over ${TEMPORAL_CONTACT_WINDOW_MS / 1000} s`,
          }),
    ]);
  }

  /** One contact at a time: a Temporal that hangs gets one pending request, not one per interval. */
  private async contactTemporal(): Promise<void> {
    const connection = this.connection;
    if (this.contacting || !connection) return;
    this.contacting = true;
    try {
      await connection.withDeadline(Date.now() + TEMPORAL_CONTACT_TIMEOUT_MS, () =>
        connection.workflowService.getSystemInfo({}),
      );
      this.lastContactAt = Date.now();
    } catch {
      // Not ready until Temporal answers again: readiness reports how long ago it last did.
    } finally {
      this.contacting = false;
    }
  }
}

function workerProblem(status: WorkerStatus): string | undefined {
  if (status.runState !== 'RUNNING') return `the Temporal worker is ${status.runState}`;
  if (status.workflowPollerState !== 'POLLING') return `the workflow poller is ${status.workflowPollerState}`;
  if (status.activityPollerState !== 'POLLING') return `the activity poller is ${status.activityPollerState}`;
  return undefined;
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

/** Terminus's body: every indicator under `details`, the up ones under `info`, the down ones under `error`. */
function result(indicators: HealthIndicatorResult[]): HealthCheckResult {
  const details = Object.assign({}, ...indicators) as HealthIndicatorResult;
  const pick = (up: boolean) =>
    Object.fromEntries(Object.entries(details).filter(([, value]) => (value.status === 'up') === up));
  const failed = pick(false);
  return { status: Object.keys(failed).length > 0 ? 'error' : 'ok', info: pick(true), error: failed, details };
}

/**
 * Serves GET /health/live, /health/ready and /health (= ready) on `port` (0: any free port) of `host`, and GET /metrics
 * (Prometheus' text format) when `metrics` is given.
 */
export async function serveWorkerHealth(
  health: WorkerHealth,
  host: string,
  port: number,
  metrics?: () => Promise<string>,
): Promise<Server> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0];
    if (metrics && request.method === 'GET' && path === '/metrics') {
      metrics().then(
        (text) =>
          response.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' }).end(text),
        (error: unknown) =>
          response
            .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
            .end(`metrics failed: ${String(error)}`),
      );
      return;
    }
    const body =
      request.method !== 'GET'
        ? undefined
        : path === '/health/live'
          ? health.live()
          : path === '/health/ready' || path === '/health'
            ? health.ready()
            : undefined;
    if (!body) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
      return;
    }
    response
      .writeHead(body.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
