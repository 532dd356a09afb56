// Owns what an activity's log lines say about it: every line written while an activity runs (by Nest's logger, the
// database retry, the mail code) carries its workflow id, the issue it is for and the activity's name.
import type { Context } from '@temporalio/activity';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptorsFactory,
  Next,
} from '@temporalio/worker';
import { issueIdOfWorkflow, withLogContext } from '@app/observability';

export function logContextInterceptors(): ActivityInterceptorsFactory {
  return (context) => ({ inbound: new LogContextInbound(context) });
}

class LogContextInbound implements ActivityInboundCallsInterceptor {
  constructor(private readonly context: Context) {}

  execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { workflowExecution, activityType } = this.context.info;
    const workflowId = workflowExecution?.workflowId;
    const issueId = issueIdOfWorkflow(workflowId);
    return withLogContext({ workflowId, ...(issueId ? { issueId } : {}), activity: activityType }, () => next(input));
  }
}
