// Replays recorded histories of the invitation workflow against the current code, so a change that would break
// invitations already running fails here first. Re-record (only for a new path worth keeping) with
//   RECORD_HISTORIES=1 npx jest test/workflows/invitation.workflow.e2e-spec.ts
// Never re-record to make this pass after a change: put the change behind `patched()` in the workflow instead.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type ReplayResult, type WorkflowBundle } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflows, quietTemporalLogs } from './support/issue-harness';
import { INVITATION_HISTORIES_DIR } from './invitation-harness';

const fixtures = readdirSync(INVITATION_HISTORIES_DIR)
  .filter((file) => file.startsWith('invitation-') && file.endsWith('.json'))
  .sort();

let current: WorkflowBundle;
let changed: WorkflowBundle;

beforeAll(async () => {
  quietTemporalLogs();
  [current, changed] = await Promise.all([
    bundleWorkflows(),
    bundleWorkflows(join(__dirname, 'invitation-changed.workflow.ts')),
  ]);
}, 60_000);

async function replayAll(workflowBundle: WorkflowBundle): Promise<ReplayResult[]> {
  const histories = fixtures.map((file) => ({
    workflowId: file.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(readFileSync(join(INVITATION_HISTORIES_DIR, file), 'utf8'))),
  }));
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) results.push(result);
  return results;
}

test('the recorded runs cover attend, leave approved and cancelled', () => {
  expect(fixtures).toEqual(
    expect.arrayContaining(['invitation-attend.json', 'invitation-leave-approved.json', 'invitation-cancelled.json']),
  );
});

test('every recorded invitation history replays against the current workflow code', async () => {
  const results = await replayAll(current);
  expect(results.map((result) => [result.workflowId, result.error?.message])).toEqual(
    fixtures.map((file) => [file.replace(/\.json$/, ''), undefined]),
  );
});

test('a non-deterministic change to the invitation workflow fails the replay', async () => {
  const results = await replayAll(changed);
  expect(results).toHaveLength(fixtures.length);
  for (const result of results) expect(result.error?.name).toBe('DeterminismViolationError');
});
