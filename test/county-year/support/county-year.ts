// What every county-year suite does: play the plan through the API, wait until every issue is where the plan says
// it ends, read the county's published figures, and set them beside the plan's own; plus the deadlocks PostgreSQL
// counted in the suite's database (pg_stat_database is per database, and the embedded server is shared by suites).
import { Client } from 'pg';
import { CountyYearDriver, figuresTable, type DriverReport } from '../../../scripts/county-year/driver';
import { countyYearPlan, expectedFigures, planLength, type Figures } from '../../../scripts/county-year/plan';
import { testServerUrl } from '../../support/database';
import { eventually, PUBLIC_URL, type IssueTestApp } from '../../issues/support/issue-app';
import { POLLING, startNodeProcess, WORKER_ENTRY, type NodeProcess } from '../../worker/support/worker-process';
import { createCpuGroup, type CpuGroup } from '@app/stack';

/** Seconds per working day on the demo clock: a margin of one working day is 2 s, far above any stamping jitter. */
export const WORKING_DAY_SECONDS = 2;

/**
 * The county-year suites run when LIANLUO_COUNTY_YEAR=1 (about 3 minutes each, and they need the machine's cores:
 * on a machine shared by several test runs the workers fall more than the 5 s admission window behind, commands
 * answer 503 and are judged at their resend, so the run no longer follows the plan). LIANLUO_COUNTY_YEAR_ISSUES
 * plays a smaller county (default 279 issues).
 */
export const COUNTY_YEAR_ENABLED = process.env.LIANLUO_COUNTY_YEAR === '1';

function plan() {
  const issues = Number(process.env.LIANLUO_COUNTY_YEAR_ISSUES ?? '279');
  if (!Number.isInteger(issues) || issues < 1) throw new Error('LIANLUO_COUNTY_YEAR_ISSUES must be a whole number ≥ 1');
  return countyYearPlan({ issues });
}

export interface CountyYearOutcome {
  expected: Figures;
  actual: Figures;
  table: string;
  differing: string[];
  report: DriverReport;
}

export async function playCountyYear(baseUrl: string, label: string): Promise<CountyYearOutcome> {
  const county = plan();
  const say = (line: string) => process.stdout.write(`[county-year ${label}] ${line}\n`);
  say(`${county.issues.length} issues over ${planLength(county)} working days of ${WORKING_DAY_SECONDS} s`);
  const driver = new CountyYearDriver({ baseUrl, workingDaySeconds: WORKING_DAY_SECONDS, say });
  const report = await driver.play(county);
  const expected = expectedFigures(county.issues);
  const actual = await driver.figures(report.startedAt, report.finishedAt);
  const { table, differing } = figuresTable(expected, actual);
  const retried = Object.entries(report.retried503).map(([what, n]) => `${what} ${n}`);
  const accepted = Object.entries(report.accepted202).map(([what, n]) => `${what} ${n}`);
  say(
    `played in ${Math.round((report.finishedAt.getTime() - report.startedAt.getTime()) / 1000)} s; ` +
      `503 retried: ${retried.join(', ') || 'none'}; 202 followed up: ${accepted.join(', ') || 'none'}; ` +
      `failures: ${report.failures.length}; commands received behind the plan: ${report.behindPlan.length}` +
      `${report.behindPlan
        .slice(0, 10)
        .map((line) => `\n  ${line}`)
        .join('')}\n${table}`,
  );
  return { expected, actual, table, differing, report };
}

function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/**
 * `deadlock detected` errors PostgreSQL counted in this database so far. Read once every backend of the database has
 * exited (their counts are flushed when they end), or the count may lag.
 */
export async function deadlocksIn(databaseUrl: string): Promise<number> {
  const admin = new Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ deadlocks: string }>(
      `SELECT deadlocks::text FROM pg_stat_database WHERE datname = $1`,
      [databaseOf(databaseUrl)],
    );
    return Number(rows[0]?.deadlocks ?? 0);
  } finally {
    await admin.end();
  }
}

/** How long a suite may take: the plan's length on the demo clock plus a margin for start-up and waits. */
export function suiteTimeoutMs(): number {
  return (planLength(plan()) * WORKING_DAY_SECONDS + 240) * 1000;
}

/** The assertions every run makes: no failure or 5xx beyond retried 503s, every figure as the plan says. */
export function expectExactFigures(outcome: CountyYearOutcome): void {
  expect(outcome.report.failures).toEqual([]);
  expect(outcome.actual).toEqual(outcome.expected);
}

export interface WorkerFleet {
  workers: NodeProcess[];
  /** Stops every worker (SIGTERM, then SIGKILL) and removes their cpu groups; a worker's exit code is in `exits`. */
  stop(): Promise<void>;
}

/**
 * `count` worker processes from dist/ on the app's task queue, on `temporal` (address and namespace), each polling
 * before this returns; with `cpuCores`, each in a cpu group of its own capped to that share of one core.
 */
export async function startWorkerFleet(
  t: IssueTestApp,
  temporal: { address: string; namespace: string },
  count: number,
  cpuCores?: number,
): Promise<WorkerFleet> {
  const workers: NodeProcess[] = [];
  const groups: CpuGroup[] = [];
  const fleet: WorkerFleet = {
    workers,
    async stop() {
      await Promise.all(workers.map((w) => w.stop(30_000)));
      for (const group of groups) await group.remove();
    },
  };
  try {
    for (let n = 0; n < count; n++) {
      const worker = startNodeProcess(WORKER_ENTRY, {
        LOG_LEVEL: 'log', // for the line that says it polls
        DATABASE_URL: t.config.DATABASE_URL,
        SMTP_URL: t.mail.url,
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_NAMESPACE: temporal.namespace,
        TEMPORAL_TASK_QUEUE: t.taskQueue,
        PUBLIC_URL,
        DEMO_WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS),
      });
      workers.push(worker);
      if (cpuCores !== undefined && worker.child.pid !== undefined) {
        const group = await createCpuGroup(`lianluo-county-${process.pid}-${n}`, cpuCores);
        groups.push(group);
        await group.add(worker.child.pid);
      }
    }
    for (const w of workers) {
      await eventually(
        `worker ${w.child.pid} polling`,
        () => Promise.resolve(w.output().includes(POLLING) ? true : w.child.exitCode !== null ? false : undefined),
        120_000,
      ).then((polling) => {
        if (!polling) throw new Error(`worker ${w.child.pid} exited:\n${w.output()}`);
      });
    }
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return fleet;
}
