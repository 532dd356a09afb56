// A command sent to each of several issues at once (批量签收, 批量催办): one request per issue, each under its own
// Idempotency-Key, kept while the answer was lost or retryable so that sending again repeats the same request.
import { toApiError } from '../../api/use-api';
import { newKey } from '../../components/format';

export interface BatchOutcome {
  done: number;
  /** The numbers of the issues the command did not reach or was refused for. */
  failed: string[];
}

export async function sendToEach(
  issues: readonly { id: string; number: string }[],
  keys: Map<string, string>,
  send: (issueId: string, key: string) => Promise<unknown>,
): Promise<BatchOutcome> {
  let done = 0;
  const failed: string[] = [];
  for (const issue of issues) {
    const key = keys.get(issue.id) ?? newKey();
    keys.set(issue.id, key);
    try {
      await send(issue.id, key);
      keys.delete(issue.id);
      done += 1;
    } catch (reason) {
      if (!toApiError(reason).retryable) keys.delete(issue.id);
      failed.push(issue.number);
    }
  }
  return { done, failed };
}
