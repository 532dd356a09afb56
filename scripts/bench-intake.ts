// `npm run bench:intake [-- --issues N --concurrency C]`: submits N issues through the HTTP API of a whole stack
// (embedded PostgreSQL, Temporal dev server, SMTP catcher, worker and API processes, as `npm start` runs them)
// and measures issues per second until each is assigned and its lead department's email accepted, with p50/p95
// latency; then, on the same Temporal server, the rate of a bare workflow start-and-complete. Prints every
// figure and the ratio (target: intake ≥ half the bare rate) and checks that no issue was lost.
import { measureBare, measureIntake } from './bench/intake';
import { startWholeStack } from './bench/whole-stack';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const N = option('issues', 200);
const CONCURRENCY = option('concurrency', 16);

function say(message: string): void {
  process.stdout.write(`[bench:intake] ${message}\n`);
}

async function main(): Promise<void> {
  const stack = await startWholeStack(say);
  try {
    say(`submitting ${N} issues`);
    const intake = await measureIntake({
      bases: [stack.base],
      db: stack.db,
      n: N,
      concurrency: CONCURRENCY,
      progress: (done) => process.stdout.write(`\r[bench:intake] assigned and mailed: ${done}/${N}   `),
    });
    process.stdout.write('\n');
    say(`bare workflows`);
    const bare = await measureBare(stack.temporalAddress, N, CONCURRENCY);
    const ratio = intake.rate / bare.rate;
    say('');
    say(
      `intake     : ${N} issues, concurrency ${CONCURRENCY}: ${intake.rate.toFixed(1)} issues/s until assigned and mailed`,
    );
    say(`             latency p50 ${intake.p50} ms, p95 ${intake.p95} ms, max ${intake.max} ms; lost: ${intake.lost}`);
    say(
      `bare       : ${N} workflows (start + 1 activity + complete), concurrency ${CONCURRENCY}: ${bare.rate.toFixed(1)} workflows/s`,
    );
    say(`             latency p50 ${bare.p50} ms, p95 ${bare.p95} ms`);
    say(`ratio      : intake / bare = ${ratio.toFixed(2)} (target ≥ 0.50) → ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
    if (intake.lost > 0) process.exitCode = 1;
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:intake] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
