// Replays recorded histories of reception days against the current workflow code, so a change that would break days
// already open (a non-deterministic change) fails here before it reaches a worker. The fixtures are whole runs from
// reception.workflow.e2e-spec.ts, kept in test/fixtures/histories/reception-days; to add one (never to make this pass
// after a change: put the change behind `patched()`):
//   RECORD_HISTORIES=1 npx jest test/workflows/reception.workflow.e2e-spec.ts
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, type ReplayResult, type WorkflowBundle } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflows, quietTemporalLogs } from './support/issue-harness';
import { RECEPTION_HISTORIES_DIR } from './support/reception-harness';

const fixtures = readdirSync(RECEPTION_HISTORIES_DIR)
  .filter((file) => file.endsWith('.json'))
  .sort();

let current: WorkflowBundle;
let changed: WorkflowBundle;

beforeAll(async () => {
  quietTemporalLogs();
  [current, changed] = await Promise.all([
    bundleWorkflows(),
    bundleWorkflows(join(__dirname, 'support', 'changed-reception.workflow.ts')),
  ]);
}, 60_000);

async function replayAll(workflowBundle: WorkflowBundle): Promise<ReplayResult[]> {
  const histories = fixtures.map((file) => ({
    workflowId: file.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(readFileSync(join(RECEPTION_HISTORIES_DIR, file), 'utf8'))),
  }));
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) results.push(result);
  return results;
}

test('the recorded runs cover the representative paths', () => {
  expect(fixtures).toEqual([
    'reception-holiday-reminded-recorded.json',
    'reception-not-held.json',
    'reception-overdue-then-recorded.json',
  ]);
});

test('every recorded history replays against the current workflow code', async () => {
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
