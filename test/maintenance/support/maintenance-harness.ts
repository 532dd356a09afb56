// A time-skipping Temporal test server with a worker that runs the real workflow bundle and scripted maintenance
// activities, for the workflow suite; with RECORD_HISTORIES=1 it keeps a run's history as a replay fixture.
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type {
  ApplyRetentionInput,
  ApplyRetentionResult,
  MaintenanceActivities,
  PurgeExpiredInput,
  PurgeExpiredResult,
  SealRecordsInput,
  SealRecordsResult,
} from '@app/contracts';
import { HISTORIES_DIR, TimeSkippingHarness, keepHistoryIfRecording } from '../../workflows/support/time-skipping';

export { WORKFLOWS_PATH, bundleWorkflows, quietTemporalLogs } from '../../workflows/support/time-skipping';

/**
 * Beside the issue histories, in a folder of its own: the issue replay suite replays every *.json directly in
 * test/fixtures/histories against an issue-only bundle, which has no maintenance workflow.
 */
export const MAINTENANCE_HISTORIES_DIR = join(HISTORIES_DIR, 'maintenance');

/** What purgeExpiredRecords answers, call by call; an Error is thrown instead (to show the retry). */
export type ScriptedBatch = PurgeExpiredResult | Error;

const NOTHING_DUE: ApplyRetentionResult = { erasedIssues: 0, prunedAccessLogs: 0, more: false };
export const SEALED: SealRecordsResult = { ok: true, rows: 0, problems: 0, digestFile: null };

export class ScriptedMaintenanceActivities implements MaintenanceActivities {
  readonly calls: PurgeExpiredInput[] = [];
  readonly retentionCalls: ApplyRetentionInput[] = [];
  readonly sealCalls: SealRecordsInput[] = [];
  private script: ScriptedBatch[] = [];
  private retentionScript: ApplyRetentionResult[] = [];

  /** The purge batches, then (by default nothing due) the retention batches. */
  play(script: ScriptedBatch[], retention: ApplyRetentionResult[] = []): void {
    this.script = [...script];
    this.retentionScript = [...retention];
    this.calls.length = 0;
    this.retentionCalls.length = 0;
    this.sealCalls.length = 0;
  }

  applyRetention(input: ApplyRetentionInput): Promise<ApplyRetentionResult> {
    this.retentionCalls.push(input);
    return Promise.resolve(this.retentionScript.shift() ?? NOTHING_DUE);
  }

  sealRecords(input: SealRecordsInput): Promise<SealRecordsResult> {
    this.sealCalls.push(input);
    return Promise.resolve(SEALED);
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
    return {
      purgeExpiredRecords: (input: PurgeExpiredInput) => this.activities.purgeExpiredRecords(input),
      applyRetention: (input: ApplyRetentionInput) => this.activities.applyRetention(input),
      sealRecords: (input: SealRecordsInput) => this.activities.sealRecords(input),
    };
  }

  /** With RECORD_HISTORIES=1, keeps the run's history as a replay fixture (see maintenance.replay.e2e-spec.ts). */
  async keepHistory(handle: WorkflowHandle, name: string): Promise<void> {
    await keepHistoryIfRecording(handle, MAINTENANCE_HISTORIES_DIR, `maintenance-${name}`);
  }
}
