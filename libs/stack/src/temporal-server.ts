// Owns the official Temporal server on PostgreSQL (the production shape, as docker-compose.yml runs it), built from the
// Go module proxy by scripts/build-temporal-server.js: its two databases and their schema, its config, its process.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { Client as PgClient } from 'pg';
import { SEARCH_ATTRIBUTES } from '@app/contracts';
import { postgresServerAt } from './embedded-postgres';
import { freePortBelow } from './free-port';
import { findProjectRoot } from './project-root';
import { collectOutput, stopChild, waitForFrontend, type RunningTemporal } from './temporal-dev-server';

/** The server keeps its ports in SMALLINT columns (cluster_membership): they must be below 32768. */
const serverPort = () => freePortBelow(32_767);

interface PinnedServer {
  version: string;
}

/** The pinned version (scripts/temporal-server.json, the one place it is written) and where bootstrap builds it. */
export function temporalServerBuild(): { version: string; dir: string; server: string; sqlTool: string } {
  const root = findProjectRoot();
  const { version } = JSON.parse(readFileSync(join(root, 'scripts', 'temporal-server.json'), 'utf8')) as PinnedServer;
  const dir = process.env.TEMPORAL_SERVER_DIR ?? join(root, '.tools', `temporal-server-${version}`);
  return {
    version,
    dir,
    server: join(dir, 'bin', 'temporal-server'),
    sqlTool: join(dir, 'bin', 'temporal-sql-tool'),
  };
}

/** Fails with what to run when the server has not been built. */
export function assertTemporalServerBuilt(): ReturnType<typeof temporalServerBuild> {
  const build = temporalServerBuild();
  if (!existsSync(join(build.dir, '.built')) || !existsSync(build.server) || !existsSync(build.sqlTool)) {
    throw new Error(
      `The Temporal server ${build.version} is not built in ${build.dir}: run ` +
        '"node scripts/bootstrap.js --with-temporal-server" (npm test does; needs Go), or set TEMPORAL_SERVER_DIR',
    );
  }
  return build;
}

export interface TemporalServerOptions {
  /** The PostgreSQL server that holds Temporal's two databases (created and migrated here when missing). */
  postgres: { urlFor(database: string): string };
  /** Config, dynamic config and nothing else: the history lives in PostgreSQL. */
  dataDir: string;
  /** Frontend gRPC port; a free one when absent. The other services' ports are always free ones. */
  port?: number;
  namespace?: string;
  /** How long a closed workflow's history is kept, e.g. '3d' (the default); docker-compose.yml keeps 30d. */
  retention?: Duration;
  /** Database names; distinct names let several servers share one PostgreSQL (as test suites do). */
  databases?: { temporal: string; visibility: string };
  /** Prometheus metrics on this port of 127.0.0.1; off when absent. */
  metricsPort?: number;
  log?: (line: string) => void;
}

export interface RunningTemporalServer extends RunningTemporal {
  namespace: string;
  pid: number;
}

/**
 * Values only a development or test server wants, appended to the deployment's own dynamic config
 * (deploy/temporal/dynamicconfig/lianluo.yaml, which docker-compose.yml mounts) so both run on the same limits.
 */
const LOCAL_DYNAMIC_CONFIG = `
# ---- Added by libs/stack/src/temporal-server.ts for a development or test server only ----
# A search attribute registered a moment ago is usable at once instead of after the cache's next refresh (60 s), as on
# the dev server. Costs a metadata read per miss, which a production server should not pay.
system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
    constraints: {}
`;

/** The deployment's dynamic config file, which docker-compose.yml mounts into its temporal service. */
export const DEPLOYED_DYNAMIC_CONFIG = join('deploy', 'temporal', 'dynamicconfig', 'lianluo.yaml');

/** The dynamic config a local server runs on: the deployment's, then the development-only keys. */
export function localDynamicConfig(): string {
  return readFileSync(join(findProjectRoot(), DEPLOYED_DYNAMIC_CONFIG), 'utf8') + LOCAL_DYNAMIC_CONFIG;
}

/** Fixed for the life of the databases; docker-compose.yml's NUM_HISTORY_SHARDS must say the same. */
export const TEMPORAL_HISTORY_SHARDS = 4;

export async function startTemporalServer(options: TemporalServerOptions): Promise<RunningTemporalServer> {
  const build = assertTemporalServerBuilt();
  const log = options.log ?? (() => undefined);
  const namespace = options.namespace ?? 'default';
  const databases = options.databases ?? { temporal: 'temporal', visibility: 'temporal_visibility' };
  await mkdir(options.dataDir, { recursive: true });

  const connection = new URL(options.postgres.urlFor('postgres'));
  const sql = {
    host: connection.hostname,
    port: Number(connection.port || 5432),
    user: decodeURIComponent(connection.username),
    password: decodeURIComponent(connection.password),
  };
  await prepareDatabase(build, options.postgres, sql, databases.temporal, 'temporal');
  await prepareDatabase(build, options.postgres, sql, databases.visibility, 'visibility');

  const port = options.port ?? (await serverPort());
  const dynamicConfigFile = join(options.dataDir, 'dynamicconfig.yaml');
  await writeFile(dynamicConfigFile, localDynamicConfig());
  const configFile = join(options.dataDir, 'config.yaml');
  // JSON is YAML: no YAML writer needed. Shaped like the module's config/development-postgres12.yaml.
  await writeFile(
    configFile,
    JSON.stringify(
      await serverConfig({ port, sql, databases, dynamicConfigFile, metricsPort: options.metricsPort }),
      null,
      2,
    ),
  );

  const started = Date.now();
  const child = spawn(build.server, ['--config-file', configFile, '--allow-no-auth', 'start'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child, log);
  const address = `127.0.0.1:${port}`;
  try {
    await waitForFrontend(address, child, output, 'Temporal server');
    await registerNamespace(address, namespace, options.retention ?? '3d');
  } catch (error) {
    await stopChild(child, 2000);
    throw error;
  }
  log(`Temporal server ${build.version} ready on ${address} in ${Date.now() - started} ms (pid ${child.pid})`);
  return { address, namespace, pid: child.pid!, stop: () => stopChild(child, 15_000) };
}

interface SqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** Creates the database when missing, then brings its schema to the newest version the build carries. Idempotent. */
async function prepareDatabase(
  build: ReturnType<typeof temporalServerBuild>,
  postgres: TemporalServerOptions['postgres'],
  sql: SqlTarget,
  database: string,
  schema: 'temporal' | 'visibility',
): Promise<void> {
  const tool = (...args: string[]) => {
    const result = spawnSync(
      build.sqlTool,
      ['--ep', sql.host, '-p', String(sql.port), '-u', sql.user, '--pl', 'postgres12', '--db', database, ...args],
      // The password goes through the environment, not the command line that `ps` shows.
      { encoding: 'utf8', env: { ...process.env, SQL_PASSWORD: sql.password } },
    );
    // It logs every statement at DEBUG: worth reading only when it fails.
    if (result.status !== 0) {
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
      throw new Error(`temporal-sql-tool ${args[0]} on ${database} failed (${result.status}):\n${output.slice(-4000)}`);
    }
  };
  const admin = new PgClient({ connectionString: postgres.urlFor('postgres') });
  await admin.connect();
  let exists: boolean;
  try {
    exists = ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount ?? 0) > 0;
  } finally {
    await admin.end();
  }
  if (!exists) tool('create-database');
  // Version tables only; a no-op on a database already past 0.0.
  tool('setup-schema', '-v', '0.0');
  // Applies each versioned step newer than the database's; nothing when it is current.
  tool('update-schema', '-d', join(build.dir, 'schema', 'postgresql', 'v12', schema, 'versioned'));
}

async function serverConfig(input: {
  port: number;
  sql: SqlTarget;
  databases: { temporal: string; visibility: string };
  dynamicConfigFile: string;
  metricsPort?: number;
}): Promise<Record<string, unknown>> {
  const { sql } = input;
  const datastore = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${sql.host}:${sql.port}`,
      connectProtocol: 'tcp',
      user: sql.user,
      password: sql.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  // All four services in one process, as the reference config runs them; each needs its own gRPC and membership port.
  const rpc = async (grpcPort: number) => ({
    rpc: { grpcPort, membershipPort: await serverPort(), bindOnLocalHost: true },
  });
  const frontend = await rpc(input.port);
  return {
    log: { stdout: true, level: 'warn', format: 'json' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: TEMPORAL_HISTORY_SHARDS,
      datastores: {
        'postgres-default': datastore(input.databases.temporal, 20),
        'postgres-visibility': datastore(input.databases.visibility, 4),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      ...(input.metricsPort
        ? { metrics: { prometheus: { framework: 'tally', listenAddress: `127.0.0.1:${input.metricsPort}` } } }
        : {}),
    },
    services: {
      // The HTTP API's port too: left out, it would default to 7243 and collide with the next server on this machine.
      frontend: { rpc: { ...frontend.rpc, httpPort: await serverPort() } },
      matching: await rpc(await serverPort()),
      history: await rpc(await serverPort()),
      worker: await rpc(await serverPort()),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${input.port}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: input.dynamicConfigFile, pollInterval: '10s' },
  };
}

/**
 * The namespace and Lianluo's search attributes, as deploy/temporal/create-namespace.sh makes them for compose. An
 * existing namespace keeps its retention, and an attribute that exists with the same type is skipped by the server.
 */
export async function registerNamespace(address: string, namespace: string, retention: Duration): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs(retention),
      });
    } catch (error) {
      if (!isGrpcCode(error, 6 /* ALREADY_EXISTS */)) throw error;
    }
    // A new namespace reaches the frontend's namespace cache within its refresh interval (2 s); until then the
    // operator service answers NOT_FOUND. Wait for that, not for a fixed time.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await connection.operatorService.addSearchAttributes({
          namespace,
          searchAttributes: Object.fromEntries(
            Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, INDEXED_VALUE_TYPE[type]]),
          ),
        });
        break;
      } catch (error) {
        if (!isGrpcCode(error, 5 /* NOT_FOUND */) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await connection.close();
  }
}

/** temporal.api.enums.v1.IndexedValueType, for the types SEARCH_ATTRIBUTES uses. */
const INDEXED_VALUE_TYPE: Record<(typeof SEARCH_ATTRIBUTES)[string], number> = { Keyword: 2, Int: 3, Datetime: 6 };

function isGrpcCode(error: unknown, code: number): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/**
 * Creates one of Temporal's databases on a server given by any database URL on it, at the schema version this build
 * carries (what a restore of a backup needs before its rows go in). Idempotent.
 */
export async function prepareTemporalDatabase(
  serverUrl: string,
  database: string,
  schema: 'temporal' | 'visibility',
): Promise<void> {
  const connection = new URL(serverUrl);
  await prepareDatabase(
    assertTemporalServerBuilt(),
    postgresServerAt(serverUrl),
    {
      host: connection.hostname,
      port: Number(connection.port || 5432),
      user: decodeURIComponent(connection.username),
      password: decodeURIComponent(connection.password),
    },
    database,
    schema,
  );
}
