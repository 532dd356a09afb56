// An outage of the mail server delays mail and holds up nothing else (issue #17): with the SMTP server refusing, or
// accepting connections and never answering, a new issue is still assigned and a reply still accepted; the mail
// waits in the outbox, supervisors see it with its age and attempts, no pooled connection sits idle in a
// transaction, and once the server is back each mail is delivered exactly once (by Message-ID). Real API, real worker,
// real Temporal dev server, real PostgreSQL, the real SMTP catcher told to refuse or to hang.
import { queryRows } from '@app/database';
import { messageIdFor, type MailCatcherMode } from '@app/mail';
import { eventually, expectStatus, startIssueApp, type IssueTestApp } from './support/issue-app';
import { command, ROADS_IN_CHENGDONG, submit, untilStatus, type CommandResult } from './support/issues';

const DEPUTY = 'deputy.zhangzhiqiang';
const LEAD = 'dept.jiaotong.rongjiawan';
const SUPERVISOR = 'supervisor.rongjiawan';
/** A liaison officer in Xiangtan: the issue lies outside their regions. */
const OUTSIDER = 'liaison.xiangtan';

interface UndeliveredMail {
  id: string;
  issueId: string | null;
  subject: string;
  status: string;
  ageSeconds: number;
  attempts: number;
  lastError: string | null;
  lastOutcome: string | null;
  sending: boolean;
}

describe('an outage of the mail server', () => {
  let t: IssueTestApp;

  beforeAll(async () => {
    // A short back-off, so the test sees the retries and the recovery in seconds.
    t = await startIssueApp({ worker: true, env: { MAIL_RETRY_MIN_SECONDS: '1', MAIL_RETRY_MAX_SECONDS: '2' } });
  });

  afterEach(() => t.mail.setMode('accept'));

  afterAll(async () => {
    await t?.close();
  });

  const undelivered = async (issueId: string, username = SUPERVISOR) =>
    t.http.get<{ items: UndeliveredMail[]; total: number }>(
      `/api/supervision/mail?issueId=${issueId}&limit=100`,
      await t.tokenOf(username),
    );

  const idleInTransaction = async (): Promise<number> =>
    (
      await queryRows<{ n: number }>(
        t.db,
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      )
    )[0].n;

  /** Intake and a reply while the server is down; returns the issue's id. */
  async function assignAndReply(mode: MailCatcherMode): Promise<string> {
    t.mail.setMode(mode);
    const created = await submit(t, ROADS_IN_CHENGDONG);
    await untilStatus(t, DEPUTY, created.id, 'assigned');
    expectStatus<CommandResult>(await command(t, LEAD, created.id, 'acknowledge'), 200);
    const replied = expectStatus<CommandResult>(
      await command(t, LEAD, created.id, 'reply', { replyClass: 'A', text: '已安排施工队修复破损路面。' }),
      200,
    );
    expect(replied.issue.status).toBe('awaiting_feedback');
    return created.id;
  }

  /** Once the server is back: every outbox row of the issue sent, and the catcher holds one copy of each. */
  async function deliveredOnce(issueId: string): Promise<void> {
    t.mail.setMode('accept');
    await eventually('the outbox of the issue to be empty', async () => {
      const body = expectStatus(await undelivered(issueId), 200);
      return body.total === 0 ? true : undefined;
    });
    const rows = await queryRows<{ dedupe_key: string; status: string }>(
      t.db,
      `SELECT dedupe_key, status FROM mail_outbox WHERE issue_id = $1`,
      [issueId],
    );
    // The lead's and the co-handler's assignment emails, and the deputy's request to rate the reply, at least.
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      expect(row.status).toBe('sent');
      const copies = t.mail.list().filter((m) => m.headers['message-id'] === messageIdFor(row.dedupe_key));
      expect([row.dedupe_key, copies.length]).toEqual([row.dedupe_key, 1]);
    }
  }

  it('refusing: the issue is assigned and replied to, the mail waits in view of supervisors, then goes once', async () => {
    const issueId = await assignAndReply('refuse');
    expect(t.mail.list().filter((m) => m.text.includes(issueId))).toEqual([]);

    const waiting = await eventually('refused attempts of every mail of the issue', async () => {
      const body = expectStatus(await undelivered(issueId), 200);
      return body.total >= 3 && body.items.every((m) => m.attempts >= 1 && m.lastOutcome === 'failed')
        ? body
        : undefined;
    });
    for (const mail of waiting.items) {
      expect(mail).toMatchObject({ issueId, status: 'pending', lastError: expect.stringContaining('421') as string });
      expect(mail.ageSeconds).toBeGreaterThanOrEqual(0);
    }
    expect(waiting.items.map((m) => m.subject).join(' ')).toContain('交办通知');
    // Scoped like the other supervision lists: an issue outside the user's regions is refused.
    expect((await undelivered(issueId, OUTSIDER)).status).toBe(403);

    await deliveredOnce(issueId);
  });

  it('hanging: nothing waits on it in a transaction, intake and replies complete, the mail goes once after', async () => {
    const issueId = await assignAndReply('hang');
    // A deliverer is in the middle of an SMTP exchange with the silent server right now...
    await eventually('a deliverer to be held by the server', () =>
      Promise.resolve(t.mail.hangingConnections > 0 ? true : undefined),
    );
    const during = expectStatus(await undelivered(issueId), 200);
    expect(during.total).toBeGreaterThanOrEqual(3);
    expect(during.items.some((m) => m.sending)).toBe(true);
    // ...and no connection of the pool is idle in a transaction while it waits.
    expect(await idleInTransaction()).toBe(0);

    await deliveredOnce(issueId);
  });
});
