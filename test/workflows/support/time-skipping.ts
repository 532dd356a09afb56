// What every workflow test file needs: one time-skipping Temporal test server, one workflow bundle and one worker
// with in-memory activities; quiet logs; and replay fixtures written from a run's history.
import { execFile, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect, promisify } from 'node:util';
import { Connection, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { findProjectRoot, findTemporalTestServer, freePort } from '@app/stack';
import { heartbeatInterceptors } from '../../../apps/worker/src/health/heartbeat.interceptor';
import { until } from '../../support/until';

const ROOT = findProjectRoot();
export const WORKFLOWS_PATH = join(ROOT, 'workflows', 'index.ts');
export const HISTORIES_DIR = join(ROOT, 'test', 'fixtures', 'histories');

/**
 * The Java time-skipping test server refuses a workflow task that cancels a timer it has just fired (the real server
 * drops the buffered TimerFired instead: respondworkflowtaskcompleted's handleCommandCancelTimer), answering
 * "invalid history builder state for action"; the command that task carried is then lost and the test would wait for
 * it until Jest's timeout. A test meets it by taking a command while one of the workflow's timers comes due in real time
 * (time skipping is locked then, but the server's clock still runs), so each test leaves seconds between the two.
 * Should it still happen, every wait of the harness fails at once, saying so.
 */
const TIMER_CANCEL_REFUSED = 'invalid history builder state for action';
let refusal: Error | undefined;
const onRefusal = new Set<(error: Error) => void>();

function noteRefusal(message: string): void {
  refusal ??= new Error(
    `the time-skipping test server refused a workflow task that cancelled a timer it had already fired ("${message}"): ` +
      'a command was taken while a timer came due in real time; give the test more room between them',
  );
  for (const reject of onRefusal) reject(refusal);
}

/** Fails with the server's refusal if it has happened (see TIMER_CANCEL_REFUSED). */
export function assertNoTimerCancelRefused(): void {
  if (refusal) throw refusal;
}

/** Runs `work`, failing at once should the test server refuse a timer's cancellation meanwhile. */
async function unlessRefused<T>(work: Promise<T>): Promise<T> {
  assertNoTimerCancelRefused();
  let stop: (error: Error) => void = () => undefined;
  const refused = new Promise<never>((_, reject) => {
    stop = reject;
    onRefusal.add(stop);
  });
  try {
    return await Promise.race([work, refused]);
  } finally {
    onRefusal.delete(stop);
  }
}

/**
 * Keeps the worker's and webpack's info lines out of test output; warnings and errors still show. Core's warnings come
 * through the same logger, so that a refused timer cancellation is noticed (the server's missing capability that core
 * warns about at every worker start is left out).
 */
export function quietTemporalLogs(): void {
  const printing = new DefaultLogger('WARN');
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN', ({ level, message, meta }) => {
        if (`${message} ${inspect(meta)}`.includes(TIMER_CANCEL_REFUSED)) {
          noteRefusal(message);
        }
        if (message.includes('did not advertise')) return;
        printing.log(level, message, meta);
      }),
      telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
    });
  } catch {
    // Already installed in this process by an earlier call.
  }
}

/** Skips the test server's time to `instant` plus `afterMs` (never back), firing every timer due on the way. */
export async function skipTo(env: TestWorkflowEnvironment, instant: string | number, afterMs: number): Promise<void> {
  const target = (typeof instant === 'number' ? instant : Date.parse(instant)) + afterMs;
  const now = await env.currentTimeMs();
  if (target > now) await unlessRefused(env.sleep(target - now));
}

/** Polls until `probe` answers (anything but undefined or false): activities run in real time after a time skip. */
export function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  return until(
    what,
    async () => {
      assertNoTimerCancelRefused();
      const value = await probe();
      return value === false ? undefined : value;
    },
    timeoutMs,
    20,
  );
}

export function bundleWorkflows(workflowsPath = WORKFLOWS_PATH): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
}

/** A time-skipping test server this process started, and the environment connected to it. */
interface TimeSkippingServer {
  env: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

/**
 * Starts the time-skipping test server ourselves and waits until it answers. The SDK's own start
 * (`createTimeSkipping`) gives the server a fixed 5 s (sdk-core's ephemeral_server: 50 tries, 100 ms apart), which a
 * busy 2-core machine can miss — a start that fails for want of patience, not because anything is wrong. Here the wait
 * is for the server's answer, bounded only by the suite's timeout; then the SDK's environment connects to it as to an
 * existing server, with time skipping on.
 */
async function startTimeSkippingServer(): Promise<TimeSkippingServer> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const child = spawn(findTemporalTestServer(), [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-2000)));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the time-skipping test server exited (${code}): ${output}`))),
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  };
  try {
    await Promise.race([exited, answering(address)]);
    // `create` is the SDK's own constructor path for every kind of server; `createFromExistingServer` would set
    // supportsTimeSkipping to false, so call it with the time-skipping flag the test server supports.
    const env = await (
      TestWorkflowEnvironment as unknown as { create(opts: object): Promise<TestWorkflowEnvironment> }
    ).create({
      server: { type: 'existing' },
      address,
      namespace: 'default',
      supportsTimeSkipping: true,
    });
    return { env, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    exited.catch(() => undefined);
  }
}

/** Resolves once a connection to `address` answers a call (the test server accepts connections a little before). */
async function answering(address: string): Promise<void> {
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
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
  private server?: TimeSkippingServer;
  private worker?: Worker;
  private running?: Promise<void>;

  /** The activities the worker registers: an object of functions, as the worker takes own properties only. */
  protected abstract workerActivities(): object;

  /** Runs once the server is up, before the worker starts (e.g. to register search attributes). */
  protected async prepare(_env: TestWorkflowEnvironment): Promise<void> {}

  get env(): TestWorkflowEnvironment {
    if (!this.server) throw new Error(`${this.constructor.name}.setUp() has not run`);
    return this.server.env;
  }

  async setUp(): Promise<void> {
    quietTemporalLogs();
    const [server, workflowBundle] = await Promise.all([startTimeSkippingServer(), bundleWorkflows()]);
    this.server = server;
    const env = server.env;
    await this.prepare(env);
    this.worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: this.taskQueue,
      workflowBundle,
      activities: this.workerActivities(),
      // As the real worker does: the workflows give their activities a heartbeat timeout.
      interceptors: { activity: [heartbeatInterceptors()] },
    });
    this.running = this.worker.run();
  }

  async tearDown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.server?.env.teardown();
    await this.server?.stop();
  }
}
