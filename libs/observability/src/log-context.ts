// Owns what a log line knows of the work it was written for, beyond an HTTP request (which nestjs-pino carries): the
// workflow and issue an activity runs for. An activity interceptor opens the context; the logger's mixin reads it, so
// every line written while the activity runs — from Nest's Logger, the mail code, the database retry — carries them.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface LogContext {
  workflowId?: string;
  issueId?: string;
  activity?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `context` on every line it logs (nested contexts add to the outer one). */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, work);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}

const ISSUE_WORKFLOW = /^issue-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The issue an issue workflow's id names (`issue-<id>`, libs/contracts issueWorkflowId), if it is one. */
export function issueIdOfWorkflow(workflowId: string | undefined): string | undefined {
  return workflowId ? ISSUE_WORKFLOW.exec(workflowId)?.[1] : undefined;
}

const ISSUE_PATH = /^\/api\/issues\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?]|$)/i;

/** The issue a request's path is about (`/api/issues/<id>…`), if any. */
export function issueIdOfPath(url: string | undefined): string | undefined {
  return url ? ISSUE_PATH.exec(url)?.[1] : undefined;
}
