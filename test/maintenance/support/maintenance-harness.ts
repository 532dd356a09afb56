// A time-skipping Temporal test server with a worker that runs the real workflow bundle and scripted maintenance
// activities, for the workflow suite; with RECORD_HISTORIES=1 it keeps a run's history as a replay fixture.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import type { MaintenanceActivities, PurgeExpiredInput, PurgeExpiredResult } from '@app/contracts';
import { findProjectRoot, findTemporalTestServer } from '@app/stack';

const ROOT = findProjectRoot();
export const WORKFLOWS_PATH = join(ROOT, 'workflows', 'index.ts');
/**
 * Beside the issue histories, in a folder of its own: the issue replay suite replays every *.json directly in
 * test/fixtures/histories against an issue-only bundle, which has no maintenance workflow.
 */
export const MAINTENANCE_HISTORIES_DIR = join(ROOT, 'test', 'fixtures', 'histories', 'maintenance');

/** Keeps the worker's and webpack's info lines out of test output; warnings and errors still show. */
export function quietTemporalLogs(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // Already installed in this process.
  }
}

export function bundleWorkflows(workflowsPath = WORKFLOWS_PATH): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
}

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

// The SDK gives the test server it spawns only a short while to answer; on a busy machine the first start can miss it.
async function startTimeSkippingServer(attempts = 3): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: findTemporalTestServer() } },
      });
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

export class MaintenanceHarness {
  readonly activities = new ScriptedMaintenanceActivities();
  readonly taskQueue = 'maintenance-workflow-tests';
  private environment?: TestWorkflowEnvironment;
  private worker?: Worker;
  private running?: Promise<void>;

  get env(): TestWorkflowEnvironment {
    if (!this.environment) throw new Error('MaintenanceHarness.setUp() has not run');
    return this.environment;
  }

  async setUp(): Promise<void> {
    quietTemporalLogs();
    const [env, workflowBundle] = await Promise.all([startTimeSkippingServer(), bundleWorkflows()]);
    this.environment = env;
    this.worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: this.taskQueue,
      workflowBundle,
      // An object of functions: the worker registers own properties, not a class's prototype methods.
      activities: { purgeExpiredRecords: (input: PurgeExpiredInput) => this.activities.purgeExpiredRecords(input) },
    });
    this.running = this.worker.run();
  }

  async tearDown(): Promise<void> {
    this.worker?.shutdown();
    await this.running;
    await this.environment?.teardown();
  }

  /** With RECORD_HISTORIES=1, keeps the run's history as a replay fixture (see maintenance.replay.e2e-spec.ts). */
  async keepHistory(handle: WorkflowHandle, name: string): Promise<void> {
    if (process.env.RECORD_HISTORIES !== '1') return;
    const file = join(MAINTENANCE_HISTORIES_DIR, `maintenance-${name}.json`);
    await mkdir(MAINTENANCE_HISTORIES_DIR, { recursive: true });
    await writeFile(file, `${historyToJSON(await handle.fetchHistory())}\n`);
    // Formatted as the repo's Prettier check expects.
    await promisify(execFile)(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', file]);
  }
}
