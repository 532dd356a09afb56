// One reply link posted twenty times at once while the workflow does not answer (its worker is not running, so the
// update is never taken and the API gives up COMMAND_ADMISSION_MS after receipt): the API stays responsive. One
// submission holds the link's claim; the others are told 409 at once; no transaction, advisory lock or pooled
// connection is held while the workflow is waited for; and the one that gave up leaves the link usable.
import { ReplyLinkService } from '../../apps/api/src/auth/reply-link.service';
import { IssueWorkflowClient } from '../../apps/api/src/issues/issue-workflow.client';
import { COMMAND_ADMISSION_MS } from '@app/contracts';
import type { ErrorBody, HttpResponse } from '../auth/support/http';
import { insertIssue, type IssueFixture } from '../auth/support/fixtures';
import { eventually, startIssueApp, type IssueTestApp } from './support/issue-app';

const POSTS = 20;
/** A request that queued behind the hanging update would take COMMAND_ADMISSION_MS or more. */
const RESPONSIVE_MS = COMMAND_ADMISSION_MS;

interface Timed {
  response: HttpResponse<ErrorBody>;
  ms: number;
}

describe('a reply link hammered while the workflow hangs', () => {
  let t: IssueTestApp;
  let issue: IssueFixture;
  let token: string;

  beforeAll(async () => {
    t = await startIssueApp(); // no worker: the issue's workflow starts but never runs a task
    issue = await insertIssue(t.db);
    await t.app.get(IssueWorkflowClient).start(issue.id, 'normal');
    token = t.app.get(ReplyLinkService).create(issue.leadAssignmentId, issue.leadDepartmentId).token;
  });

  afterAll(async () => {
    await t?.close();
  });

  const timed = async (request: () => Promise<HttpResponse<ErrorBody>>): Promise<Timed> => {
    const started = Date.now();
    const response = await request();
    return { response, ms: Date.now() - started };
  };

  const linkRows = () =>
    t.db.query<{ status: string }[]>(`SELECT status FROM reply_link_uses WHERE assignment_id = $1`, [
      issue.leadAssignmentId,
    ]);

  it('answers the other posts at once, serves other requests quickly, holds no transaction, and burns nothing', async () => {
    let pending = POSTS;
    const posts = Array.from({ length: POSTS }, () =>
      timed(() =>
        t.http.post<ErrorBody>(`/api/reply-links/${token}/reply`, { replyClass: 'A', text: '已修复路面。' }),
      ).finally(() => (pending -= 1)),
    );
    const hanging = () => pending === 1;

    // All but the one holding the claim are refused at once, without waiting for the workflow.
    await eventually('the other posts to be answered', () => Promise.resolve(pending <= 1 ? true : undefined));
    expect(await linkRows()).toEqual([{ status: 'claimed' }]);

    // While the update hangs, sampled until it ends: nothing is held open in the database by the API (the worker is
    // not running, so every connection of this database but ours is the API's) ...
    const samples: { idle_in_transaction: number; advisory: number }[] = [];
    const sampling = (async () => {
      while (hanging()) {
        const [held] = await t.db.query<{ idle_in_transaction: number; advisory: number }[]>(
          // Held: idle inside a transaction for over a second, as a transaction kept open across the workflow's call
          // would be (a read's short transaction between two statements is idle in it for a moment only).
          `SELECT (SELECT count(*)::int FROM pg_stat_activity
                    WHERE datname = current_database() AND state = 'idle in transaction'
                      AND clock_timestamp() - state_change > interval '1 second') AS idle_in_transaction,
                  (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory') AS advisory`,
        );
        if (hanging()) samples.push(held);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    // ... and more requests than the pool has connections are answered quickly, public and signed-in alike.
    const deputy = await t.tokenOf('deputy.zhangzhiqiang');
    const others = await Promise.all([
      ...Array.from({ length: 15 }, () => timed(() => t.http.get<ErrorBody>(`/api/reply-links/${token}`))),
      ...Array.from({ length: 15 }, () => timed(() => t.http.get<ErrorBody>('/api/issues?limit=5', deputy))),
    ]);
    expect(others.map((o) => o.response.status)).toEqual(Array.from({ length: 30 }, () => 200));
    expect(Math.max(...others.map((o) => o.ms))).toBeLessThan(RESPONSIVE_MS);

    // The hanging one gives up with 503 once the workflow has not taken it in time, and releases its claim.
    const results = await Promise.all(posts);
    await sampling;
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.filter((held) => held.idle_in_transaction > 0 || held.advisory > 0)).toEqual([]);
    const refused = results.filter((r) => r.response.status === 409);
    expect(refused).toHaveLength(POSTS - 1);
    expect(refused[0].response.body.message).toMatch(/being used by another submission/);
    expect(Math.max(...refused.map((r) => r.ms))).toBeLessThan(RESPONSIVE_MS);
    expect(results.filter((r) => r.response.status === 503)).toHaveLength(1);
    expect(await linkRows()).toEqual([]);
    const form = await t.http.get<{ canReply: boolean }>(`/api/reply-links/${token}`);
    expect({ status: form.status, canReply: form.body.canReply }).toEqual({ status: 200, canReply: true });
  });
});
