// `npm run bench:reply [-- --rate 10 --seconds 20 --burn 0]`: on a whole stack (as `npm start` runs it), deputies
// submit issues at a steady `rate` per second for `seconds`, and the lead department replies to each as soon as it is
// assigned. Prints the reply's HTTP response time (p50/p95/max, with how many were answered 200, 202 and 503) and
// submit → assigned (p50/p95/max), against issue #11's targets: reply p95 < 500 ms, submit → assigned p95 < 2 s.
// `--burn N` keeps N extra processes spinning on the CPU meanwhile, to measure with the machine busy.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  demoIssuePlace,
  percentile,
  signIn,
  startWholeStack,
  submitIssue,
  type DemoIssuePlace,
  type WholeStack,
} from './bench/whole-stack';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const RATE = option('rate', 10);
const SECONDS = option('seconds', 20);
const BURN = option('burn', 0);
const N = Math.round(RATE * SECONDS);
const LEAD = 'dept.jiaotong.rongjiawan'; // the roads of 城东社区 (荣家湾镇) go to the township's transport office

function say(message: string): void {
  process.stdout.write(`[bench:reply] ${message}\n`);
}

interface Run {
  submittedAt: Map<string, number>;
  replies: { ms: number; status: number }[];
  resent: number;
}

async function main(): Promise<void> {
  const stack = await startWholeStack(say);
  const burners: ChildProcess[] = [];
  try {
    const deputy = await signIn(stack.base, 'deputy.zhangzhiqiang');
    const department = await signIn(stack.base, LEAD);
    const ids = await demoIssuePlace(stack.db);
    for (let i = 0; i < BURN; i += 1) {
      burners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    }
    say('warming up');
    await runLoad(stack, deputy, department, ids, 2, 2);
    say(`load: ${N} issues at ${RATE}/s, each replied to once assigned; ${BURN} CPU burner(s)`);
    const run = await runLoad(stack, deputy, department, ids, N, RATE);
    await report(stack, run);
  } finally {
    for (const burner of burners) burner.kill('SIGKILL');
    await stack.stop();
  }
}

async function runLoad(
  stack: WholeStack,
  deputy: string,
  department: string,
  ids: DemoIssuePlace,
  count: number,
  rate: number,
): Promise<Run> {
  const run: Run = { submittedAt: new Map(), replies: [], resent: 0 };
  const waiting = new Map<string, () => void>();
  let polling = true;
  // One poller for all issues: the `assigned` event is the moment the workflow recorded the assignment.
  const poller = (async () => {
    while (polling) {
      if (waiting.size > 0) {
        const { rows } = await stack.db.query<{ issue_id: string }>(
          `SELECT issue_id FROM issue_events WHERE type = 'assigned' AND issue_id = ANY($1::uuid[])`,
          [[...waiting.keys()]],
        );
        for (const { issue_id: id } of rows) {
          waiting.get(id)?.();
          waiting.delete(id);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, t0 + (i * 1000) / rate - Date.now())));
      const at = Date.now();
      const id = await submitIssue(stack.base, deputy, ids, `bench ${i}`);
      run.submittedAt.set(id, at);
      await new Promise<void>((resolve) => waiting.set(id, resolve));
      await reply(stack.base, department, id, run);
    }),
  );
  polling = false;
  await poller;
  return run;
}

/** Replies once; a 503 is resent with the same Idempotency-Key after its Retry-After, as a client should. */
async function reply(base: string, token: string, issueId: string, run: Run): Promise<void> {
  const key = randomUUID();
  for (;;) {
    const at = Date.now();
    const response = await fetch(`${base}/api/issues/${issueId}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
      body: JSON.stringify({ replyClass: 'A', text: '已安排修补路面并疏通排水沟。' }),
    });
    await response.arrayBuffer();
    run.replies.push({ ms: Date.now() - at, status: response.status });
    if (response.status !== 503) {
      if (response.status !== 200 && response.status !== 202) throw new Error(`reply answered ${response.status}`);
      return;
    }
    run.resent += 1;
    const seconds = Number(response.headers.get('retry-after') ?? '5');
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}

async function report(stack: WholeStack, run: Run): Promise<void> {
  const issueIds = [...run.submittedAt.keys()];
  // Wait for every accepted reply to be carried out, then read what the workflow recorded.
  const until = Date.now() + 120_000;
  let recorded: { issue_id: string; on_time: boolean }[] = [];
  while (Date.now() < until) {
    recorded = (
      await stack.db.query<{ issue_id: string; on_time: boolean }>(
        `SELECT issue_id, on_time FROM replies WHERE issue_id = ANY($1::uuid[])`,
        [issueIds],
      )
    ).rows;
    if (recorded.length >= issueIds.length) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const assigned = (
    await stack.db.query<{ issue_id: string; occurred_at: Date }>(
      `SELECT issue_id, occurred_at FROM issue_events WHERE type = 'assigned' AND issue_id = ANY($1::uuid[])`,
      [issueIds],
    )
  ).rows;
  const toAssigned = assigned
    .map((row) => row.occurred_at.getTime() - run.submittedAt.get(row.issue_id)!)
    .sort((a, b) => a - b);
  const replyMs = run.replies.map((r) => r.ms).sort((a, b) => a - b);
  const count = (status: number) => run.replies.filter((r) => r.status === status).length;
  const replyP95 = percentile(replyMs, 95);
  const assignedP95 = percentile(toAssigned, 95);
  say('');
  say(
    `reply              : p50 ${percentile(replyMs, 50)} ms, p95 ${replyP95} ms, max ${replyMs[replyMs.length - 1]} ms` +
      ` (200: ${count(200)}, 202: ${count(202)}, 503: ${count(503)}, resent after 503: ${run.resent})`,
  );
  say(
    `submit → assigned  : p50 ${percentile(toAssigned, 50)} ms, p95 ${assignedP95} ms, ` +
      `max ${toAssigned[toAssigned.length - 1]} ms`,
  );
  say(
    `recorded           : ${recorded.length}/${issueIds.length} replies, ` +
      `${recorded.filter((r) => r.on_time).length} on time (all were sent well before their deadline)`,
  );
  say(`target reply p95 < 500 ms: ${replyP95 < 500 ? 'met' : 'NOT met'}`);
  say(`target submit → assigned p95 < 2000 ms: ${assignedP95 < 2000 ? 'met' : 'NOT met'}`);
  if (recorded.length < issueIds.length || recorded.some((r) => !r.on_time)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:reply] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
