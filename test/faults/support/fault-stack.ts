// The stack the fault suite breaks: `npm start`'s own script (dist/scripts/stack.js: migrations, demo data, workers
// and APIs restarted when they crash) in front of services the suite starts itself, so that it can kill and restart
// them — the stack exits when a PostgreSQL or Temporal it started dies, by design. On the dev runtime: the Temporal
// dev server (its SQLite history on disk), one worker, one API. On `server`: the official Temporal server keeping its
// history in the same PostgreSQL as Lianluo (so stopping PostgreSQL stops both), `--cluster`: two workers, two APIs.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as TemporalClient, Connection, ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { issueWorkflowId } from '@app/contracts';
import { MailCatcher } from '@app/mail';
import {
  assertTemporalServerBuilt,
  freePort,
  freePortBelow,
  postgresServerAt,
  startTemporalDevServer,
  startTemporalServer,
  type RunningTemporal,
} from '@app/stack';
import { startPostgresProcess, type PostgresProcess } from '../../support/postgres-process';
import { pidOf, startStack, stopStack, type StackProcess } from '../../support/stack-process';
import { until, untilExited } from '../../support/until';

/** gRPC's status code UNAVAILABLE. */
const GRPC_UNAVAILABLE = 14;

export type Runtime = 'dev' | 'server';

export interface App {
  /** The stack's name for it: api, worker (dev) or api-1, api-2, worker-1, worker-2 (cluster). */
  name: string;
  /** Where it answers /health/live and /health/ready. */
  health: string;
  /** An API's base URL. */
  base?: string;
}

export class FaultStack {
  readonly mail = new MailCatcher();
  apis: App[] = [];
  workers: App[] = [];
  private dir = '';
  private postgres?: PostgresProcess;
  private postgresPort = 0;
  private temporal?: RunningTemporal;
  private temporalPort = 0;
  private stack?: StackProcess;
  databaseUrl = '';

  constructor(readonly runtime: Runtime) {}

  async start(): Promise<void> {
    if (this.runtime === 'server') assertTemporalServerBuilt();
    this.dir = await mkdtemp(join(tmpdir(), 'lianluo-faults-'));
    await chmod(this.dir, 0o755); // as root, PostgreSQL runs as `postgres`, which must reach its folder
    this.postgresPort = await freePort();
    // The real server keeps ports in SMALLINT columns: below 32768.
    this.temporalPort = this.runtime === 'server' ? await freePortBelow(32_767) : await freePort();
    await this.startPostgres();
    this.databaseUrl = await this.postgres!.createDatabase('lianluo');
    await this.startTemporal();
    await this.mail.start();

    const [port, replicaPort, workerHealthPort] = [await freePort(), await freePort(), await freePort()];
    const cluster = this.runtime === 'server';
    this.stack = await startStack(
      {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LIANLUO_DATA_DIR: join(this.dir, 'stack'),
        PORT: String(port),
        API_REPLICA_PORT: String(replicaPort),
        WORKER_HEALTH_PORT: String(workerHealthPort),
        DATABASE_URL: this.databaseUrl,
        TEMPORAL_ADDRESS: `127.0.0.1:${this.temporalPort}`,
        SMTP_URL: this.mail.url,
        LOG_LEVEL: 'warn',
        // Mail retried within seconds, so the suite sees the outbox drain after the SMTP faults.
        MAIL_RETRY_MIN_SECONDS: '1',
        MAIL_RETRY_MAX_SECONDS: '2',
        // One client address sends everything here: the per-address limits are not what is under test.
        RATE_LIMIT_PER_MINUTE: '100000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
        LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
      },
      cluster ? ['--cluster'] : [],
    );
    const worker = (n: number) => `http://127.0.0.1:${workerHealthPort + n}`;
    if (cluster) {
      this.apis = [
        { name: 'api-1', base: `http://127.0.0.1:${port}`, health: `http://127.0.0.1:${port}` },
        { name: 'api-2', base: `http://127.0.0.1:${replicaPort}`, health: `http://127.0.0.1:${replicaPort}` },
      ];
      this.workers = [
        { name: 'worker-1', health: worker(0) },
        { name: 'worker-2', health: worker(1) },
      ];
    } else {
      this.apis = [{ name: 'api', base: `http://127.0.0.1:${port}`, health: `http://127.0.0.1:${port}` }];
      this.workers = [{ name: 'worker', health: worker(0) }];
    }
    await this.ready();
  }

  output(): string {
    return this.stack?.output() ?? '';
  }

  /** Every app answers /health/ready 200 (its dependencies answer). */
  async ready(timeoutMs = 120_000): Promise<void> {
    for (const app of [...this.apis, ...this.workers]) {
      await until(
        `${app.name} ready`,
        async () => ((await statusOf(`${app.health}/health/ready`)) === 200 ? true : undefined),
        timeoutMs,
        200,
      );
    }
  }

  /** Sends `signal` to the app's process, and waits until the stack has started it again and it is ready. */
  async kill(app: App, signal: NodeJS.Signals): Promise<void> {
    const pid = pidOf(this.output(), app.name);
    if (pid === undefined) throw new Error(`no pid of ${app.name} in the stack's output`);
    process.kill(pid, signal);
    await until(
      `${app.name} restarted by the stack`,
      () => {
        const next = pidOf(this.output(), app.name);
        return next !== undefined && next !== pid ? true : undefined;
      },
      60_000,
      100,
    );
  }

  async startPostgres(): Promise<void> {
    this.postgres = await startPostgresProcess(join(this.dir, 'postgres'), this.postgresPort);
  }

  async stopPostgresImmediately(): Promise<void> {
    await this.postgres!.stopImmediately();
  }

  async startTemporal(): Promise<void> {
    this.temporal =
      this.runtime === 'server'
        ? await startTemporalServer({
            postgres: postgresServerAt(this.postgres!.url),
            dataDir: join(this.dir, 'temporal-server'),
            port: this.temporalPort,
          })
        : await startTemporalDevServer({ port: this.temporalPort, dbFile: join(this.dir, 'temporal.sqlite') });
  }

  /** SIGKILL, as a crash or the OOM killer would. */
  async killTemporal(): Promise<void> {
    const pid = this.temporal!.pid!;
    process.kill(pid, 'SIGKILL');
    await untilExited(pid, 'Temporal');
  }

  /** A query on a connection of its own, so the helper survives PostgreSQL's restarts. */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new PgClient({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /**
   * Which of these issues have no workflow (each checked on a connection of its own); undefined while Temporal cannot
   * tell yet — a real server just restarted answers UNAVAILABLE ("Not enough hosts to serve the request") until its
   * history service owns its shards again.
   */
  async withoutWorkflow(issueIds: string[]): Promise<string[] | undefined> {
    const connection = await Connection.connect({ address: `127.0.0.1:${this.temporalPort}` });
    try {
      const client = new TemporalClient({ connection });
      const missing: string[] = [];
      for (const id of issueIds) {
        try {
          await client.workflow.getHandle(issueWorkflowId(id)).describe();
        } catch (error) {
          if (
            error instanceof ServiceError &&
            (error.cause as { code?: unknown } | undefined)?.code === GRPC_UNAVAILABLE
          ) {
            return undefined;
          }
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          missing.push(id);
        }
      }
      return missing;
    } finally {
      await connection.close();
    }
  }

  async close(): Promise<void> {
    if (this.stack) await stopStack(this.stack);
    await this.temporal?.stop().catch(() => undefined);
    await this.postgres?.stop().catch(() => undefined);
    await this.mail.stop().catch(() => undefined);
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

export async function statusOf(url: string): Promise<number | undefined> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5000) })).status;
  } catch {
    return undefined;
  }
}
