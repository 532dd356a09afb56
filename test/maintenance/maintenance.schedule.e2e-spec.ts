// The nightly schedule on the real Temporal dev server: starting the worker (runWorker, as apps/worker's main does)
// leaves the `lianluo-maintenance` schedule in place with its spec, making sure of it again is harmless (and keeps
// an operator's pause), and a triggered run goes through the real worker to the database and back with its counts.
import { randomUUID } from 'node:crypto';
import type { TestingModule } from '@nestjs/testing';
import { Test } from '@nestjs/testing';
import { Client, Connection, type ScheduleDescription, type ScheduleHandle } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, loadConfig, type AppConfig } from '@app/config';
import {
  MAINTENANCE_SCHEDULE_ID,
  MAINTENANCE_TIME_ZONE,
  MAINTENANCE_WORKFLOW_TYPE,
  type MaintenanceResult,
} from '@app/contracts';
import { seedDemoData } from '@app/database';
import { MailCatcher } from '@app/mail';
import { ensureMaintenanceSchedule } from '../../apps/worker/src/maintenance/maintenance.schedule';
import { runWorker } from '../../apps/worker/src/run-worker';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createMigratedDatabase } from '../support/database';
import { quietTemporalLogs } from './support/maintenance-harness';

const DAY = 86_400_000;

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('maintenance schedule', () => {
  let db: DataSource;
  let mail: MailCatcher;
  let config: AppConfig;
  let context: TestingModule;
  let connection: Connection;
  let client: Client;
  let handle: ScheduleHandle;
  let stop: () => void;
  let running: Promise<void>;

  beforeAll(async () => {
    quietTemporalLogs();
    const created = await createMigratedDatabase('maintenance_schedule');
    db = created.dataSource;
    await seedDemoData(db);
    mail = await new MailCatcher().start();
    config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: created.url,
      SMTP_URL: mail.url,
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: `maintenance-schedule-${randomUUID()}`,
    });
    connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    // A server shared with other runs may hold a schedule from before: the worker must start from none.
    await client.schedule
      .getHandle(MAINTENANCE_SCHEDULE_ID)
      .delete()
      .catch(() => undefined);

    context = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    context.useLogger(['error', 'warn']);
    await context.init();
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    running = runWorker(context, stopped);
    handle = client.schedule.getHandle(MAINTENANCE_SCHEDULE_ID);
    await eventually('the schedule', () => handle.describe());
  }, 180_000);

  afterAll(async () => {
    stop?.();
    await running?.catch(() => undefined);
    await handle?.delete().catch(() => undefined);
    await connection?.close();
    await context?.close();
    await db?.destroy();
    await mail?.stop();
  });

  function expectDaily0300(description: ScheduleDescription): void {
    expect(description.spec.timezone).toBe(MAINTENANCE_TIME_ZONE);
    expect(description.spec.calendars).toHaveLength(1);
    expect(description.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: 3, end: 3, step: 1 }],
      minute: [{ start: 0, end: 0, step: 1 }],
      second: [{ start: 0, end: 0, step: 1 }],
    });
    // Every day, at 19:00 UTC (03:00 in UTC+8, which keeps no summer time).
    const next = description.info.nextActionTimes.slice(0, 2);
    expect(next.map((time) => time.toISOString().slice(11))).toEqual(['19:00:00.000Z', '19:00:00.000Z']);
    expect(next[1].getTime() - next[0].getTime()).toBe(DAY);
  }

  it('exists after the worker starts, daily at 03:00 China time, starting the maintenance workflow', async () => {
    const description = await handle.describe();
    expectDaily0300(description);
    expect(description.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: MAINTENANCE_WORKFLOW_TYPE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
    });
    expect(description.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: DAY });
    expect(description.state.paused).toBe(false);
  });

  it('is made sure of again harmlessly: once more, twice at once, keeping a pause and undoing a drifted spec', async () => {
    await handle.pause('paused by the operator for the test');
    await handle.update((current) => ({
      ...current,
      spec: { ...current.spec, calendars: [{ hour: 5, comment: 'drifted' }] },
      state: current.state,
    }));
    await ensureMaintenanceSchedule(client, config);
    await Promise.all([ensureMaintenanceSchedule(client, config), ensureMaintenanceSchedule(client, config)]);

    const description = await handle.describe();
    expectDaily0300(description);
    expect(description.state).toMatchObject({ paused: true, note: 'paused by the operator for the test' });
    await handle.unpause('resumed by the test');
  });

  it('runs the workflow on the worker when triggered, deleting what is due and reporting the counts', async () => {
    const [user] = await db.query<{ id: string }[]>(`SELECT id FROM users WHERE username = 'admin'`);
    const longAgo = new Date(Date.now() - 90 * DAY);
    const [dead] = await db.query<{ id: string }[]>(
      `INSERT INTO auth_sessions (user_id, created_at, expires_at) VALUES ($1, $2, $2) RETURNING id`,
      [user.id, longAgo],
    );
    await db.query(`INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES ($1, $2, $3)`, [
      randomUUID(),
      dead.id,
      longAgo,
    ]);

    await handle.trigger();
    const workflowId = await eventually('a run of the schedule', async () => {
      const action = (await handle.describe()).info.recentActions[0]?.action;
      return action?.workflow.workflowId;
    });
    const result = (await client.workflow.getHandle(workflowId).result()) as MaintenanceResult;
    expect(result).toMatchObject({
      complete: true,
      deleted: { authSessions: 1, refreshTokens: 1, replyLinkUses: 0 },
    });
    expect(await db.query(`SELECT id FROM auth_sessions WHERE id = $1`, [dead.id])).toEqual([]);
  });
});
