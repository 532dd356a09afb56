// What every workflow test file needs: one time-skipping Temporal test server, one workflow bundle and one worker
// with in-memory activities; quiet logs; and replay fixtures written from a run's history.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { findProjectRoot, findTemporalTestServer } from '@app/stack';

const ROOT = findProjectRoot();
export const WORKFLOWS_PATH = join(ROOT, 'workflows', 'index.ts');
export const HISTORIES_DIR = join(ROOT, 'test', 'fixtures', 'histories');

/** Keeps the worker's and webpack's info lines out of test output; warnings and errors still show. */
export function quietTemporalLogs(): void {
  try {
    // The test server lacks a newer server's capability that core warns about at every worker start: log errors only.
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // Already installed in this process by an earlier call.
  }
}

export function bundleWorkflows(workflowsPath = WORKFLOWS_PATH): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
}

// The SDK gives the test server it spawns only a short while to answer; on a busy 2-core machine the first start can
// miss it, so try again before failing the suite.
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

/** With RECORD_HISTORIES=1, keeps a run's history as a replay fixture `<dir>/<file>.json`, formatted. */
export async function keepHistoryIfRecording(handle: WorkflowHandle, dir: string, file: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const path = join(dir, `${file}.json`);
  await mkdir(dir, { recursive: true });
  await writeFile(path, `${historyToJSON(await handle.fetchHistory())}\n`);
  await promisify(execFile)(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', path]);
}

/** The server, bundle and worker of one test file; a harness adds the moves its workflow's tests need. */
export abstract class TimeSkippingHarness {
  abstract readonly taskQueue: string;
  private environment?: TestWorkflowEnvironment;
  private worker?: Worker;
  private running?: Promise<void>;

  /** The activities the worker registers: an object of functions, as the worker takes own properties only. */
  protected abstract workerActivities(): object;

  /** Runs once the server is up, before the worker starts (e.g. to register search attributes). */
  protected async prepare(_env: TestWorkflowEnvironment): Promise<void> {}

  get env(): TestWorkflowEnvironment {
    if (!this.environment) throw new Error(`${this.constructor.name}.setUp() has not run`);
    return this.environment;
  }

  async setUp(): Promise<void> {
    quietTemporalLogs();
    const [env, workflowBundle] = await Promise.all([startTimeSkippingServer(), bundleWorkflows()]);
    this.environment = env;
    await this.prepare(env);
    this.worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: this.taskQueue,
      workflowBundle,
      activities: this.workerActivities(),
    });
    this.running = this.worker.run();
  }

  async tearDown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.environment?.teardown();
  }
}
