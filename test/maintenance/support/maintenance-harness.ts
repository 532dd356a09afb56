// A time-skipping Temporal test server with a worker that runs the real workflow bundle and scripted maintenance
// activities, for the workflow suite; with RECORD_HISTORIES=1 it keeps a run's history as a replay fixture.
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { MaintenanceActivities, PurgeExpiredInput, PurgeExpiredResult } from '@app/contracts';
import { HISTORIES_DIR, TimeSkippingHarness, keepHistoryIfRecording } from '../../workflows/support/time-skipping';

export { WORKFLOWS_PATH, bundleWorkflows, quietTemporalLogs } from '../../workflows/support/time-skipping';

/**
 * Beside the issue histories, in a folder of its own: the issue replay suite replays every *.json directly in
 * test/fixtures/histories against an issue-only bundle, which has no maintenance workflow.
 */
export const MAINTENANCE_HISTORIES_DIR = join(HISTORIES_DIR, 'maintenance');

/** What purgeExpiredRecords answers, call by call; an Error is thrown instead (to show the retry). */
export type ScriptedBatch = PurgeExpiredResult | Error;

export class ScriptedMaintenanceActivities implements MaintenanceActivities {
  readonly calls: PurgeExpiredInput[] = [];
  private script: ScriptedBatch[] = [];

  play(script: ScriptedBatch[]): void {
    this.script = [...script];
    this.calls.length = 0;
  }

  purgeExpiredRecords(input: PurgeExpiredInput): Promise<PurgeExpiredResult> {
    this.calls.push(input);
    const next = this.script.shift();
    if (next === undefined) return Promise.reject(new Error('no scripted batch left'));
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  }
}

export class MaintenanceHarness extends TimeSkippingHarness {
  readonly activities = new ScriptedMaintenanceActivities();
  readonly taskQueue = 'maintenance-workflow-tests';

  protected workerActivities(): object {
    return { purgeExpiredRecords: (input: PurgeExpiredInput) => this.activities.purgeExpiredRecords(input) };
  }

  /** With RECORD_HISTORIES=1, keeps the run's history as a replay fixture (see maintenance.replay.e2e-spec.ts). */
  async keepHistory(handle: WorkflowHandle, name: string): Promise<void> {
    await keepHistoryIfRecording(handle, MAINTENANCE_HISTORIES_DIR, `maintenance-${name}`);
  }
}
