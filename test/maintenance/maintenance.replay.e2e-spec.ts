// Replays the recorded maintenance runs against the workflow bundle the worker runs, so a change that would break a
// run in flight at deploy time (a non-deterministic change) fails here first.
//
// The fixtures live in test/fixtures/histories/maintenance/ (not beside the issue histories, whose suite replays
// every file there against an issue-only bundle). To record a new one, only when a new path is worth keeping:
//   RECORD_HISTORIES=1 npx jest test/maintenance/maintenance.workflow.e2e-spec.ts
// Never re-record to make this suite pass after changing the workflow: put the change behind `patched()` instead.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, type ReplayResult, type WorkflowBundle } from '@temporalio/worker';
import { MAINTENANCE_HISTORIES_DIR, bundleWorkflows, quietTemporalLogs } from './support/maintenance-harness';

const fixtures = readdirSync(MAINTENANCE_HISTORIES_DIR)
  .filter((file) => file.startsWith('maintenance-') && file.endsWith('.json'))
  .sort();

let current: WorkflowBundle;
let changed: WorkflowBundle;

beforeAll(async () => {
  quietTemporalLogs();
  [current, changed] = await Promise.all([
    bundleWorkflows(),
    bundleWorkflows(join(__dirname, 'support', 'changed-maintenance.workflow.ts')),
  ]);
}, 120_000);

async function replayAll(workflowBundle: WorkflowBundle): Promise<ReplayResult[]> {
  const histories = fixtures.map((file) => ({
    workflowId: file.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(readFileSync(join(MAINTENANCE_HISTORIES_DIR, file), 'utf8'))),
  }));
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) results.push(result);
  return results;
}

test('a run with more than one batch is recorded', () => {
  expect(fixtures).toContain('maintenance-two-batches.json');
});

test('every recorded run replays against the current workflow code', async () => {
  const results = await replayAll(current);
  expect(results.map((result) => [result.workflowId, result.error?.message])).toEqual(
    fixtures.map((file) => [file.replace(/\.json$/, ''), undefined]),
  );
});

test('a non-deterministic change to the workflow fails the replay', async () => {
  const results = await replayAll(changed);
  expect(results).toHaveLength(fixtures.length);
  for (const result of results) expect(result.error).toBeInstanceOf(DeterminismViolationError);
});
