// No transaction is held open across a call to another service. Here the mail outbox's deliverer meets an SMTP server
// that accepts the connection and never answers: while nodemailer waits for its greeting, the outbox row is claimed,
// not locked, no connection sits idle in a transaction, and the failure is recorded as an attempt, the row left
// pending for a later one.
import { createServer, type Server, type Socket } from 'node:net';
import { queryRows } from '@app/database';
import { MailDeliverer, MailOutbox, MailService } from '@app/mail';
import { eventually } from '../issues/support/issue-app';
import { startTestApp, type TestApp } from '../auth/support/test-app';

describe('the mail deliverer talking to a mail server that does not answer', () => {
  let t: TestApp;
  let silent: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    silent = createServer((socket) => sockets.push(socket)); // accepts, never greets
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await t?.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
  });

  it('claims the outbox row instead of holding it locked; the failure is an attempt, the row pending', async () => {
    const dedupeKey = `signoff-test-${Date.now()}`;
    // The API only records the mail (as the speech sign-off request does); the deliverer is the worker's.
    await t.app.get(MailOutbox).enqueue({
      dedupeKey,
      issueId: null,
      to: ['deputy@example.org'],
      subject: '请确认发言稿',
      text: '发言稿已整理。',
    });
    const deliverer = new MailDeliverer(t.db, t.app.get(MailService), t.config);
    const sending = deliverer.deliverDue();

    await eventually('the mail server to be connected', () => Promise.resolve(sockets.length > 0 ? true : undefined));
    const [during] = await t.db.query<{ claimed: boolean; idle_in_transaction: number; row_locked: boolean }[]>(
      `SELECT (SELECT claimed_until > now() FROM mail_outbox WHERE dedupe_key = $1) AS claimed,
              (SELECT count(*)::int FROM pg_stat_activity
                WHERE datname = current_database() AND state = 'idle in transaction') AS idle_in_transaction,
              NOT EXISTS (SELECT 1 FROM mail_outbox WHERE dedupe_key = $1 FOR UPDATE SKIP LOCKED) AS row_locked`,
      [dedupeKey],
    );
    expect(during).toEqual({ claimed: true, idle_in_transaction: 0, row_locked: false });

    expect(await sending).toBe(1); // nodemailer gives up on the greeting (greetingTimeout)
    const [after] = await queryRows<{ status: string; attempts: number; claimed_until: Date | null; later: boolean }>(
      t.db,
      `SELECT status, attempts, claimed_until, next_attempt_at > now() AS later FROM mail_outbox WHERE dedupe_key = $1`,
      [dedupeKey],
    );
    expect(after).toEqual({ status: 'pending', attempts: 1, claimed_until: null, later: true });
    const attempts = await queryRows<{ attempt: number; outcome: string; error: string }>(
      t.db,
      `SELECT a.attempt, a.outcome, a.error FROM operations.mail_attempts a JOIN mail_outbox m ON m.id = a.mail_id
        WHERE m.dedupe_key = $1`,
      [dedupeKey],
    );
    expect(attempts).toEqual([{ attempt: 1, outcome: 'failed', error: expect.stringMatching(/greeting/i) as string }]);
  }, 30_000);
});
