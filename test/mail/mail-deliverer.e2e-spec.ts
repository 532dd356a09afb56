// The mail outbox's deliverer against real PostgreSQL (real migrations) and a real SMTP server (the catcher, told to
// refuse or to accept): woken by NOTIFY at the commit, backing off while the server refuses, each mail accepted once
// per Message-ID however many deliverers run, and an attempt whose outcome was lost (the deliverer died between the
// server's OK and its commit) recorded `unknown` and sent again with the same Message-ID.
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '@app/config';
import { createDataSource, queryRows } from '@app/database';
import {
  deliveryOptionsOf,
  enqueueMail,
  MailCatcher,
  MailDeliverer,
  MailService,
  messageIdFor,
  type DeliveryOptions,
  type OutboxMail,
} from '@app/mail';
import { eventually } from '../issues/support/issue-app';
import { createMigratedDatabase } from '../support/database';

describe('the mail deliverer', () => {
  let db: DataSource;
  let url: string;
  let catcher: MailCatcher;
  let config: AppConfig;
  const services: MailService[] = [];
  const running: MailDeliverer[] = [];

  beforeAll(async () => {
    ({ url, dataSource: db } = await createMigratedDatabase('mail'));
    catcher = await new MailCatcher().start();
    config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      SMTP_URL: catcher.url,
      MAIL_RETRY_MIN_SECONDS: '1',
      MAIL_RETRY_MAX_SECONDS: '2',
    });
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((d) => d.stop()));
    catcher.setMode('accept');
  });

  afterAll(async () => {
    for (const service of services) service.onModuleDestroy();
    await catcher?.stop();
    await db?.destroy();
  });

  function deliverer(options: Partial<DeliveryOptions> = {}, on: DataSource = db): MailDeliverer {
    const service = new MailService(config);
    services.push(service);
    return new MailDeliverer(on, service, config, { ...deliveryOptionsOf(config), ...options });
  }

  function started(options: Partial<DeliveryOptions> = {}): MailDeliverer {
    const d = deliverer(options);
    d.start();
    running.push(d);
    return d;
  }

  const mails = (prefix: string, n: number): OutboxMail[] =>
    Array.from({ length: n }, (_, i) => ({
      dedupeKey: `${prefix}:${i}`,
      issueId: null,
      to: [`person${i}@example.org`],
      subject: `${prefix} ${i}`,
      text: `about ${prefix} ${i}`,
    }));

  /** How many copies of each mail (by Message-ID) the server accepted. */
  const copies = (list: OutboxMail[]) =>
    list.map((m) => catcher.list().filter((c) => c.headers['message-id'] === messageIdFor(m.dedupeKey)).length);

  const rowsOf = (prefix: string) =>
    queryRows<{ dedupe_key: string; status: string; attempts: number }>(
      db,
      `SELECT dedupe_key, status, attempts FROM mail_outbox WHERE dedupe_key LIKE $1 ORDER BY dedupe_key`,
      [`${prefix}:%`],
    );

  const attemptsOf = (prefix: string) =>
    queryRows<{ dedupe_key: string; attempt: number; outcome: string; started_at: Date; finished_at: Date }>(
      db,
      `SELECT m.dedupe_key, a.attempt, a.outcome, a.started_at, a.finished_at
         FROM operations.mail_attempts a JOIN mail_outbox m ON m.id = a.mail_id
        WHERE m.dedupe_key LIKE $1 ORDER BY m.dedupe_key, a.attempt`,
      [`${prefix}:%`],
    );

  const listening = () =>
    eventually('the deliverer to LISTEN', async () => {
      const [row] = await queryRows<{ n: number }>(
        db,
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'lianluo-mail-listen'`,
      );
      return row.n > 0 ? true : undefined;
    });

  it('is woken by the commit that records a mail, not by its poll', async () => {
    started({ pollMs: 600_000 }); // a poll that would never come within the test
    await listening();
    const [mail] = mails('notify', 1);
    await enqueueMail(db, mail);
    await catcher.waitFor((m) => m.headers['message-id'] === messageIdFor(mail.dedupeKey), 10_000);
    await eventually('the row to be sent', async () =>
      (await rowsOf('notify'))[0]?.status === 'sent' ? true : undefined,
    );
    expect(await attemptsOf('notify')).toEqual([expect.objectContaining({ attempt: 1, outcome: 'sent' })]);
  });

  it('backs off while the server refuses, then sends each mail once when it accepts again', async () => {
    catcher.setMode('refuse');
    const list = mails('refused', 3);
    started();
    await enqueueMail(db, list);
    // At least two refused attempts each: the back-off (1 s, then 2 s) retried them.
    await eventually('two refused attempts of each mail', async () => {
      const rows = await rowsOf('refused');
      return rows.length === 3 && rows.every((r) => r.status === 'pending' && r.attempts >= 2) ? rows : undefined;
    });
    const refused = await attemptsOf('refused');
    expect(refused.filter((a) => a.outcome !== 'failed')).toEqual([]);
    expect(copies(list)).toEqual([0, 0, 0]);

    catcher.setMode('accept');
    await eventually('every mail sent', async () => {
      const rows = await rowsOf('refused');
      return rows.every((r) => r.status === 'sent') ? true : undefined;
    });
    expect(copies(list)).toEqual([1, 1, 1]);
    const attempts = await attemptsOf('refused');
    for (const mail of list) {
      const own = attempts.filter((a) => a.dedupe_key === mail.dedupeKey);
      // Numbered from 1 without a gap; every one failed but the last, which was sent.
      expect(own.map((a) => a.attempt)).toEqual(own.map((_, i) => i + 1));
      expect(own.map((a) => a.outcome)).toEqual([...own.slice(1).map(() => 'failed'), 'sent']);
    }
  });

  it('records an attempt whose outcome was lost as unknown, and sends again with the same Message-ID', async () => {
    const [mail] = mails('lost', 1);
    await enqueueMail(db, mail);
    // Deliverer A claims the row on a connection pool of its own, the server accepts the message, and A loses its
    // database before recording it (as a process killed between the OK and the commit): the row stays claimed.
    const own = await createDataSource(url).initialize();
    const a = deliverer({ leaseSeconds: 1 }, own);
    const [claimed] = await a.claim(1);
    expect(claimed).toMatchObject({ dedupe_key: mail.dedupeKey, attempt: 1 });
    await own.destroy();
    expect(await a.attempt(claimed)).toBe('sent'); // sent; recording it failed
    expect(copies([mail])).toEqual([1]);
    expect(await rowsOf('lost')).toEqual([{ dedupe_key: mail.dedupeKey, status: 'pending', attempts: 1 }]);

    // Deliverer B keeps off the row until A's lease lapses, then records A's attempt and sends again.
    const b = deliverer();
    await eventually('B to pick the row up after the lease', async () =>
      (await b.deliverDue()) > 0 ? true : undefined,
    );
    expect(await rowsOf('lost')).toEqual([{ dedupe_key: mail.dedupeKey, status: 'sent', attempts: 2 }]);
    expect((await attemptsOf('lost')).map((x) => [x.attempt, x.outcome])).toEqual([
      [1, 'unknown'],
      [2, 'sent'],
    ]);
    // Two copies, one Message-ID: as far as SMTP allows, the recipient's side can tell it is the same message.
    expect(copies([mail])).toEqual([2]);
  });

  it('shares the outbox between several deliverers: each mail sent once', async () => {
    const list = mails('shared', 30);
    started();
    started();
    started();
    await enqueueMail(db, list);
    await eventually('every mail sent', async () =>
      (await rowsOf('shared')).every((r) => r.status === 'sent') ? true : undefined,
    );
    expect(copies(list)).toEqual(list.map(() => 1));
    const attempts = await attemptsOf('shared');
    expect(attempts).toHaveLength(30);
    expect(attempts.every((a) => a.attempt === 1 && a.outcome === 'sent')).toBe(true);
  });

  it('ends a mail the server refuses for good (5xx) as failed, without trying again', async () => {
    catcher.setMode('reject');
    const [mail] = mails('rejected', 1);
    await enqueueMail(db, mail);
    const d = deliverer();
    expect(await d.deliverDue()).toBe(1);
    const [row] = await queryRows<{ status: string; attempts: number; last_error: string }>(
      db,
      `SELECT status, attempts, last_error FROM mail_outbox WHERE dedupe_key = $1`,
      [mail.dedupeKey],
    );
    expect(row).toEqual({ status: 'failed', attempts: 1, last_error: expect.stringContaining('550') as string });
    const [attempt] = await queryRows<{ outcome: string; smtp_code: number }>(
      db,
      `SELECT a.outcome, a.smtp_code FROM operations.mail_attempts a JOIN mail_outbox m ON m.id = a.mail_id
        WHERE m.dedupe_key = $1`,
      [mail.dedupeKey],
    );
    expect(attempt).toEqual({ outcome: 'failed', smtp_code: 550 });
    catcher.setMode('accept');
    expect(await d.claim(10)).toEqual([]); // not due again, ever
  });

  it('keeps the attempts append-only', async () => {
    await expect(db.query(`UPDATE operations.mail_attempts SET outcome = 'sent'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM operations.mail_attempts`)).rejects.toThrow(/append-only/);
  });
});
