// One reply link posted twenty times at once while the workflow does not answer (its worker is not running, so the
// update hangs until UPDATE_TIMEOUT_MS): the API stays responsive. One submission holds the link's claim; the others
// are told 409 at once; no transaction, advisory lock or pooled connection is held while the workflow is waited for;
// and the one that timed out leaves the link usable.
import { ReplyLinkService } from '../../apps/api/src/auth/reply-link.service';
import { IssueWorkflowClient } from '../../apps/api/src/issues/issue-workflow.client';
import type { ErrorBody, HttpResponse } from '../auth/support/http';
import { insertIssue, type IssueFixture } from '../auth/support/fixtures';
import { eventually, startIssueApp, type IssueTestApp } from './support/issue-app';

const POSTS = 20;
/** Well under UPDATE_TIMEOUT_MS (30 s): a request that queued behind the hanging update would take about that long. */
const RESPONSIVE_MS = 5_000;

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
    const settled: Timed[] = [];
    const posts = Array.from({ length: POSTS }, () =>
      timed(() =>
        t.http.post<ErrorBody>(`/api/reply-links/${token}/reply`, { replyClass: 'A', text: '已修复路面。' }),
      ).then((result) => {
        settled.push(result);
        return result;
      }),
    );

    // All but the one holding the claim are refused with 409, without waiting for the workflow.
    await eventually(
      'the other posts to be answered',
      () => Promise.resolve(settled.length >= POSTS - 1 ? true : undefined),
      RESPONSIVE_MS,
    );
    expect(settled.map((s) => s.response.status)).toEqual(Array.from({ length: POSTS - 1 }, () => 409));
    expect(settled[0].response.body.message).toMatch(/being used by another submission/);
    expect(await linkRows()).toEqual([{ status: 'claimed' }]);

    // While the update hangs: nothing is held open in the database by the API ...
    const [held] = await t.db.query<{ idle_in_transaction: number; advisory: number }[]>(
      `SELECT (SELECT count(*)::int FROM pg_stat_activity
                WHERE datname = current_database() AND state = 'idle in transaction') AS idle_in_transaction,
              (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory') AS advisory`,
    );
    expect(held).toEqual({ idle_in_transaction: 0, advisory: 0 });

    // ... and more requests than the pool has connections are answered quickly, public and signed-in alike.
    const deputy = await t.tokenOf('deputy.zhangzhiqiang');
    const others = await Promise.all([
      ...Array.from({ length: 15 }, () => timed(() => t.http.get<ErrorBody>(`/api/reply-links/${token}`))),
      ...Array.from({ length: 15 }, () => timed(() => t.http.get<ErrorBody>('/api/issues?limit=5', deputy))),
    ]);
    expect(others.map((o) => o.response.status)).toEqual(Array.from({ length: 30 }, () => 200));
    expect(Math.max(...others.map((o) => o.ms))).toBeLessThan(RESPONSIVE_MS);
    expect(settled.length).toBe(POSTS - 1); // the update was still hanging throughout

    // The hanging one gives up after UPDATE_TIMEOUT_MS with 503, and releases its claim: the link still works.
    const results = await Promise.all(posts);
    expect(results.filter((r) => r.response.status === 503)).toHaveLength(1);
    expect(await linkRows()).toEqual([]);
    const form = await t.http.get<{ canReply: boolean }>(`/api/reply-links/${token}`);
    expect({ status: form.status, canReply: form.body.canReply }).toEqual({ status: 200, canReply: true });
  });
});
