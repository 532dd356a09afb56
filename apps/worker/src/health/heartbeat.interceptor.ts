// Owns the heartbeats of running activities: every activity the worker runs heartbeats while it runs, so Temporal
// notices within ACTIVITY_HEARTBEAT_TIMEOUT that a worker died with it, and gives it to another worker.
//
// One interceptor rather than a heartbeat call in each activity: what Temporal must learn is that the process is
// alive, which a timer in the process says as well as the activity would, for the mail sending loops and the
// maintenance batches alike, and a new activity cannot forget it. An activity that hangs while its process lives is
// bounded by its start-to-close timeout instead. Local activities do not heartbeat (their workflow task covers them).
import { Context } from '@temporalio/activity';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptorsFactory,
  Next,
} from '@temporalio/worker';
import { ACTIVITY_HEARTBEAT_INTERVAL_MS } from '@app/contracts';

/** Told when an activity ends, successfully or not: the worker's health reports the last task it finished. */
export type ActivityEndListener = (ok: boolean) => void;

export function heartbeatInterceptors(onEnd?: ActivityEndListener): ActivityInterceptorsFactory {
  return (context) => ({ inbound: new HeartbeatInbound(context, onEnd) });
}

class HeartbeatInbound implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly context: Context,
    private readonly onEnd?: ActivityEndListener,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const timer = this.context.info.isLocal
      ? undefined
      : setInterval(() => this.context.heartbeat(), ACTIVITY_HEARTBEAT_INTERVAL_MS);
    try {
      const result = await next(input);
      this.onEnd?.(true);
      return result;
    } catch (error) {
      this.onEnd?.(false);
      throw error;
    } finally {
      clearInterval(timer);
    }
  }
}
