// The API as test/auth boots it (real PostgreSQL with the demo data, the shared Temporal dev server, an SMTP catcher),
// on a task queue of the suite's own, plus — for the end-to-end suites — a real worker in process: the worker's Nest
// context over the same database and mail catcher, with the workflow bundle built once per suite.
import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { DefaultLogger, Runtime, bundleWorkflowCode, type NativeConnection, type Worker } from '@temporalio/worker';
import { APP_CONFIG } from '@app/config';
import { TemporalClientService } from '@app/temporal';
import { CommandReceiptsRepository } from '../../../apps/worker/src/issues/command-receipts.repository';
import { ReceiptReconciler } from '../../../apps/worker/src/issues/receipt-reconciler';
import { createWorker, WORKFLOWS_PATH } from '../../../apps/worker/src/run-worker';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import type { ErrorBody, HttpResponse } from '../../auth/support/http';
import { startTestApp, type TestApp } from '../../auth/support/test-app';

export const PUBLIC_URL = 'http://lianluo.test';

export interface IssueTestApp extends TestApp {
  taskQueue: string;
  /** Signs in once per username and keeps the access token. */
  tokenOf(username: string): Promise<string>;
  /** Stops the in-process worker (a worker that is down); its workflows wait on the server. */
  stopWorker(): Promise<void>;
  /** Starts the in-process worker again after stopWorker(). */
  startWorker(): Promise<void>;
}

export interface StartOptions {
  /** Run a worker in process (the end-to-end suites); without one, workflows started by the suite never run. */
  worker?: boolean;
  env?: Record<string, string>;
  /** The task queue (default: a new one); a suite that restarts on restored Temporal data keeps the workflow's own. */
  taskQueue?: string;
}

/** Keeps the worker's and the bundler's info lines out of the test output; warnings and errors still show. */
function quietTemporalLogs(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already in this process.
  }
}

export async function startIssueApp(options: StartOptions = {}): Promise<IssueTestApp> {
  const taskQueue = options.taskQueue ?? `issues-${randomUUID()}`;
  if (options.worker) quietTemporalLogs();
  const [t, workflowBundle] = await Promise.all([
    startTestApp({ TEMPORAL_TASK_QUEUE: taskQueue, PUBLIC_URL, ...options.env }),
    options.worker ? bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') }) : null,
  ]);
  let context: TestingModule | undefined;
  let worker: Worker | undefined;
  let connection: NativeConnection | undefined;
  let running: Promise<void> | undefined;
  // As in runWorker: beside the worker, the receipt reconciler delivers the commands saved while it was away.
  let receipts: ReceiptReconciler | undefined;
  const startReceipts = (): void => {
    receipts = new ReceiptReconciler(new CommandReceiptsRepository(t.db), t.app.get(TemporalClientService).client);
    receipts.start();
  };
  try {
    if (workflowBundle) {
      context = await Test.createTestingModule({ imports: [WorkerModule] })
        .overrideProvider(APP_CONFIG)
        .useValue(t.config)
        .compile();
      context.useLogger(['error', 'warn']);
      await context.init();
      ({ worker, connection } = await createWorker(context, { taskQueue, workflowBundle, workflowsPath: undefined }));
      running = worker.run();
      startReceipts();
    }
  } catch (error) {
    await context?.close();
    await t.close();
    throw error;
  }

  const stopWorker = async (): Promise<void> => {
    await receipts?.stop();
    receipts = undefined;
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection?.close();
    worker = connection = running = undefined;
  };
  const tokens = new Map<string, string>();
  return {
    ...t,
    taskQueue,
    stopWorker,
    async startWorker(): Promise<void> {
      if (!context || !workflowBundle)
        throw new Error('startIssueApp({ worker: true }) runs a worker; this one has none');
      ({ worker, connection } = await createWorker(context, { taskQueue, workflowBundle, workflowsPath: undefined }));
      running = worker.run();
      startReceipts();
    },
    async tokenOf(username: string): Promise<string> {
      let token = tokens.get(username);
      if (!token) {
        token = (await t.http.login(username)).accessToken;
        tokens.set(username, token);
      }
      return token;
    },
    async close(): Promise<void> {
      await stopWorker();
      await context?.close();
      await t.close();
    },
  };
}

/** Fails the test with the answer's body when the status is not the expected one; returns the body. */
export function expectStatus<T>(response: HttpResponse<T | ErrorBody>, status: number): T {
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body as T;
}

/** Polls until `probe` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
