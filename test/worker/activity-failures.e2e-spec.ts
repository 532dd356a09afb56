// Issue #11, defect 2: an activity that fails on bad data is not retried forever. Inputs smuggled past the API (a NUL
// byte, a value longer than its column allows) reach the real recordTransition through a real worker on the Temporal
// dev server; the worker's classifier makes the failure non-retryable after one attempt, records it, and supervisors
// see it in GET /api/supervision/stuck.
import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, Runtime, type NativeConnection, type Worker } from '@temporalio/worker';
import { APP_CONFIG } from '@app/config';
import type { RecordTransitionInput } from '@app/contracts';
import { queryRows } from '@app/database';
import { NON_TRANSIENT_DATABASE_ERROR } from '../../apps/worker/src/failures/activity-failure.interceptor';
import { createWorker } from '../../apps/worker/src/run-worker';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startTestApp, type TestApp } from '../auth/support/test-app';
import { prepareWorkload } from '../../scripts/bench/transition-workload';
import type { poisonedStep } from './support/poisoned-step.workflow';

interface StuckStep {
  workflowId: string;
  issueId: string | null;
  activity: string;
  step: string;
  errorType: string;
  errorCode: string | null;
  message: string;
  attempts: number;
}

describe('an activity failing on bad data', () => {
  let t: TestApp;
  let context: TestingModule;
  let worker: Worker;
  let workerConnection: NativeConnection;
  let running: Promise<void>;
  let connection: Connection;
  let client: Client;
  const taskQueue = `poison-${randomUUID()}`;

  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Installed already in this process.
    }
    t = await startTestApp({ TEMPORAL_TASK_QUEUE: taskQueue });
    context = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(t.config)
      .compile();
    context.useLogger(false);
    await context.init();
    ({ worker, connection: workerConnection } = await createWorker(context, {
      taskQueue,
      workflowsPath: require.resolve('./support/poisoned-step.workflow'),
    }));
    running = worker.run();
    connection = await Connection.connect({ address: t.config.TEMPORAL_ADDRESS });
    client = new Client({ connection, namespace: t.config.TEMPORAL_NAMESPACE });
  });

  afterAll(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    await workerConnection?.close();
    await connection?.close();
    await context?.close();
    await t?.close();
  });

  async function runPoisoned(input: RecordTransitionInput): Promise<{ workflowId: string; failure: unknown }> {
    const workflowId = `poisoned-${randomUUID()}`;
    const failure = await client.workflow
      .execute<typeof poisonedStep>('poisonedStep', { taskQueue, workflowId, args: [input] })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    return { workflowId, failure };
  }

  async function attemptsStarted(workflowId: string): Promise<number> {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).filter((e) => e.activityTaskStartedEventAttributes).length;
  }

  it.each([
    ['a NUL byte in the actor label', '22021', (input: RecordTransitionInput) => (input.actor = { label: 'a\0b' })],
    [
      'an over-long status that no CHECK allows',
      '23514',
      (input: RecordTransitionInput) => {
        input.status = 'x'.repeat(5000) as RecordTransitionInput['status'];
      },
    ],
  ])('%s fails once, for good, is recorded and shows in the stuck queue', async (_, sqlState, poison) => {
    const [issue] = await prepareWorkload(t.db, 1);
    const input: RecordTransitionInput = {
      issueId: issue.id,
      stepKey: `poisoned:${sqlState}`,
      type: 'triage',
      at: new Date().toISOString(),
      status: 'triage',
      data: {},
    };
    poison(input);
    const { workflowId, failure } = await runPoisoned(input);

    // The workflow hears of it at once, as a non-retryable failure of a stable type, after a single attempt.
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (failure as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    const cause = (activityFailure as ActivityFailure).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe(NON_TRANSIENT_DATABASE_ERROR);
    expect((cause as ApplicationFailure).nonRetryable).toBe(true);
    expect(await attemptsStarted(workflowId)).toBe(1);

    // Recorded once, against the issue, with nothing of the step written.
    const rows = await queryRows<{ issue_id: string; error_code: string; attempts: number; message: string }>(
      t.db,
      `SELECT issue_id, error_code, attempts, message FROM operations.activity_failures WHERE workflow_id = $1`,
      [workflowId],
    );
    expect(rows).toEqual([
      { issue_id: issue.id, error_code: sqlState, attempts: 1, message: expect.any(String) as string },
    ]);
    // Named by its SQLSTATE and place, never with the value (PostgreSQL's own message may quote personal data).
    expect(rows[0].message).toContain(`(SQLSTATE ${sqlState})`);
    expect((cause as ApplicationFailure).message).not.toMatch(/x{20}|a\0b/);
    expect(await queryRows(t.db, `SELECT 1 FROM issue_events WHERE issue_id = $1`, [issue.id])).toEqual([]);

    // Visible to the township's supervisor; not to another county's.
    const township = (await t.http.login('supervisor.rongjiawan')).accessToken;
    const stuck = await t.http.get<{ items: StuckStep[]; total: number }>('/api/supervision/stuck?limit=100', township);
    expect(stuck.status).toBe(200);
    expect(stuck.body.items).toContainEqual(
      expect.objectContaining({
        workflowId,
        issueId: issue.id,
        activity: 'recordTransition',
        step: input.stepKey,
        errorType: NON_TRANSIENT_DATABASE_ERROR,
        errorCode: sqlState,
        attempts: 1,
      }),
    );
  });

  it('keeps the stuck queue to the regions the user supervises', async () => {
    const elsewhere = (await t.http.login(OTHER_TOWNSHIP_LIAISON)).accessToken;
    const stuck = await t.http.get<{ items: StuckStep[]; total: number }>('/api/supervision/stuck', elsewhere);
    expect(stuck.status).toBe(200);
    expect(stuck.body).toMatchObject({ items: [], total: 0 });
    const deputy = (await t.http.login('deputy.zhangzhiqiang')).accessToken;
    expect((await t.http.get('/api/supervision/stuck', deputy)).status).toBe(403);
  });
});

/** Keeps liaison for another township of the county: none of the poisoned issues lies there. */
const OTHER_TOWNSHIP_LIAISON = 'liaison.huangshajie';
