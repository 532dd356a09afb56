// Owns the nightly clean-up run: started by the `lianluo-maintenance` schedule, it asks the worker to delete the
// records whose retention has run out, one bounded batch per kind at a time, until none is left or the run's budget
// of rounds is spent, and reports how many of each it deleted. Since the retention patch it then erases voter data
// past its retention, deletes old access-log rows, checks the records' hash chains and signs their heads (issue #16).
//
// Determinism: `new Date()` is the workflow task's time, recorded in history, so a replay measures retention from
// the same instant. Any change to the activity calls must go behind `patched()` (see maintenance.replay.e2e-spec.ts).
import { log, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../libs/contracts/src/activity-liveness';
import {
  MAINTENANCE_BATCH_SIZE,
  MAINTENANCE_MAX_ROUNDS,
  PURGED_RECORDS,
  noPurgeCounts,
  type MaintenanceActivities,
  type MaintenanceResult,
  type MaintenanceWorkflowInput,
} from '../libs/contracts/src/maintenance-workflow';

const { purgeExpiredRecords } = proxyActivities<MaintenanceActivities>({
  // One batch per kind is a few short DELETEs; minutes mean the database is in trouble, so try again later.
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  // Backs off to once every 10 s, so the run resumes soon after the database returns; gives up after an hour of
  // trying (the next night's run starts afresh) instead of after a count of attempts.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
  scheduleToCloseTimeout: '1 hour',
});

const { applyRetention } = proxyActivities<MaintenanceActivities>({
  // Like the purge: short batches, resumed soon after the database returns, given up after an hour.
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
  scheduleToCloseTimeout: '1 hour',
});
const { sealRecords } = proxyActivities<MaintenanceActivities>({
  // Walks every chain: minutes for a province's records (heartbeating all along). A failure is surfaced, not retried
  // for hours.
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 3 },
});

/** Patch: runs since then also erase personal data past its retention and seal the records (issue #16). */
export const RETENTION_AND_RECORDS_PATCH = 'retention-and-records';

export async function maintenanceWorkflow(input: MaintenanceWorkflowInput = {}): Promise<MaintenanceResult> {
  const asOf = new Date().toISOString();
  const batchSize = input.batchSize ?? MAINTENANCE_BATCH_SIZE;
  const maxRounds = input.maxRounds ?? MAINTENANCE_MAX_ROUNDS;
  const deleted = noPurgeCounts();
  let rounds = 0;
  let more = true;
  while (more && rounds < maxRounds) {
    const batch = await purgeExpiredRecords({ asOf, batchSize });
    for (const kind of PURGED_RECORDS) deleted[kind] += batch.deleted[kind];
    more = batch.more;
    rounds += 1;
  }
  const result: MaintenanceResult = { asOf, rounds, complete: !more, deleted };
  if (patched(RETENTION_AND_RECORDS_PATCH)) {
    const runKey = workflowInfo().runId;
    const retention = { erasedIssues: 0, prunedAccessLogs: 0, complete: false };
    let batches = 0;
    let due = true;
    while (due && batches < maxRounds) {
      const batch = await applyRetention({ asOf, runKey, batchSize });
      retention.erasedIssues += batch.erasedIssues;
      retention.prunedAccessLogs += batch.prunedAccessLogs;
      due = batch.more;
      batches += 1;
    }
    retention.complete = !due;
    result.retention = retention;
    result.records = await sealRecords({ asOf, runKey });
    if (!result.records.ok)
      log.error('The records hash chains are broken: the admins were told', { ...result.records });
  }
  if (more) log.warn('Maintenance stopped with records still due; the next run continues', { ...result });
  else log.info('Maintenance deleted expired records', { ...result });
  return result;
}
