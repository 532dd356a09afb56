// `npm run county-year -- --runtime dev|server --workers N [--cpu-quota 0.2] [--working-day-seconds 2] [--seed 21]
// [--issues 279]`:
// a county's year (279 issues with replies, follow-ups, ratings, second handlings, urgings and escalations) played
// through the public API of a whole stack (as `npm start` runs it; `--runtime server` as `npm run start:cluster`,
// the official Temporal server on PostgreSQL), with N worker processes, each capped to a share of one core with
// --cpu-quota (cgroup v1, as root). Prints every published figure beside the one the plan implies, the 503s retried
// and the deadlocks PostgreSQL counted; exits 1 when a figure differs or a command failed.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { cpuGroupsUnavailable, createCpuGroup, findProjectRoot, stopChild, type CpuGroup } from '@app/stack';
import { startWholeStack } from './bench/whole-stack';
import { CountyYearDriver, figuresTable } from './county-year/driver';
import { countyYearPlan, expectedFigures, planLength } from './county-year/plan';

function say(message: string): void {
  process.stdout.write(`[county-year] ${message}\n`);
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function usage(problem: string): never {
  process.stderr.write(
    `${problem}\nusage: npm run county-year -- --runtime dev|server --workers N [--cpu-quota 0.2] ` +
      `[--working-day-seconds 2] [--seed 21] [--issues 279]\n`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  const runtime = option('runtime') ?? 'dev';
  if (runtime !== 'dev' && runtime !== 'server') usage('--runtime must be dev or server');
  const workers = Number(option('workers') ?? '1');
  if (!Number.isInteger(workers) || workers < 1) usage('--workers must be a whole number ≥ 1');
  const quotaText = option('cpu-quota');
  const quota = quotaText === undefined ? undefined : Number(quotaText);
  if (quota !== undefined && !(quota > 0 && quota <= 64)) usage('--cpu-quota must be a share of one core, e.g. 0.2');
  if (quota !== undefined && cpuGroupsUnavailable()) usage(`--cpu-quota: ${cpuGroupsUnavailable()}`);
  const workingDaySeconds = Number(option('working-day-seconds') ?? '2');
  if (!Number.isInteger(workingDaySeconds) || workingDaySeconds < 1) usage('--working-day-seconds: whole seconds ≥ 1');
  const seed = Number(option('seed') ?? '21');
  const issues = Number(option('issues') ?? '279');
  if (!Number.isInteger(issues) || issues < 1) usage('--issues must be a whole number ≥ 1');

  const plan = countyYearPlan({ seed, issues });
  say(
    `${plan.issues.length} issues over ${planLength(plan)} working days of ${workingDaySeconds} s, on the ` +
      `${runtime === 'server' ? 'official Temporal server on PostgreSQL' : 'Temporal dev server'} with ${workers} ` +
      `worker(s)${quota ? `, each capped to ${quota} of a core` : ''}`,
  );
  const stack = await startWholeStack(say, {
    runtime: runtime === 'server' ? 'cluster' : 'dev',
    env: { DEMO_WORKING_DAY_SECONDS: String(workingDaySeconds), STACK_WORKERS: '0' },
  });
  const children: ChildProcess[] = [];
  const groups: CpuGroup[] = [];
  let code = 1;
  try {
    for (let n = 1; n <= workers; n++) {
      const child = spawn(process.execPath, [join(findProjectRoot(), 'dist', 'apps', 'worker', 'src', 'main.js')], {
        env: stack.appEnv,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      children.push(child);
      if (quota !== undefined && child.pid !== undefined) {
        const group = await createCpuGroup(`lianluo-county-year-${process.pid}-${n}`, quota);
        groups.push(group);
        await group.add(child.pid);
      }
    }
    const deadlocks = async () =>
      Number(
        (
          await stack.db.query<{ n: string }>(
            `SELECT deadlocks::text AS n FROM pg_stat_database WHERE datname = 'lianluo'`,
          )
        ).rows[0]?.n ?? 0,
      );
    const before = await deadlocks();
    const driver = new CountyYearDriver({ baseUrl: stack.base, workingDaySeconds, say });
    const report = await driver.play(plan);
    const actual = await driver.figures(report.startedAt, report.finishedAt);
    const { table, differing } = figuresTable(expectedFigures(plan.issues), actual);
    // Counted by the backend that hit it, flushed to pg_stat_database within a second or so: a lower bound here.
    const deadlocked = (await deadlocks()) - before;
    process.stdout.write(`\n${table}\n\n`);
    say(`figures exact: ${25 - differing.length} of 25${differing.length ? ` (differ: ${differing.join(', ')})` : ''}`);
    say(`503 retried: ${JSON.stringify(report.retried503)}; 202 followed up: ${JSON.stringify(report.accepted202)}`);
    say(`commands received over half a working day behind the plan: ${report.behindPlan.length}`);
    say(`failures: ${report.failures.length}${report.failures.map((f) => `\n  ${f}`).join('')}`);
    say(`deadlocks counted by PostgreSQL: ${deadlocked}`);
    code = differing.length === 0 && report.failures.length === 0 && deadlocked === 0 ? 0 : 1;
  } finally {
    await Promise.all(children.map((child) => stopChild(child, 30_000)));
    for (const group of groups) await group.remove();
    await stack.stop();
  }
  process.exit(code);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[county-year] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
