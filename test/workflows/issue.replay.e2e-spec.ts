// Replays recorded histories of completed issue workflows against the current workflow code, so a change that would
// break issues already running (a non-deterministic change) fails here before it reaches a worker.
//
// The fixtures in test/fixtures/histories are whole runs recorded from issue.workflow.e2e-spec.ts. To re-record them
// (only when a new path is worth keeping, or the old logic is truly gone from production):
//   RECORD_HISTORIES=1 npx jest test/workflows/issue.workflow.e2e-spec.ts
// and, to add a generation after a patch while keeping the old histories:
//   RECORD_HISTORIES=1 HISTORIES_PREFIX=<patch-id>- npx jest test/workflows/issue.workflow.e2e-spec.ts
// Never re-record to make this suite pass after changing the workflow: issues started under the old code are still
// running. Put the new logic behind `patched('<change-id>')` in workflows/issue.workflow.ts, keep the old branch for
// the old histories, and add a fixture of the new path; `deprecatePatch` and removal come once no old run is left.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, type ReplayResult, type WorkflowBundle } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { HISTORIES_DIR, bundleWorkflows, quietTemporalLogs } from './support/issue-harness';

const fixtures = readdirSync(HISTORIES_DIR)
  .filter((file) => file.endsWith('.json'))
  .sort();

let current: WorkflowBundle;
let changed: WorkflowBundle;

beforeAll(async () => {
  quietTemporalLogs();
  [current, changed] = await Promise.all([
    bundleWorkflows(),
    bundleWorkflows(join(__dirname, 'support', 'changed-issue.workflow.ts')),
  ]);
}, 60_000);

async function replayAll(workflowBundle: WorkflowBundle): Promise<ReplayResult[]> {
  const histories = fixtures.map((file) => ({
    workflowId: file.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8'))),
  }));
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) results.push(result);
  return results;
}

test('the recorded runs cover the representative paths', () => {
  expect(fixtures).toEqual(
    expect.arrayContaining([
      'on-time-reply.json',
      'escalated-three-levels.json',
      'extended-twice.json',
      'sent-back-then-assigned.json',
      'b-reply-follow-up-kept.json',
      'b-reply-follow-up-missed.json',
      'second-handling-satisfied.json',
      'not-rated.json',
      // after the local-read-activities patch
      'local-read-activities-on-time-reply.json',
      'local-read-activities-escalated-three-levels.json',
      // after the judge-at-receipt patch (commands stamped by the API, deadline steps waiting for commands in flight)
      'judge-at-receipt-on-time-reply.json',
      'judge-at-receipt-escalated-three-levels.json',
      'judge-at-receipt-reply-received-late.json',
      'judge-at-receipt-rated-in-window.json',
      // after the co-handlers-released-on-reply and rehandling-notice patches, with a county office's referral
      'co-handlers-released-rehandling-notice-referred-by-county.json',
      // after the defer-to-pending-commands patch: the overdue step waits for a reply saved before the deadline
      'defer-to-pending-commands-reply-saved-delivered-after-deadline.json',
      // after the merge-into patch: a repeated issue merged into another (issue.merge.workflow.e2e-spec.ts)
      'merge-into.json',
    ]),
  );
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
