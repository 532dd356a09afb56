// No transaction is held open across a call to another service. Here the API's own mail (the request to sign off a
// speech transcript) meets an SMTP server that accepts the connection and never answers: while nodemailer waits for
// its greeting, the outbox row is claimed, not locked, and no connection of the API sits idle in a transaction.
import { createServer, type Server, type Socket } from 'node:net';
import { AttendanceMailer } from '../../apps/api/src/attendance/attendance-mailer';
import { eventually } from '../issues/support/issue-app';
import { startTestApp, type TestApp } from '../auth/support/test-app';

describe('the API mailing through a mail server that does not answer', () => {
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

  it('claims the outbox row instead of holding it locked; the failure leaves it pending and unclaimed', async () => {
    const dedupeKey = `signoff-test-${Date.now()}`;
    const sending = t.app
      .get(AttendanceMailer)
      .send({ dedupeKey, to: 'deputy@example.org', subject: '请确认发言稿', text: '发言稿已整理。' });

    await eventually('the mail server to be connected', () => Promise.resolve(sockets.length > 0 ? true : undefined));
    const [during] = await t.db.query<{ claimed: boolean; idle_in_transaction: number; row_locked: boolean }[]>(
      `SELECT (SELECT claimed_until IS NOT NULL FROM mail_outbox WHERE dedupe_key = $1) AS claimed,
              (SELECT count(*)::int FROM pg_stat_activity
                WHERE datname = current_database() AND state = 'idle in transaction') AS idle_in_transaction,
              NOT EXISTS (SELECT 1 FROM mail_outbox WHERE dedupe_key = $1 FOR UPDATE SKIP LOCKED) AS row_locked`,
      [dedupeKey],
    );
    expect(during).toEqual({ claimed: true, idle_in_transaction: 0, row_locked: false });

    await sending; // nodemailer gives up on the greeting; the mailer logs it and the speech is recorded anyway
    const [after] = await t.db.query<{ status: string; attempts: number; claimed_until: Date | null }[]>(
      `SELECT status, attempts, claimed_until FROM mail_outbox WHERE dedupe_key = $1`,
      [dedupeKey],
    );
    expect(after).toEqual({ status: 'pending', attempts: 1, claimed_until: null });
  });
});
