// The clean-up activity against the real schema: it deletes exactly the records whose retention has run out as of
// the instant it is given, keeps every live one, works in bounded batches, and takes nothing a check still needs:
// a used reply link stays refused while it is valid, and a rotated refresh token of a live session is still
// recognised as reuse.
import { createHash, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '@app/config';
import { noPurgeCounts, PURGED_RECORDS, type PurgeCounts } from '@app/contracts';
import { seedDemoData } from '@app/database';
import { AuthRepository } from '../../apps/api/src/auth/auth.repository';
import { ReplyLinkError, ReplyLinkService } from '../../apps/api/src/auth/reply-link.service';
import { MaintenanceActivitiesService } from '../../apps/worker/src/maintenance/maintenance-activities.service';
import { insertIssue, userId, type IssueFixture } from '../auth/support/fixtures';
import { TestClock } from '../auth/support/test-app';
import { createMigratedDatabase } from '../support/database';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('maintenance activity: purgeExpiredRecords', () => {
  let db: DataSource;
  let config: AppConfig;
  let activity: MaintenanceActivitiesService;
  let issue: IssueFixture;
  let user: string;

  beforeAll(async () => {
    Logger.overrideLogger(['error', 'warn']);
    const created = await createMigratedDatabase('maintenance');
    db = created.dataSource;
    await seedDemoData(db);
    config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: created.url,
      SMTP_URL: 'smtp://127.0.0.1:2525',
      REFRESH_TOKEN_TTL: '7d',
      SESSION_RETENTION_DAYS: '30',
    });
    activity = new MaintenanceActivitiesService(db, config);
    issue = await insertIssue(db);
    user = await userId(db, 'deputy.zhangzhiqiang');
  });

  afterAll(async () => {
    await db?.destroy();
  });

  beforeEach(async () => {
    await db.query(`DELETE FROM refresh_tokens`);
    await db.query(`DELETE FROM auth_sessions`);
    await db.query(`DELETE FROM reply_link_uses`);
  });

  const at = (asOf: Date, offsetMs: number) => new Date(asOf.getTime() + offsetMs);

  async function session(fields: { expiresAt: Date; revokedAt?: Date }): Promise<string> {
    const [row] = await db.query<{ id: string }[]>(
      `INSERT INTO auth_sessions (user_id, created_at, expires_at, revoked_at, revoked_reason)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [
        user,
        new Date(fields.expiresAt.getTime() - 60 * DAY),
        fields.expiresAt,
        fields.revokedAt ?? null,
        fields.revokedAt ? 'logout' : null,
      ],
    );
    return row.id;
  }

  async function token(sessionId: string, issuedAt: Date, rotatedAt: Date | null): Promise<string> {
    const hash = createHash('sha256').update(randomUUID()).digest('hex');
    await db.query(
      `INSERT INTO refresh_tokens (token_hash, session_id, issued_at, rotated_at) VALUES ($1, $2, $3, $4)`,
      [hash, sessionId, issuedAt, rotatedAt],
    );
    return hash;
  }

  async function used(expiresAt: Date): Promise<string> {
    const nonce = randomUUID();
    await db.query(
      `INSERT INTO reply_link_uses (nonce, assignment_id, department_id, used_at, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [nonce, issue.leadAssignmentId, issue.leadDepartmentId, new Date(expiresAt.getTime() - 7 * DAY), expiresAt],
    );
    return nonce;
  }

  const ids = async (sql: string) => (await db.query<{ id: string }[]>(sql)).map((row) => row.id).sort();
  const sessionIds = () => ids(`SELECT id FROM auth_sessions`);
  const tokenHashes = () => ids(`SELECT token_hash AS id FROM refresh_tokens`);
  const nonces = () => ids(`SELECT nonce AS id FROM reply_link_uses`);

  /** Calls the activity until it has nothing more, as the workflow does; returns the summed counts and calls. */
  async function purgeAll(asOf: Date, batchSize = 1000): Promise<{ deleted: PurgeCounts; calls: number }> {
    const deleted = noPurgeCounts();
    for (let calls = 1; ; calls += 1) {
      const result = await activity.purgeExpiredRecords({ asOf: asOf.toISOString(), batchSize });
      for (const kind of PURGED_RECORDS) deleted[kind] += result.deleted[kind];
      if (!result.more) return { deleted, calls };
      if (calls > 100) throw new Error('purgeExpiredRecords never ran out');
    }
  }

  it('deletes exactly the ended sessions, old rotated tokens and dead reply-link uses, and keeps the rest', async () => {
    const asOf = new Date('2026-03-10T19:00:00.000Z'); // 03:00 China time
    const retention = 30 * DAY;

    // Live: signed in, still valid; its current token and a recently rotated one stay, a token rotated long ago
    // (issued before asOf - TTL - retention) goes.
    const live = await session({ expiresAt: at(asOf, 5 * DAY) });
    const liveCurrent = await token(live, at(asOf, -2 * DAY), null);
    const liveRecent = await token(live, at(asOf, -36 * DAY), at(asOf, -2 * DAY));
    await token(live, at(asOf, -38 * DAY), at(asOf, -36 * DAY));
    // Expired just inside the retention: kept, with its tokens.
    const expiredRecently = await session({ expiresAt: at(asOf, -retention + HOUR) });
    const expiredRecentlyToken = await token(expiredRecently, at(asOf, -retention - 6 * DAY), null);
    // Expired before the retention: goes, with its tokens (one current, one rotated).
    const expiredLongAgo = await session({ expiresAt: at(asOf, -retention - HOUR) });
    await token(expiredLongAgo, at(asOf, -retention - 7 * DAY), null);
    await token(expiredLongAgo, at(asOf, -retention - 8 * DAY), at(asOf, -retention - 7 * DAY));
    // Signed out long ago, though its expiry would still lie ahead had it been kept alive: goes.
    const revokedLongAgo = await session({ expiresAt: at(asOf, 2 * DAY), revokedAt: at(asOf, -retention - HOUR) });
    await token(revokedLongAgo, at(asOf, -retention - 2 * DAY), null);
    // Signed out recently: kept.
    const revokedRecently = await session({ expiresAt: at(asOf, 2 * DAY), revokedAt: at(asOf, -3 * DAY) });
    const revokedRecentlyToken = await token(revokedRecently, at(asOf, -5 * DAY), null);

    // Reply links: valid, expired within the day's grace, and expired before it.
    const validLink = await used(at(asOf, HOUR));
    const justExpiredLink = await used(at(asOf, -2 * HOUR));
    await used(at(asOf, -25 * HOUR));

    const { deleted } = await purgeAll(asOf);

    expect(deleted).toEqual({ authSessions: 2, refreshTokens: 4, replyLinkUses: 1 });
    expect(await sessionIds()).toEqual([live, expiredRecently, revokedRecently].sort());
    expect(await tokenHashes()).toEqual([liveCurrent, liveRecent, expiredRecentlyToken, revokedRecentlyToken].sort());
    expect(await nonces()).toEqual([validLink, justExpiredLink].sort());

    // Idempotent: a second run (or a retried attempt) as of the same instant finds nothing more.
    expect((await purgeAll(asOf)).deleted).toEqual(noPurgeCounts());
  });

  it('works in bounded batches and reports when more is due', async () => {
    const asOf = new Date('2026-03-10T19:00:00.000Z');
    for (let i = 0; i < 5; i += 1) {
      const dead = await session({ expiresAt: at(asOf, -40 * DAY) });
      await token(dead, at(asOf, -47 * DAY), null);
      await used(at(asOf, -3 * DAY));
    }
    const first = await activity.purgeExpiredRecords({ asOf: asOf.toISOString(), batchSize: 2 });
    expect(first).toEqual({ deleted: { authSessions: 2, refreshTokens: 2, replyLinkUses: 2 }, more: true });

    const rest = await purgeAll(asOf, 2);
    expect(rest.deleted).toEqual({ authSessions: 3, refreshTokens: 3, replyLinkUses: 3 });
    expect(rest.calls).toBe(2); // 2 + 1, the last call finding less than a batch
    expect(await sessionIds()).toEqual([]);
    expect(await nonces()).toEqual([]);
  });

  it('refuses a bad input without retrying it', async () => {
    await expect(activity.purgeExpiredRecords({ asOf: 'yesterday', batchSize: 10 })).rejects.toMatchObject({
      type: 'BadMaintenanceInput',
      nonRetryable: true,
    });
    await expect(activity.purgeExpiredRecords({ asOf: new Date().toISOString(), batchSize: 0 })).rejects.toMatchObject({
      type: 'BadMaintenanceInput',
    });
  });

  it('keeps a used reply link refused while it is valid, and refused as expired once its use is gone', async () => {
    const clock = new TestClock();
    const links = new ReplyLinkService(db, clock, config);
    const link = links.create(issue.leadAssignmentId, issue.leadDepartmentId);
    await links.consume(link.token, { assignmentId: issue.leadAssignmentId });

    // The night after, and the last night of the link's validity: the use stays, so reuse is still refused.
    for (const asOf of [at(clock.now(), DAY), at(link.expiresAt, -HOUR)]) {
      expect((await purgeAll(asOf)).deleted.replyLinkUses).toBe(0);
      await expect(links.check(link.token)).rejects.toMatchObject({ reason: 'used' });
      await expect(links.consume(link.token, { assignmentId: issue.leadAssignmentId })).rejects.toBeInstanceOf(
        ReplyLinkError,
      );
    }

    // Two days past its expiry the use is deleted, and the link is refused all the same: as expired.
    clock.advance(link.expiresAt.getTime() - clock.now().getTime() + 2 * DAY);
    expect((await purgeAll(clock.now())).deleted.replyLinkUses).toBe(1);
    await expect(links.check(link.token)).rejects.toMatchObject({ reason: 'expired' });
    await expect(links.consume(link.token, { assignmentId: issue.leadAssignmentId })).rejects.toMatchObject({
      reason: 'expired',
    });
  });

  it('keeps what reuse detection needs: a rotated token of a live session still ends the session', async () => {
    const repository = new AuthRepository(db);
    const now = new Date();
    const first = { token: randomUUID(), hash: '' };
    first.hash = createHash('sha256').update(first.token).digest('hex');
    const sessionId = await repository.createSession({
      userId: user,
      tokenHash: first.hash,
      now,
      expiresAt: at(now, 7 * DAY),
      userAgent: null,
      ip: null,
    });
    const next = createHash('sha256').update(randomUUID()).digest('hex');
    expect(
      await repository.rotateRefreshToken({ tokenHash: first.hash, nextHash: next, now, expiresAt: at(now, 7 * DAY) }),
    ).toMatchObject({ kind: 'rotated' });

    // Tonight's clean-up keeps the rotated token...
    expect((await purgeAll(at(now, DAY))).deleted).toEqual(noPurgeCounts());

    // ...so a thief's copy presented the day after is still recognised, and ends the session.
    const later = at(now, 2 * DAY);
    expect(
      await repository.rotateRefreshToken({
        tokenHash: first.hash,
        nextHash: createHash('sha256').update(randomUUID()).digest('hex'),
        now: later,
        expiresAt: at(later, 7 * DAY),
      }),
    ).toEqual({ kind: 'reused', sessionId });
    expect(await repository.loadPrincipal(user, sessionId, later)).toBeNull();

    // The ended session goes SESSION_RETENTION_DAYS after its revocation, with both its tokens.
    expect((await purgeAll(at(later, 31 * DAY))).deleted).toEqual({
      authSessions: 1,
      refreshTokens: 2,
      replyLinkUses: 0,
    });
  });
});
