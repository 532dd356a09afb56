// A cgroup v1 cpu group: processes in it together get at most a share of one core (cpu.cfs_quota_us over
// cpu.cfs_period_us), to show what a slow or starved worker does. Needs the cpu controller mounted and root.
import { existsSync } from 'node:fs';
import { mkdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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
