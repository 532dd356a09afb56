// Owns the Temporal worker's life: connect, register workflows and activities, run until shut down.
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { createActivities } from './activities';

/** Where the workflow code is: `workflows/index` beside apps/, from source or from dist/. */
export const WORKFLOWS_PATH = require.resolve('../../../workflows');

export async function createWorker(
  app: INestApplicationContext,
  overrides: Partial<WorkerOptions> = {},
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
      ...overrides,
    });
    return { worker, connection };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/** Runs the worker until SIGINT/SIGTERM (Temporal's runtime handles both), then closes the connection. */
export async function runWorker(app: INestApplicationContext): Promise<void> {
  const { worker, connection } = await createWorker(app);
  const config = app.get<AppConfig>(APP_CONFIG);
  Logger.log(`Worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`, 'Worker');
  try {
    await worker.run();
  } finally {
    await connection.close();
  }
}
