// `npm run bench:scale [-- --runtime dev|cluster|both] [--open N] [--quick]`: what one machine carries, on the dev
// server (`npm start`) and on the cluster profile (`npm run start:cluster`: the official Temporal server on PostgreSQL,
// two workers, two API replicas), one after the other. Prints, for each runtime:
//   - intake to "assigned and mailed" and the bare Temporal start-and-complete rate, and their ratio;
//   - open-issue capacity: submits in batches until N issues are open with live deadline timers (stopping early, and
//     saying where, when the runtime degrades: a batch at under half the first batch's rate, errors, or a batch not
//     assigned within its time), then a department reply's and an issue read's p50/p95 at that load;
//   - timer punctuality: M urgent issues on the demo clock, their reminders, overdue marks and first escalations all
//     due within the same minute or so; how late each acted (its email queued) after its planned instant plus the
//     designed COMMAND_ADMISSION_MS, p50/p99, and that none was missed or mailed twice;
//   - horizontal scaling: intake with one worker vs two, each capped by a cgroup v1 cpu quota so that the worker tier
//     is the bottleneck, and with one API vs two, each capped likewise;
//   - worker RSS, Temporal server RSS and PostgreSQL (and the dev server's SQLite) size, per 10,000 issues,
//     extrapolated from what was run.
// A script that prints figures, not a test: it exits non-zero only when an issue is lost or a timer step missed.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_ADMISSION_MS } from '@app/contracts';
import { readMailbox } from '@app/mail';
import { measureBare, measureIntake, pool, type Rate } from './bench/intake';
import {
  demoIssuePlace,
  percentile,
  signIn,
  startAppProcess,
  startWholeStack,
  submitIssue,
  type AppProcess,
  type Runtime,
  type WholeStack,
} from './bench/whole-stack';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const QUICK = args.includes('--quick');
const RUNTIMES: Runtime[] = (() => {
  const given = flag('runtime') ?? 'both';
  if (given === 'both') return ['dev', 'cluster'];
  if (given === 'dev' || given === 'cluster') return [given];
  throw new Error(`--runtime must be dev, cluster or both, not ${given}`);
})();
const number = (name: string, full: number, quick: number): number => {
  const given = flag(name);
  const value = given === undefined ? (QUICK ? quick : full) : Number(given);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
  return value;
};
const INTAKE = number('issues', 200, 60);
const OPEN = number('open', 2000, 300);
const TIMERS = number('timers', 300, 100);
const DEMO_DAY_SECONDS = number('demo-day-seconds', 10, 5);
const SCALE_ISSUES = number('scale-issues', 40, 20);
const CONCURRENCY = number('concurrency', 16, 16);
/** The guide's figure: a plain worker capped at 0.08 core scales 1 → 2 workers 1.85×. */
const WORKER_QUOTA = Number(flag('worker-cpu') ?? 0.08);
const API_QUOTA = Number(flag('api-cpu') ?? 0.1);

function say(message: string): void {
  process.stdout.write(`[bench:scale] ${message}\n`);
}

const ms = (value: number | undefined) =>
  value === undefined || Number.isNaN(value) ? '–' : `${Math.round(value)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// ---------------------------------------------------------------------------------------------------------------
// Processes, memory and sizes

/** Every process below `root` (its children, theirs, …), from /proc. */
function descendants(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  const visit = (pid: number) => {
    for (const child of parents.get(pid) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The RSS of a process and everything below it. */
const treeRss = (pid: number) => [pid, ...descendants(pid)].reduce((sum, p) => sum + rssOf(p), 0);

interface Resources {
  issues: number;
  workerRss: number;
  workers: number;
  temporalRss: number;
  postgresBytes: number;
  sqliteBytes: number;
}

async function resources(stack: WholeStack): Promise<Resources> {
  const children = descendants(stack.pid);
  const workers = children.filter((pid) => cmdline(pid).includes(join('apps', 'worker', 'src', 'main.js')));
  // The dev server is the `temporal` CLI (its wrapper may have children); the cluster's is temporal-server.
  const temporal = children.filter((pid) => /temporal(-server)?\s.*(start|server)/.test(cmdline(pid)));
  const topTemporal = temporal.filter((pid) => !temporal.some((other) => descendants(other).includes(pid)));
  const { rows } = await stack.db.query<{ bytes: string }>(
    `SELECT sum(pg_database_size(datname))::text AS bytes FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres'`,
  );
  const [{ n }] = (await stack.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM issues`)).rows;
  const sqliteBytes = readdirSync(stack.dataDir)
    .filter((name) => name.startsWith('temporal.sqlite'))
    .reduce((sum, name) => sum + statSync(join(stack.dataDir, name)).size, 0);
  return {
    issues: n,
    workerRss: workers.reduce((sum, pid) => sum + treeRss(pid), 0),
    workers: workers.length,
    temporalRss: topTemporal.reduce((sum, pid) => sum + treeRss(pid), 0),
    postgresBytes: Number(rows[0].bytes),
    sqliteBytes,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// cgroup v1 cpu quotas (as root)

const CGROUP_CPU = '/sys/fs/cgroup/cpu';
const cgroups: string[] = [];

/** Caps a process at `cores` of CPU in a cgroup of its own; false when cgroup v1's cpu controller is not writable. */
function capCpu(pid: number, cores: number): boolean {
  const dir = join(CGROUP_CPU, `lianluo-bench-${process.pid}-${pid}`);
  try {
    if (!existsSync(dir)) mkdirSync(dir);
    const period = Number(readFileSync(join(dir, 'cpu.cfs_period_us'), 'utf8'));
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(Math.round(period * cores)));
    // cgroup.procs moves every thread of the process.
    writeFileSync(join(dir, 'cgroup.procs'), String(pid));
    cgroups.push(dir);
    return true;
  } catch (error) {
    say(`cannot cap pid ${pid} at ${cores} core (${String(error)}): scaling figures are without a cap`);
    return false;
  }
}

function releaseCgroups(): void {
  for (const dir of cgroups.splice(0)) {
    try {
      for (const pid of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
        writeFileSync(join(CGROUP_CPU, 'cgroup.procs'), pid);
      }
      rmdirSync(dir);
    } catch {
      // The process is gone and the group empty, or it was removed already.
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Open-issue capacity

interface Batch {
  open: number;
  rate: number;
  submitP95: number;
  errors: number;
}

interface Capacity {
  batches: Batch[];
  open: number;
  degradedAt?: string;
  reply: { p50: number; p95: number; statuses: string };
  read: { p50: number; p95: number };
}

async function openCount(stack: WholeStack): Promise<number> {
  const { rows } = await stack.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM issues WHERE due_at IS NOT NULL AND status NOT IN ('closed', 'received')`,
  );
  return rows[0].n;
}

async function capacity(stack: WholeStack, target: number): Promise<Capacity> {
  const token = await signIn(stack.base, 'deputy.zhangzhiqiang');
  const place = await demoIssuePlace(stack.db);
  const batchSize = Math.max(100, Math.ceil(target / 10));
  const batches: Batch[] = [];
  const ids: string[] = [];
  let degradedAt: string | undefined;
  let open = await openCount(stack);
  while (open < target) {
    const size = Math.min(batchSize, target - open);
    const latencies: number[] = [];
    const batchIds: string[] = [];
    let errors = 0;
    const t0 = Date.now();
    await pool(
      Array.from({ length: size }, (_, i) => i),
      CONCURRENCY,
      async (i) => {
        const at = Date.now();
        try {
          batchIds.push(await submitIssue(stack.bases[i % stack.bases.length], token, place, `open ${open + i}`));
        } catch {
          errors++;
        }
        latencies.push(Date.now() - at);
      },
    );
    // The batch counts once each of its issues is assigned with its deadline (its timers armed).
    const deadline = Date.now() + 60_000 + size * 200;
    let assigned = 0;
    while (Date.now() < deadline) {
      const { rows } = await stack.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM issues WHERE id = ANY($1::uuid[]) AND due_at IS NOT NULL`,
        [batchIds],
      );
      assigned = rows[0].n;
      if (assigned >= batchIds.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    ids.push(...batchIds);
    open = await openCount(stack);
    latencies.sort((a, b) => a - b);
    const batch = {
      open,
      rate: (assigned / (Date.now() - t0)) * 1000,
      submitP95: percentile(latencies, 95),
      errors: errors + (batchIds.length - assigned),
    };
    batches.push(batch);
    say(
      `  open ${String(open).padStart(7)}: batch of ${size} at ${batch.rate.toFixed(1)} issues/s, ` +
        `submit p95 ${ms(batch.submitP95)}, errors/unassigned ${batch.errors}`,
    );
    if (batch.errors > 0) degradedAt = `${open} open: ${batch.errors} submissions failed or not assigned in time`;
    else if (batch.rate < batches[0].rate / 2) {
      degradedAt = `${open} open: a batch at ${batch.rate.toFixed(1)}/s, under half the first (${batches[0].rate.toFixed(1)}/s)`;
    }
    if (degradedAt) break;
  }

  // At that load: a department acknowledges and replies (the reply is timed), a deputy reads issues.
  const department = await signIn(stack.base, 'dept.jiaotong.rongjiawan');
  const post = async (path: string, body: unknown) => {
    const at = Date.now();
    const response = await fetch(`${stack.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${department}` },
      body: JSON.stringify(body),
    });
    await response.text();
    return { status: response.status, ms: Date.now() - at };
  };
  const replies: number[] = [];
  const statuses = new Map<number, number>();
  for (const id of ids.slice(0, QUICK ? 10 : 30)) {
    await post(`/api/issues/${id}/acknowledge`, {});
    const reply = await post(`/api/issues/${id}/reply`, { replyClass: 'A', text: '已安排施工队修复破损路面。' });
    replies.push(reply.ms);
    statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
  }
  const reads: number[] = [];
  for (let i = 0; i < (QUICK ? 50 : 200); i++) {
    const id = ids[Math.floor(Math.random() * ids.length)];
    const at = Date.now();
    const response = await fetch(`${stack.base}/api/issues/${id}`, { headers: { authorization: `Bearer ${token}` } });
    await response.text();
    reads.push(Date.now() - at);
  }
  replies.sort((a, b) => a - b);
  reads.sort((a, b) => a - b);
  return {
    batches,
    open,
    degradedAt,
    reply: {
      p50: percentile(replies, 50),
      p95: percentile(replies, 95),
      statuses: [...statuses].map(([status, n]) => `${n}× ${status}`).join(', '),
    },
    read: { p50: percentile(reads, 50), p95: percentile(reads, 95) },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Timer punctuality

interface Punctuality {
  issues: number;
  spanSeconds: number;
  byType: { type: string; fired: number; p50: number; p99: number; max: number }[];
  missed: number;
  doubled: number;
}

const TIMED_TYPES = ['reminder', 'overdue', 'escalated'] as const;

async function punctuality(stack: WholeStack, workers: number): Promise<Punctuality> {
  // Processes of their own on a task queue of their own, on the demo clock: the stack's stay on the real calendar.
  const env = {
    TEMPORAL_TASK_QUEUE: `bench-timers-${randomUUID()}`,
    DEMO_WORKING_DAY_SECONDS: String(DEMO_DAY_SECONDS),
  };
  const started: AppProcess[] = [];
  try {
    for (let i = 0; i < workers; i++) started.push(await startAppProcess(stack, 'worker', env));
    const api = await startAppProcess(stack, 'api', env);
    started.push(api);
    const token = await signIn(api.base!, 'deputy.zhangzhiqiang');
    const place = await demoIssuePlace(stack.db);
    const ids: string[] = [];
    const t0 = Date.now();
    await pool(
      Array.from({ length: TIMERS }, (_, i) => i),
      CONCURRENCY,
      async (i) => {
        ids.push(await submitIssue(api.base!, token, place, `timer ${i}`, 'urgent'));
      },
    );
    const spanSeconds = (Date.now() - t0) / 1000;
    // Urgent: reminder 1 working day before the 3-day deadline, overdue at it, the first escalation 3 days later.
    const expected = ids.length * TIMED_TYPES.length;
    // The last step is planned 6 working days after the last assignment: wait past it while steps still act (a late
    // one is late, not missed); a step counts as missed when nothing has acted for a minute after that, or at 15 min.
    const lastPlanned = Date.now() + (6 * DEMO_DAY_SECONDS + 5) * 1000;
    const hardStop = lastPlanned + 15 * 60_000;
    let fired = 0;
    let progressAt = Date.now();
    for (;;) {
      const { rows } = await stack.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM issue_events WHERE issue_id = ANY($1::uuid[]) AND type = ANY($2::text[])
           AND step_key NOT LIKE '%:escalation:2' AND step_key NOT LIKE '%:escalation:3'`,
        [ids, TIMED_TYPES],
      );
      if (rows[0].n > fired) progressAt = Date.now();
      fired = rows[0].n;
      process.stdout.write(`\r[bench:scale]   timer steps acted: ${fired}/${expected}   `);
      if (fired >= expected) break;
      if (Date.now() > hardStop || (Date.now() > lastPlanned && Date.now() - progressAt > 60_000)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    process.stdout.write('\n');
    // Acted = its email queued (the step notifies, then records); planned = the event's instant (judged at receipt,
    // the step records the instant it was due at).
    const { rows } = await stack.db.query<{ type: string; late: number }>(
      `SELECT e.type, (extract(epoch FROM min(o.created_at) - e.occurred_at) * 1000)::float8 - $3 AS late
         FROM issue_events e
         JOIN mail_outbox o ON o.issue_id = e.issue_id AND starts_with(o.dedupe_key, e.issue_id::text || ':' || e.step_key || ':')
        WHERE e.issue_id = ANY($1::uuid[]) AND e.type = ANY($2::text[]) AND e.step_key NOT LIKE '%:escalation:2'
          AND e.step_key NOT LIKE '%:escalation:3'
        GROUP BY e.id, e.type, e.occurred_at`,
      [ids, TIMED_TYPES, COMMAND_ADMISSION_MS],
    );
    const byType = TIMED_TYPES.map((type) => {
      const late = rows
        .filter((row) => row.type === type)
        .map((row) => row.late)
        .sort((a, b) => a - b);
      return { type, fired: late.length, p50: percentile(late, 50), p99: percentile(late, 99), max: late.at(-1)! };
    });
    // Mailed twice: more messages in the catcher about these issues than outbox rows sent for them.
    const issueSet = new Set(ids);
    const caught = (await readMailbox(join(stack.dataDir, 'mail'))).filter((mail) =>
      [...mail.text.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)].some((m) =>
        issueSet.has(m[0]),
      ),
    );
    const { rows: sent } = await stack.db.query<{ n: number }>(
      `SELECT coalesce(sum(cardinality(recipients)), 0)::int AS n FROM mail_outbox
        WHERE issue_id = ANY($1::uuid[]) AND status = 'sent'`,
      [ids],
    );
    const messages = caught.reduce((sum, mail) => sum + Math.max(1, mail.to.length), 0);
    return {
      issues: ids.length,
      spanSeconds,
      byType,
      missed: expected - fired,
      doubled: Math.max(0, messages - sent[0].n),
    };
  } finally {
    for (const app of started.reverse()) await app.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Horizontal scaling

interface Scaling {
  capped: boolean;
  oneWorker: Rate;
  twoWorkers: Rate;
  oneApi: Rate;
  twoApis: Rate;
}

async function scaling(stack: WholeStack): Promise<Scaling> {
  const env = { TEMPORAL_TASK_QUEUE: `bench-scale-${randomUUID()}` };
  const started: AppProcess[] = [];
  const intake = (bases: string[]) =>
    measureIntake({ bases, db: stack.db, n: SCALE_ISSUES, concurrency: 8, timeoutMs: 600_000 });
  try {
    const api = await startAppProcess(stack, 'api', env);
    started.push(api);
    // Capped once polling: a start under 0.08 core would take minutes.
    const w1 = await startAppProcess(stack, 'worker', env);
    started.push(w1);
    let capped = capCpu(w1.pid, WORKER_QUOTA);
    say(`  one worker at ${WORKER_QUOTA} core`);
    const oneWorker = await intake([api.base!]);
    const w2 = await startAppProcess(stack, 'worker', env);
    started.push(w2);
    capped = capCpu(w2.pid, WORKER_QUOTA) && capped;
    say(`  two workers at ${WORKER_QUOTA} core each`);
    const twoWorkers = await intake([api.base!]);
    releaseCgroups(); // the workers run free now: the API tier is the one capped

    capped = capCpu(api.pid, API_QUOTA) && capped;
    say(`  one API at ${API_QUOTA} core (two free workers)`);
    const oneApi = await intake([api.base!]);
    const api2 = await startAppProcess(stack, 'api', env);
    started.push(api2);
    capped = capCpu(api2.pid, API_QUOTA) && capped;
    say(`  two APIs at ${API_QUOTA} core each`);
    const twoApis = await intake([api.base!, api2.base!]);
    return { capped, oneWorker, twoWorkers, oneApi, twoApis };
  } finally {
    releaseCgroups();
    for (const app of started.reverse()) await app.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------------

interface Figures {
  runtime: Runtime;
  intake: Rate;
  bare: Rate;
  capacity: Capacity;
  timers: Punctuality;
  scaling: Scaling;
  before: Resources;
  after: Resources;
}

async function benchRuntime(runtime: Runtime): Promise<Figures> {
  const stack = await startWholeStack(say, { runtime });
  try {
    const before = await resources(stack);
    say(`${runtime}: intake of ${INTAKE} issues over ${stack.bases.length} API(s), concurrency ${CONCURRENCY}`);
    const intake = await measureIntake({ bases: stack.bases, db: stack.db, n: INTAKE, concurrency: CONCURRENCY });
    say(`${runtime}: ${INTAKE} bare workflows`);
    const bare = await measureBare(stack.temporalAddress, INTAKE, CONCURRENCY);
    say(`${runtime}: filling up to ${OPEN} open issues`);
    const open = await capacity(stack, OPEN);
    const after = await resources(stack);
    say(`${runtime}: timer punctuality, ${TIMERS} urgent issues, a working day = ${DEMO_DAY_SECONDS} s`);
    const timers = await punctuality(stack, runtime === 'cluster' ? 2 : 1);
    say(`${runtime}: horizontal scaling, ${SCALE_ISSUES} issues a measure`);
    const scale = await scaling(stack);
    const figures = { runtime, intake, bare, capacity: open, timers, scaling: scale, before, after };
    print(figures);
    return figures;
  } finally {
    await stack.stop();
  }
}

function perTenThousand(figures: Figures, key: keyof Omit<Resources, 'issues' | 'workers'>): string {
  const issues = figures.after.issues - figures.before.issues;
  if (issues <= 0) return '–';
  return mb(((figures.after[key] - figures.before[key]) / issues) * 10_000);
}

function print(f: Figures): void {
  const r = (rate: Rate) =>
    `${rate.rate.toFixed(1)}/s (p50 ${ms(rate.p50)}, p95 ${ms(rate.p95)}${rate.lost ? `, LOST ${rate.lost}` : ''})`;
  const lines = [
    '',
    `==== ${f.runtime === 'dev' ? 'dev server (SQLite), 1 worker, 1 API' : 'cluster (Temporal server on PostgreSQL), 2 workers, 2 APIs'} ====`,
    `intake to assigned+mailed : ${r(f.intake)}  [${INTAKE} issues, concurrency ${CONCURRENCY}]`,
    `bare start-and-complete   : ${r(f.bare)}`,
    `ratio intake / bare       : ${(f.intake.rate / f.bare.rate).toFixed(2)}`,
    `open issues reached       : ${f.capacity.open} of ${OPEN}${f.capacity.degradedAt ? ` — DEGRADED at ${f.capacity.degradedAt}` : ' (no degradation seen)'}`,
    `  batch rates             : ${f.capacity.batches.map((b) => `${b.open}:${b.rate.toFixed(1)}/s`).join('  ')}`,
    `reply at that load        : p50 ${ms(f.capacity.reply.p50)}, p95 ${ms(f.capacity.reply.p95)} (${f.capacity.reply.statuses})`,
    `issue read at that load   : p50 ${ms(f.capacity.read.p50)}, p95 ${ms(f.capacity.read.p95)}`,
    `timers: ${f.timers.issues} urgent issues submitted in ${f.timers.spanSeconds.toFixed(0)} s; lateness after the planned instant + ${COMMAND_ADMISSION_MS} ms admission:`,
    ...f.timers.byType.map(
      (t) => `  ${t.type.padEnd(22)}: ${t.fired} acted, p50 ${ms(t.p50)}, p99 ${ms(t.p99)}, max ${ms(t.max)}`,
    ),
    `  missed / mailed twice   : ${f.timers.missed} / ${f.timers.doubled} (missed: not acted a minute after the last acted)`,
    `scaling (${f.scaling.capped ? 'cgroup-capped' : 'NOT capped'}):`,
    `  workers at ${WORKER_QUOTA} core   : 1 → ${r(f.scaling.oneWorker)}; 2 → ${r(f.scaling.twoWorkers)}; ×${(f.scaling.twoWorkers.rate / f.scaling.oneWorker.rate).toFixed(2)}`,
    `  APIs at ${API_QUOTA} core       : 1 → ${r(f.scaling.oneApi)}; 2 → ${r(f.scaling.twoApis)}; ×${(f.scaling.twoApis.rate / f.scaling.oneApi.rate).toFixed(2)}`,
    `resources after ${f.after.issues} issues (at start: ${f.before.issues}):`,
    // Linear only while the sticky cache fills: it holds at most maxCachedWorkflows workflows a worker.
    `  worker RSS (${f.after.workers} workers)   : ${mb(f.before.workerRss)} → ${mb(f.after.workerRss)}; per 10,000 issues ${perTenThousand(f, 'workerRss')} (extrapolated while the sticky cache fills; it is bounded by its size)`,
    `  Temporal server RSS     : ${mb(f.before.temporalRss)} → ${mb(f.after.temporalRss)}; per 10,000 issues ${perTenThousand(f, 'temporalRss')} (extrapolated)`,
    `  PostgreSQL size         : ${mb(f.before.postgresBytes)} → ${mb(f.after.postgresBytes)}; per 10,000 issues ${perTenThousand(f, 'postgresBytes')} (extrapolated)`,
    ...(f.runtime === 'dev'
      ? [
          `  dev server SQLite       : ${mb(f.before.sqliteBytes)} → ${mb(f.after.sqliteBytes)}; per 10,000 issues ${perTenThousand(f, 'sqliteBytes')} (extrapolated)`,
        ]
      : []),
    '',
  ];
  for (const line of lines) say(line);
}

function machine(): string {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  const cores = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim();
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const memory = /MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1];
  return `${cores} cores (${cpu}), ${memory ? (Number(memory) / 1024 / 1024).toFixed(1) : '?'} GB, load average ${load}`;
}

async function main(): Promise<void> {
  say(`machine: ${machine()}`);
  say(`runtimes ${RUNTIMES.join(', ')}${QUICK ? ' (quick)' : ''}`);
  const all: Figures[] = [];
  for (const runtime of RUNTIMES) all.push(await benchRuntime(runtime));
  if (all.length === 2) {
    const [dev, cluster] = all;
    say('==== cluster / dev ====');
    say(
      `intake ×${(cluster.intake.rate / dev.intake.rate).toFixed(2)}, bare ×${(cluster.bare.rate / dev.bare.rate).toFixed(2)}`,
    );
  }
  say(`machine at the end: ${machine()}`);
  if (all.some((f) => f.intake.lost > 0 || f.timers.missed > 0 || f.timers.doubled > 0)) process.exitCode = 1;
}

process.once('SIGINT', () => {
  releaseCgroups();
  process.exit(130);
});
main().catch((error: unknown) => {
  releaseCgroups();
  process.stderr.write(`[bench:scale] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
