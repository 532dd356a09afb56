// A worker (or any built entry point) as its own process, as production runs it: from dist/, configured by its
// environment alone, with its output kept for the test to read. (To slow one on purpose: createCpuGroup in
// @app/stack.)
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot, stopChild } from '@app/stack';

export const WORKER_ENTRY = join(findProjectRoot(), 'dist', 'apps', 'worker', 'src', 'main.js');

/** What apps/worker/src/run-worker.ts logs as it starts to poll (at LOG_LEVEL=log). */
export const POLLING = 'Worker polling task queue';

export interface NodeProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`; removes its cpu group, if any. */
  stop(graceMs?: number): Promise<void>;
}

export function assertBuilt(entry = WORKER_ENTRY): void {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" (npm test does)`);
}

/** Starts `entry` with exactly `env` (plus PATH and NODE_ENV=test). */
export function startNodeProcess(entry: string, env: Record<string, string | undefined>): NodeProcess {
  assertBuilt(entry);
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited, stop: (graceMs = 10_000) => stopChild(child, graceMs) };
}

/** What the app processes of one suite share: its database, SMTP catcher, task queue and Temporal namespace. */
export interface SuiteServices {
  databaseUrl: string;
  smtpUrl: string;
  taskQueue: string;
  namespace: string;
}

/** The environment of a worker or API process of the suite (quiet logs; links to a placeholder public URL). */
export function appEnv(services: SuiteServices): Record<string, string | undefined> {
  return {
    LOG_LEVEL: 'warn',
    DATABASE_URL: services.databaseUrl,
    SMTP_URL: services.smtpUrl,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: services.taskQueue,
    TEMPORAL_NAMESPACE: services.namespace,
    PUBLIC_URL: 'http://lianluo.test',
  };
}

/** SIGKILL, as a crash would, and wait until the process is gone. */
export async function killHard(process: NodeProcess): Promise<void> {
  const { child } = process;
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await process.exited;
}
