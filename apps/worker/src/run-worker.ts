// Owns the Temporal worker's life: connect, register workflows and activities, run until shut down.
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { MetricsRegistry } from '@app/observability';
import { createActivities } from './activities';
import { activityFailureInterceptors } from './failures/activity-failure.interceptor';
import { ActivityFailuresRepository } from './failures/activity-failures.repository';
import { heartbeatInterceptors, type ActivityEndListener } from './health/heartbeat.interceptor';
import { serveWorkerHealth, WorkerHealth } from './health/worker-health';
import { logContextInterceptors } from './observability/log-context.interceptor';
import { temporalTracingPlugins } from './observability/worker-tracing';
import { workerMetricsText } from './observability/worker-metrics-text';
import { IntakeReconciler } from './issues/intake-reconciler';
import { IntakeRepository } from './issues/intake.repository';
import { CommandReceiptsRepository } from './issues/command-receipts.repository';
import { ReceiptReconciler } from './issues/receipt-reconciler';
import { RollupFolder } from './maintenance/rollup-folder';
import { ensureSchedules } from './schedules/ensure-schedules';
import { SchedulesRepository } from './schedules/schedules.repository';
import { WebhookActivitiesRepository } from './webhooks/webhook-activities.repository';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { VoterIntakeReconciler } from './voter/voter-intake-reconciler';
import { VoterIntakeRepository } from './voter/voter-intake.repository';

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
      // Traces (when OTEL_EXPORTER_OTLP_ENDPOINT is set): the workflows' and activities' spans, in the API's trace.
      plugins: temporalTracingPlugins(),
      interceptors: {
        activity: [
          // First, so that the lines the other interceptors write carry the workflow and issue too.
          logContextInterceptors(),
          heartbeatInterceptors(onActivityEnd),
          activityFailureInterceptors(app.get(ActivityFailuresRepository)),
        ],
      },
      // The sticky cache, bounded by need rather than by heap. The SDK's default is sized from the heap limit (2,310
      // workflows with a 4 GB heap); `npm run bench:scale` measured a worker's RSS from 188 MB to 582 MB with 1,000
      // open issues cached (about 0.4 MB each), so about 1.1 GB a worker once a city's open issues fill the default.
      // An open issue waits days between tasks: only those in flight gain from the cache, and at the measured intake
      // (about 3 issues/s, p95 under 45 s to assigned and mailed) that is under 150; 500 holds several times as many
      // and keeps a worker near 400 MB. A miss replays the short history (tens of events), once.
      maxCachedWorkflows: 500,
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
 * closes the connection. The schedules (nightly maintenance, reception days) are made sure of first, one worker at a
 * time: a worker that polls is one that will run them. Beside it, the rollup folder keeps the read model's deltas few, and the intake reconciler makes sure
 * that no issue stays without its workflow.
 */
export async function runWorker(app: INestApplicationContext, until?: Promise<unknown>): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const health = new WorkerHealth();
  const { worker, connection } = await createWorker(app, {}, health.activityEnded);
  health.watch(worker, connection);
  // Before the schedule and the first poll, so an orchestrator sees "not ready" rather than nothing while it starts.
  const healthServer = config.WORKER_HEALTH_PORT
    ? await serveWorkerHealth(health, config.HOST, config.WORKER_HEALTH_PORT, () =>
        workerMetricsText(app.get(MetricsRegistry)),
      ).catch(async (error: unknown) => {
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
  let voterIntake: VoterIntakeReconciler | undefined;
  let receipts: ReceiptReconciler | undefined;
  let webhooks: WebhookDispatcher | undefined;
  try {
    clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    const client = new Client({
      connection: clientConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      plugins: temporalTracingPlugins(),
    });
    await ensureSchedules(client, config, app.get(SchedulesRepository));
    folder.start();
    reconciler = new IntakeReconciler(app.get(IntakeRepository), client, config);
    reconciler.start();
    // Voter submissions saved without their workflow get it the same way.
    voterIntake = new VoterIntakeReconciler(app.get(VoterIntakeRepository), client, config);
    voterIntake.start();
    // Commands the API saved but could not hand to their workflow in time reach it with their receipt time.
    receipts = new ReceiptReconciler(app.get(CommandReceiptsRepository), client);
    receipts.start();
    // Webhook deliveries recorded with the issue events reach their endpoint's workflow.
    webhooks = new WebhookDispatcher(app.get(WebhookActivitiesRepository), client, config);
    webhooks.start();
    Logger.log(`Worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`, 'Worker');
    await (until ? worker.runUntil(until) : worker.run());
  } finally {
    health.stop();
    healthServer?.close();
    await reconciler?.stop();
    await voterIntake?.stop();
    await receipts?.stop();
    await webhooks?.stop();
    await clientConnection?.close();
    await folder.stop();
    await connection.close();
  }
}
