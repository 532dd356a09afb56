// Replays recorded histories of voter submissions against the current workflow code, so a change that would break
// submissions already waiting for their deputy (a non-deterministic change) fails here before it reaches a worker.
// The fixtures are whole runs from voter-submission.workflow.e2e-spec.ts, kept in
// test/fixtures/histories/voter-submission; to add one (never to make this pass after a change: put the change behind
// `patched()`):
//   RECORD_HISTORIES=1 npx jest test/workflows/voter-submission.workflow.e2e-spec.ts
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, type ReplayResult, type WorkflowBundle } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflows, quietTemporalLogs } from './support/issue-harness';
import { VOTER_SUBMISSION_HISTORIES_DIR } from './support/voter-submission-histories';

const fixtures = readdirSync(VOTER_SUBMISSION_HISTORIES_DIR)
  .filter((file) => file.endsWith('.json'))
  .sort();

let current: WorkflowBundle;
let changed: WorkflowBundle;

beforeAll(async () => {
  quietTemporalLogs();
  [current, changed] = await Promise.all([
    bundleWorkflows(),
    bundleWorkflows(join(__dirname, 'support', 'changed-voter-submission.workflow.ts')),
  ]);
}, 60_000);

async function replayAll(workflowBundle: WorkflowBundle): Promise<ReplayResult[]> {
  const histories = fixtures.map((file) => ({
    workflowId: file.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(readFileSync(join(VOTER_SUBMISSION_HISTORIES_DIR, file), 'utf8'))),
  }));
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) results.push(result);
  return results;
}

test('the recorded runs cover the representative paths', () => {
  expect(fixtures).toEqual([
    'voter-submission-decided-in-time.json',
    'voter-submission-reminded-escalated-decided.json',
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
