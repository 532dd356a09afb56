// The nightly maintenance contract: the schedule that starts it, the workflow's input and result, and the one
// activity that deletes records whose retention has run out. The retention rules themselves live in the activity
// (apps/worker/src/maintenance), next to the SQL that applies them.

/** One schedule per namespace; creating it again at every worker start is harmless (see ensureMaintenanceSchedule). */
export const MAINTENANCE_SCHEDULE_ID = 'lianluo-maintenance';
/** The schedule appends the scheduled time, so each night's run has its own id. */
export const MAINTENANCE_WORKFLOW_ID = 'lianluo-maintenance';
export const MAINTENANCE_WORKFLOW_TYPE = 'maintenanceWorkflow';
/** 03:00 China time: after the day's work, before the morning's first sign-ins. */
export const MAINTENANCE_HOUR = 3;
export const MAINTENANCE_TIME_ZONE = 'Asia/Shanghai';

/** Rows deleted per table per activity call: short transactions that never hold many locks. */
export const MAINTENANCE_BATCH_SIZE = 1000;
/** Activity calls per run at most; what is left over waits for the next night, and the result says so. */
export const MAINTENANCE_MAX_ROUNDS = 100;

/** What one run cleans up. */
export const PURGED_RECORDS = ['authSessions', 'refreshTokens', 'replyLinkUses'] as const;
export type PurgedRecord = (typeof PURGED_RECORDS)[number];
export type PurgeCounts = Record<PurgedRecord, number>;

export function noPurgeCounts(): PurgeCounts {
  return { authSessions: 0, refreshTokens: 0, replyLinkUses: 0 };
}

export interface MaintenanceWorkflowInput {
  /** Defaults to MAINTENANCE_BATCH_SIZE and MAINTENANCE_MAX_ROUNDS; tests pass small ones. */
  batchSize?: number;
  maxRounds?: number;
}

export interface MaintenanceResult {
  /** The instant retention was measured from: the run's start, the same for every batch. */
  asOf: string;
  rounds: number;
  /** False when MAINTENANCE_MAX_ROUNDS ran out with rows still due: the next run carries on. */
  complete: boolean;
  deleted: PurgeCounts;
  /** Personal data past its retention (runs since the retention patch). */
  retention?: { erasedIssues: number; prunedAccessLogs: number; complete: boolean };
  /** The records' hash chains checked and their heads signed (runs since the retention patch). */
  records?: SealRecordsResult;
}

export interface ApplyRetentionInput {
  asOf: string;
  /** The run's key (its workflow run id): the batches of one run are counted into one operations.retention_runs row. */
  runKey: string;
  batchSize: number;
}

export interface ApplyRetentionResult {
  erasedIssues: number;
  prunedAccessLogs: number;
  more: boolean;
}

export interface SealRecordsInput {
  asOf: string;
  runKey: string;
}

export interface SealRecordsResult {
  /** Every chain unbroken (and every signed digest still on its chain). */
  ok: boolean;
  rows: number;
  problems: number;
  /** The digest file written, or null without RECORDS_SIGNING_KEY. */
  digestFile: string | null;
}

export interface PurgeExpiredInput {
  /** ISO instant; records are judged as of this moment, so a retried call deletes the same set. */
  asOf: string;
  batchSize: number;
}

export interface PurgeExpiredResult {
  /** Rows this call deleted, per kind (refresh tokens include those that went with their sessions). */
  deleted: PurgeCounts;
  /** Whether some kind filled its batch, so more rows may be due. */
  more: boolean;
}

export interface MaintenanceActivities {
  /** Deletes at most one batch per kind of record whose retention has run out as of `asOf`. Idempotent. */
  purgeExpiredRecords(input: PurgeExpiredInput): Promise<PurgeExpiredResult>;
  /** Erases one batch of voter data and deletes one batch of access-log rows past their retention. Idempotent. */
  applyRetention(input: ApplyRetentionInput): Promise<ApplyRetentionResult>;
  /** Verifies every hash chain (alerting the admins when one is broken), then signs a digest of their heads. */
  sealRecords(input: SealRecordsInput): Promise<SealRecordsResult>;
}
