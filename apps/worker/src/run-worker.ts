// Owns the Temporal worker's life: connect, register workflows and activities, run until shut down.
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { createActivities } from './activities';
import { activityFailureInterceptors } from './failures/activity-failure.interceptor';
import { ActivityFailuresRepository } from './failures/activity-failures.repository';
import { heartbeatInterceptors, type ActivityEndListener } from './health/heartbeat.interceptor';
import { serveWorkerHealth, WorkerHealth } from './health/worker-health';
import { IntakeReconciler } from './issues/intake-reconciler';
import { IntakeRepository } from './issues/intake.repository';
import { ensureMaintenanceScheduleAt } from './maintenance/maintenance.schedule';
import { RollupFolder } from './maintenance/rollup-folder';

/** Where the workflow code is: `workflows/index` beside apps/, from source or from dist/. */
export const WORKFLOWS_PATH = require.resolve('../../../workflows');

export async function createWorker(
  app: INestApplicationContext,
  overrides: Partial<WorkerOptions> = {},
  onActivityEnd?: ActivityEndListener,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowsPath: WORKFLOWS_PATH,
      activities: createActivities(app),
      interceptors: {
        activity: [
          heartbeatInterceptors(onActivityEnd),
          activityFailureInterceptors(app.get(ActivityFailuresRepository)),
        ],
      },
      ...overrides,
    });
    return { worker, connection };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/**
 * Runs the worker until SIGINT/SIGTERM (Temporal's runtime handles both), or until `until` settles (tests), then
 * closes the connection. The nightly maintenance schedule is made sure of first: a worker that polls is one that
 * will run it. Beside it, the rollup folder keeps the read model's deltas few, and the intake reconciler makes sure
 * that no issue stays without its workflow.
 */
export async function runWorker(app: INestApplicationContext, until?: Promise<unknown>): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const health = new WorkerHealth();
  const { worker, connection } = await createWorker(app, {}, health.activityEnded);
  health.watch(worker, connection);
  // Before the schedule and the first poll, so an orchestrator sees "not ready" rather than nothing while it starts.
  const healthServer = config.WORKER_HEALTH_PORT
    ? await serveWorkerHealth(health, config.HOST, config.WORKER_HEALTH_PORT).catch(async (error: unknown) => {
        health.stop();
        await connection.close();
        throw error;
      })
    : undefined;
  if (healthServer) Logger.log(`Worker health on http://${config.HOST}:${config.WORKER_HEALTH_PORT}/health`, 'Worker');
  // The read model's rollups are folded while the worker runs (the transitions it records only append deltas).
  const folder = new RollupFolder(app.get<DataSource>(getDataSourceToken()));
  let clientConnection: Connection | undefined;
  let reconciler: IntakeReconciler | undefined;
  try {
    await ensureMaintenanceScheduleAt(config);
    folder.start();
    clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
    reconciler = new IntakeReconciler(app.get(IntakeRepository), client, config);
    reconciler.start();
    Logger.log(`Worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`, 'Worker');
    await (until ? worker.runUntil(until) : worker.run());
  } finally {
    health.stop();
    healthServer?.close();
    await reconciler?.stop();
    await clientConnection?.close();
    await folder.stop();
    await connection.close();
  }
}
