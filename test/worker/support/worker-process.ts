// A worker (or any built entry point) as its own process, as production runs it: from dist/, configured by its
// environment alone, with its output kept for the test to read. Optionally in a cgroup v1 cpu group of its own,
// capped to a share of one core, to slow it on purpose.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rmdir, writeFile } from 'node:fs/promises';
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

// ---------------------------------------------------------------------------------------------------------------
// cgroup v1 cpu quota

const CPU_CGROUP_ROOT = '/sys/fs/cgroup/cpu';
const PERIOD_US = 100_000;

export interface CpuGroup {
  path: string;
  /** Moves the process into the group (and so under its quota). */
  add(pid: number): Promise<void>;
  /** Moves its processes back to the root group and removes the group. */
  remove(): Promise<void>;
}

/** Why a cpu group cannot be made here, or null when it can (cgroup v1 cpu controller, writable: root). */
export function cpuGroupsUnavailable(): string | null {
  if (!existsSync(join(CPU_CGROUP_ROOT, 'cpu.cfs_quota_us')))
    return `no cgroup v1 cpu controller at ${CPU_CGROUP_ROOT}`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'cpu groups need root';
  return null;
}

/** A cpu group whose processes together get at most `cores` of one core (0.2: 20 ms of every 100 ms). */
export async function createCpuGroup(name: string, cores: number): Promise<CpuGroup> {
  const path = join(CPU_CGROUP_ROOT, name);
  await mkdir(path);
  await writeFile(join(path, 'cpu.cfs_period_us'), String(PERIOD_US));
  await writeFile(join(path, 'cpu.cfs_quota_us'), String(Math.max(1000, Math.round(cores * PERIOD_US))));
  const members: number[] = [];
  return {
    path,
    async add(pid: number) {
      await writeFile(join(path, 'cgroup.procs'), String(pid));
      members.push(pid);
    },
    async remove() {
      // A process still running is moved out first (rmdir refuses a group with members); exited ones are gone.
      for (const pid of members) {
        await writeFile(join(CPU_CGROUP_ROOT, 'cgroup.procs'), String(pid)).catch(() => undefined);
      }
      await rmdir(path);
    },
  };
}
