#!/usr/bin/env node
// Runs the whole jest suite N times on the current tree and prints pass/fail per run and per test, so a flaky test
// shows itself before CI finds it. `npm run test:repeat -- 3` (default 3); anything after the count goes to jest
// (`npm run test:repeat -- 5 test/web` repeats only the browser suites). Exits 1 if any run failed.
// Plain Node, like bootstrap.js: each run's jest JSON report is kept in test-output/repeat/.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, existsSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const out = join(root, 'test-output', 'repeat');
const [countArg, ...jestArgs] = process.argv.slice(2);
const runs = countArg === undefined ? 3 : Number(countArg);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(
    `test:repeat: the first argument is the number of runs (a whole number ≥ 1), not "${countArg}"\n`,
  );
  process.exit(2);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');

/** test full name → outcome of each run ('passed' | 'failed' | 'skipped' | undefined when the run did not reach it) */
const byTest = new Map();
const summary = [];
for (let run = 1; run <= runs; run += 1) {
  const report = join(out, `run-${run}.json`);
  const started = Date.now();
  process.stdout.write(`\n[test:repeat] run ${run} of ${runs}: jest ${jestArgs.join(' ')}\n`);
  const result = spawnSync(process.execPath, [jest, '--json', `--outputFile=${report}`, ...jestArgs], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (!existsSync(report)) {
    summary.push({
      run,
      ok: false,
      passed: 0,
      failed: 0,
      seconds,
      note: `jest wrote no report (exit ${result.status})`,
    });
    continue;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  for (const file of json.testResults) {
    const relative = file.name.slice(root.length + 1);
    if (file.assertionResults.length === 0 && file.status === 'failed') {
      // A suite that failed before any test ran (a beforeAll, a compile error): count it as one failed entry.
      const key = `${relative} › (suite did not run)`;
      if (!byTest.has(key)) byTest.set(key, []);
      byTest.get(key)[run - 1] = 'failed';
    }
    for (const test of file.assertionResults) {
      const key = `${relative} › ${test.fullName}`;
      if (!byTest.has(key)) byTest.set(key, []);
      byTest.get(key)[run - 1] = test.status === 'pending' ? 'skipped' : test.status;
    }
  }
  summary.push({
    run,
    ok: json.success && result.status === 0,
    passed: json.numPassedTests,
    failed: json.numFailedTests + json.numRuntimeErrorTestSuites,
    seconds,
    note: json.numRuntimeErrorTestSuites ? `${json.numRuntimeErrorTestSuites} suite(s) failed to run` : '',
  });
}

process.stdout.write('\n[test:repeat] per run\n');
for (const s of summary) {
  process.stdout.write(
    `  run ${s.run}: ${s.ok ? 'PASS' : 'FAIL'}  ${s.passed} passed, ${s.failed} failed  (${s.seconds} s)${s.note ? `  ${s.note}` : ''}\n`,
  );
}
const unsteady = [...byTest].filter(([, outcomes]) =>
  Array.from({ length: runs }, (_, i) => outcomes[i]).some((o) => o === 'failed' || o === undefined),
);
process.stdout.write(`\n[test:repeat] per test: ${byTest.size} tests, ${unsteady.length} not passing in every run\n`);
for (const [name, outcomes] of unsteady) {
  const line = Array.from({ length: runs }, (_, i) => (outcomes[i] ?? 'not run').padEnd(7)).join(' ');
  process.stdout.write(`  ${line}  ${name}\n`);
}
const failedRuns = summary.filter((s) => !s.ok).length;
process.stdout.write(`\n${runs - failedRuns} passed, ${failedRuns} failed (runs of the suite)\n`);
process.exit(failedRuns === 0 ? 0 : 1);
