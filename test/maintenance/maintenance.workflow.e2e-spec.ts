// The maintenance workflow on Temporal's time-skipping test server with scripted activities: it measures retention
// from one instant for the whole run, calls the clean-up activity until nothing more is due (or its budget of
// rounds is spent), rides out a failing database with the activity's retries, and reports the counts.
// With RECORD_HISTORIES=1 the first run is kept as the replay fixture (see maintenance.replay.e2e-spec.ts).
import { randomUUID } from 'node:crypto';
import {
  MAINTENANCE_BATCH_SIZE,
  MAINTENANCE_WORKFLOW_TYPE,
  type MaintenanceResult,
  type MaintenanceWorkflowInput,
  type PurgeCounts,
} from '@app/contracts';
import { MaintenanceHarness, SEALED } from './support/maintenance-harness';

const harness = new MaintenanceHarness();
const activities = harness.activities;

beforeAll(() => harness.setUp(), 120_000);
afterAll(() => harness.tearDown());

const batch = (deleted: PurgeCounts, more: boolean) => ({ deleted, more });

function start(input: MaintenanceWorkflowInput = {}) {
  return harness.env.client.workflow.start(MAINTENANCE_WORKFLOW_TYPE, {
    taskQueue: harness.taskQueue,
    workflowId: `maintenance-test-${randomUUID()}`,
    args: [input],
  });
}

it('calls the clean-up until nothing more is due, with one instant for the whole run, and sums the counts', async () => {
  activities.play([
    batch({ authSessions: 1000, refreshTokens: 2100, replyLinkUses: 12 }, true),
    batch({ authSessions: 17, refreshTokens: 40, replyLinkUses: 0 }, false),
  ]);
  const handle = await start();
  const result = (await handle.result()) as MaintenanceResult;

  expect(result).toEqual({
    asOf: activities.calls[0].asOf,
    rounds: 2,
    complete: true,
    deleted: { authSessions: 1017, refreshTokens: 2140, replyLinkUses: 12 },
    retention: { erasedIssues: 0, prunedAccessLogs: 0, complete: true },
    records: SEALED,
  });
  expect(activities.calls).toEqual([
    { asOf: result.asOf, batchSize: MAINTENANCE_BATCH_SIZE },
    { asOf: result.asOf, batchSize: MAINTENANCE_BATCH_SIZE },
  ]);
  // The run's own start: the workflow task's clock, recorded in history, not the worker machine's.
  const { startTime } = await handle.describe();
  expect(Math.abs(Date.parse(result.asOf) - startTime.getTime())).toBeLessThan(60_000);
  await harness.keepHistory(handle, 'two-batches');
});

it('stops after its budget of rounds and says the work is not complete', async () => {
  const more = batch({ authSessions: 5, refreshTokens: 5, replyLinkUses: 5 }, true);
  activities.play([more, more, more, more]);
  const result = (await (await start({ batchSize: 5, maxRounds: 3 })).result()) as MaintenanceResult;
  expect(result).toMatchObject({
    rounds: 3,
    complete: false,
    deleted: { authSessions: 15, refreshTokens: 15, replyLinkUses: 15 },
  });
  expect(activities.calls.map((call) => call.batchSize)).toEqual([5, 5, 5]);
});

it('retries the activity after a failure (backoff skipped by the test server) and completes', async () => {
  activities.play([
    new Error('connection terminated unexpectedly'),
    new Error('connection terminated unexpectedly'),
    batch({ authSessions: 0, refreshTokens: 0, replyLinkUses: 3 }, false),
  ]);
  const handle = await start();
  const result = (await handle.result()) as MaintenanceResult;
  expect(result).toMatchObject({ rounds: 1, complete: true, deleted: { replyLinkUses: 3 } });
  expect(activities.calls).toHaveLength(3);
  // 1 s, then 2 s of backoff (capped at 10 s, so the run resumes soon after the database returns).
  const { startTime, closeTime } = await handle.describe();
  expect(closeTime!.getTime() - startTime.getTime()).toBeGreaterThanOrEqual(3000);
});

it('then erases personal data past its retention until none is due, and seals the records, all under the run key', async () => {
  activities.play(
    [batch({ authSessions: 0, refreshTokens: 0, replyLinkUses: 0 }, false)],
    [
      { erasedIssues: 1000, prunedAccessLogs: 7, more: true },
      { erasedIssues: 3, prunedAccessLogs: 0, more: false },
    ],
  );
  const handle = await start();
  const result = (await handle.result()) as MaintenanceResult;
  expect(result.retention).toEqual({ erasedIssues: 1003, prunedAccessLogs: 7, complete: true });
  expect(result.records).toEqual(SEALED);
  const { runId } = await handle.describe();
  expect(activities.retentionCalls).toEqual([
    { asOf: result.asOf, runKey: runId, batchSize: MAINTENANCE_BATCH_SIZE },
    { asOf: result.asOf, runKey: runId, batchSize: MAINTENANCE_BATCH_SIZE },
  ]);
  expect(activities.sealCalls).toEqual([{ asOf: result.asOf, runKey: runId }]);
  await harness.keepHistory(handle, 'retention-and-records');
});
