// `npm start`: the whole system on one machine. Starts what is not configured from outside (PostgreSQL,
// Temporal, an SMTP catcher), migrates, loads the demo data, runs the worker and the API, prints the URLs.
// Ctrl-C stops everything in reverse order. Data lives in .data/ and is reused by the next start.
// A worker or API that crashes is restarted (with a back-off; after 5 crashes in a minute the stack gives up and
// stops); if the PostgreSQL or Temporal it started stops answering, the stack says so and exits 1 instead of hanging.
//
// `npm run start:cluster` (--cluster) is the production shape on one machine: the official Temporal server (built by
// `node scripts/bootstrap.js --with-temporal-server`) keeping its history in the same PostgreSQL as Lianluo, two
// workers on one task queue and two API replicas, on PORT and API_REPLICA_PORT (PORT + 1 unless set).
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@app/config';
import { migrate, seedDemoData } from '@app/database';
import { MailCatcher } from '@app/mail';
import {
  EMBEDDED_POSTGRES_PORT,
  findProjectRoot,
  RestartPolicy,
  startEmbeddedPostgres,
  startTemporalDevServer,
  startTemporalServer,
  stopChild,
  type RunningPostgres,
} from '@app/stack';

const root = findProjectRoot();
const dataDir = process.env.LIANLUO_DATA_DIR ?? join(root, '.data');
const stops: { name: string; stop: () => Promise<void> }[] = [];
const cluster = process.argv.includes('--cluster');
/** The services this stack started, watched while it runs: name → host:port. */
const watched: { name: string; address: string }[] = [];
/** Watched services found dead. */
const dead = new Set<string>();

function say(message: string): void {
  process.stdout.write(`[stack] ${message}\n`);
}

function envPort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError([`${name} must be a port (1-65535)`]);
  return port;
}

async function startServices(env: NodeJS.ProcessEnv): Promise<{ temporalUi?: string; mailbox: boolean }> {
  let temporalUi: string | undefined;
  let mailbox = false;
  let postgres: RunningPostgres | undefined;
  if (!env.DATABASE_URL) {
    say(`PostgreSQL: embedded, data in ${join(dataDir, 'postgres')}`);
    postgres = await startEmbeddedPostgres({
      dataDir: join(dataDir, 'postgres'),
      port: envPort('EMBEDDED_POSTGRES_PORT', EMBEDDED_POSTGRES_PORT),
    });
    const started = postgres;
    stops.push({ name: 'PostgreSQL', stop: () => started.stop() });
    env.DATABASE_URL = postgres.url;
    watched.push({ name: 'PostgreSQL', address: `127.0.0.1:${new URL(postgres.url).port}` });
  } else say('PostgreSQL: DATABASE_URL (external)');

  if (!env.TEMPORAL_ADDRESS && cluster) {
    // The server's own databases (temporal, temporal_visibility) beside Lianluo's, as docker-compose.yml keeps them.
    if (!postgres) throw new ConfigError(['--cluster keeps Temporal in the embedded PostgreSQL: unset DATABASE_URL']);
    say(`Temporal: the official server on PostgreSQL (databases temporal, temporal_visibility)`);
    const temporal = await startTemporalServer({
      postgres,
      dataDir: join(dataDir, 'temporal-server'),
      port: envPort('EMBEDDED_TEMPORAL_PORT', 7233),
      namespace: env.TEMPORAL_NAMESPACE || 'default',
      retention: '30d',
      log: (line) => process.stdout.write(`[temporal] ${line}\n`),
    });
    stops.push({ name: 'Temporal', stop: () => temporal.stop() });
    env.TEMPORAL_ADDRESS = temporal.address;
    watched.push({ name: 'Temporal', address: temporal.address });
  } else if (!env.TEMPORAL_ADDRESS) {
    say(`Temporal: dev server from .tools/venv, history in ${join(dataDir, 'temporal.sqlite')}`);
    const temporal = await startTemporalDevServer({
      port: envPort('EMBEDDED_TEMPORAL_PORT', 7233),
      uiPort: envPort('EMBEDDED_TEMPORAL_UI_PORT', 8233),
      dbFile: join(dataDir, 'temporal.sqlite'),
      log: (line) => process.stdout.write(`[temporal] ${line}\n`),
    });
    stops.push({ name: 'Temporal', stop: () => temporal.stop() });
    env.TEMPORAL_ADDRESS = temporal.address;
    watched.push({ name: 'Temporal', address: temporal.address });
    temporalUi = temporal.uiUrl;
  } else say(`Temporal: ${env.TEMPORAL_ADDRESS} (external)`);

  if (!env.SMTP_URL) {
    const dir = join(dataDir, 'mail');
    const catcher = await new MailCatcher({
      port: envPort('EMBEDDED_SMTP_PORT', 1025),
      dir,
      onClientError: (error) => say(`SMTP catcher: a client's connection failed (${error.message}); still serving`),
    }).start();
    say(`SMTP: embedded catcher on ${catcher.url}, messages in ${dir}`);
    stops.push({ name: 'SMTP catcher', stop: () => catcher.stop() });
    env.SMTP_URL = catcher.url;
    env.DEV_MAILBOX_DIR = dir;
    mailbox = true;
  } else say('SMTP: SMTP_URL (external)');
  return { temporalUi, mailbox };
}

/** Runs a worker or API from dist/, restarting it when it crashes (see RestartPolicy), until the stack stops. */
function startApp(name: string, entry: string, env: NodeJS.ProcessEnv): void {
  const policy = new RestartPolicy();
  let child: ChildProcess | undefined;
  const run = () => {
    const started = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist', entry)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    say(`${name} started (pid ${started.pid})`);
    const prefix = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) stream.write(`[${name}] ${line}\n`);
    };
    started.stdout?.on('data', prefix(process.stdout));
    started.stderr?.on('data', prefix(process.stderr));
    started.once('exit', (code, signal) => {
      if (shuttingDown) return;
      const { delayMs, crashes } = policy.crashed();
      if (delayMs === undefined) {
        say(`${name} exited (${signal ?? code}), ${crashes} times within a minute; giving up, stopping everything`);
        void shutdown(1);
        return;
      }
      say(`${name} exited (${signal ?? code}); restarting it in ${delayMs} ms (crash ${crashes} within a minute)`);
      setTimeout(() => {
        if (!shuttingDown) run();
      }, delayMs);
    });
  };
  run();
  stops.push({ name, stop: async () => (child ? stopChild(child) : undefined) });
}

/** True when something accepts a TCP connection at host:port within `timeoutMs`. */
function answers(address: string, timeoutMs = 2000): Promise<boolean> {
  const [host, port] = [
    address.slice(0, address.lastIndexOf(':')),
    Number(address.slice(address.lastIndexOf(':') + 1)),
  ];
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Watches the PostgreSQL and Temporal this stack started: one that stops accepting connections three checks in a
 * row (about 3 s) is dead, and the worker and API would only wait for it, so the stack says which and exits 1.
 */
function watchServices(): void {
  const misses = new Map<string, number>();
  let checking = false;
  const timer = setInterval(() => {
    if (checking || shuttingDown) return;
    checking = true;
    void Promise.all(
      watched.map(async ({ name, address }) => {
        const missed = (await answers(address)) ? 0 : (misses.get(name) ?? 0) + 1;
        misses.set(name, missed);
        if (missed === 3 && !shuttingDown) {
          dead.add(name);
          say(`${name} at ${address} stopped answering: it died. Stopping everything (see its log above)`);
          void shutdown(1);
        }
      }),
    ).finally(() => (checking = false));
  }, 1000);
  timer.unref();
}

async function waitForHealth(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} was not healthy within ${timeoutMs / 1000} s: ${last}`);
}

let shuttingDown = false;
async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  process.exitCode = code;
  say('stopping…');
  for (const { name, stop } of stops.reverse()) {
    // A service that died is not stopped again: its library would wait for an exit that already happened.
    if (dead.has(name)) continue;
    await stop().catch((error: unknown) => say(`${name} did not stop cleanly: ${String(error)}`));
  }
  say('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  const env: NodeJS.ProcessEnv = { ...process.env };
  const { temporalUi, mailbox } = await startServices(env);
  const config = loadConfig(env); // validate before starting anything that reads it

  say('database: applying migrations');
  const dataSource = await migrate(config.DATABASE_URL);
  try {
    if (process.env.LIANLUO_DEMO_DATA !== 'false') {
      say('database: loading demo data (Yueyang county)');
      const counts = await seedDemoData(dataSource);
      say(`database: demo data ${JSON.stringify(counts)}`);
    }
  } finally {
    await dataSource.destroy();
  }

  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  const base = `http://${host}:${config.PORT}`;
  const replicas: string[] = [];
  // Each worker answers GET /health/live and /health/ready on a port of its own (the next one for worker-2, …).
  const workerHealthPort = envPort('WORKER_HEALTH_PORT', config.PORT + 100);
  const workerHealth = (n: number) => ({ ...env, WORKER_HEALTH_PORT: String(workerHealthPort + n) });
  // STACK_WORKERS: how many worker processes (default 1, or 2 with --cluster); 0 for a tool that starts its own.
  const workers = process.env.STACK_WORKERS ? Number(process.env.STACK_WORKERS) : cluster ? 2 : 1;
  if (!Number.isInteger(workers) || workers < 0) throw new ConfigError(['STACK_WORKERS must be a whole number ≥ 0']);
  for (let n = 1; n <= workers; n++) {
    startApp(workers === 1 ? 'worker' : `worker-${n}`, 'apps/worker/src/main.js', workerHealth(n - 1));
  }
  if (cluster) {
    // Two API replicas, as a deployment scales them: they share nothing but the database.
    startApp('api-1', 'apps/api/src/main.js', env);
    const replicaPort = envPort('API_REPLICA_PORT', config.PORT + 1);
    startApp('api-2', 'apps/api/src/main.js', { ...env, PORT: String(replicaPort) });
    replicas.push(`http://${host}:${replicaPort}`);
  } else {
    startApp('api', 'apps/api/src/main.js', env);
  }
  watchServices();
  await Promise.all([base, ...replicas].map((url) => waitForHealth(`${url}/health`)));

  const lines = [
    '',
    cluster
      ? '联络 Lianluo is running (cluster: real Temporal server, 2 workers, 2 API replicas):'
      : '联络 Lianluo is running:',
    `  App           ${base}/`,
    ...replicas.map((url) => `  App replica   ${url}/`),
    `  Health        ${base}/health/live, ${base}/health/ready`,
    ...(workers > 0
      ? [
          `  Worker health http://${host}:${workerHealthPort}/health/ready` +
            (workers > 1 ? ` (worker-n: port ${workerHealthPort} + n - 1)` : ''),
        ]
      : []),
    `  Metrics       ${base}/metrics` + (workers > 0 ? `, http://${host}:${workerHealthPort}/metrics (worker)` : ''),
    ...(mailbox ? [`  Dev mailbox   ${base}/dev/mail`] : []),
    ...(temporalUi ? [`  Temporal UI   ${temporalUi}`] : []),
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch(async (error: unknown) => {
  process.stderr.write(`[stack] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
});
