// The yardstick for `npm run bench:intake`: a workflow that starts and completes with one trivial activity,
// on the same Temporal server, so intake's rate can be read against what the server itself sustains.
import { proxyActivities } from '@temporalio/workflow';

const { touch } = proxyActivities<{ touch(id: string): Promise<string> }>({ startToCloseTimeout: '10 seconds' });

export async function bareWorkflow(id: string): Promise<string> {
  return await touch(id);
}
