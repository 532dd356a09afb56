// Signed single-purpose reply links against the real database: a link answers one assignment, once, until it
// expires; tampered, expired, reused and misdirected links are refused.
import { createHmac } from 'node:crypto';
import { readReplyLink, signReplyLink } from '@app/reply-links';
import {
  REPLY_LINK_CLAIM_MS,
  ReplyLinkError,
  ReplyLinkService,
  type ReplyLinkFailure,
} from '../../apps/api/src/auth/reply-link.service';
import { insertIssue, type IssueFixture } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

describe('reply links', () => {
  let t: TestApp;
  let links: ReplyLinkService;
  let issue: IssueFixture;

  beforeAll(async () => {
    t = await startTestApp({ REPLY_LINK_TTL_HOURS: '48', PUBLIC_URL: 'https://lianluo.example.org' });
    links = t.app.get(ReplyLinkService);
    issue = await insertIssue(t.db);
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(() => t.clock.reset());

  const newLink = () => links.create(issue.leadAssignmentId, issue.leadDepartmentId);

  async function refusal(action: () => unknown): Promise<{ reason: ReplyLinkFailure; status: number }> {
    try {
      await action();
    } catch (error) {
      if (error instanceof ReplyLinkError) return { reason: error.reason, status: error.getStatus() };
      throw error;
    }
    throw new Error('expected the link to be refused');
  }

  async function uses(nonce: string): Promise<number> {
    const [{ count }] = await t.db.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM reply_link_uses WHERE nonce = $1`,
      [nonce],
    );
    return count;
  }

  it('creates a URL-safe link to the reply page, valid REPLY_LINK_TTL_HOURS', () => {
    const before = Date.now();
    const link = newLink();
    expect(link.token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(link.url).toBe(`https://lianluo.example.org/reply?token=${link.token}`);
    expect(link.expiresAt.getTime() - before).toBeGreaterThanOrEqual(48 * 3_600_000 - 1000);
    expect(link.expiresAt.getTime() - before).toBeLessThanOrEqual(48 * 3_600_000 + 1000);
    expect(links.verify(link.token)).toEqual({
      assignmentId: issue.leadAssignmentId,
      departmentId: issue.leadDepartmentId,
      expiresAt: new Date(Math.floor(link.expiresAt.getTime() / 1000) * 1000),
      nonce: link.nonce,
    });
    expect(newLink().nonce).not.toBe(link.nonce);
  });

  it('is used up by consume: once, recorded by its nonce', async () => {
    const link = newLink();
    await expect(links.check(link.token)).resolves.toMatchObject({ nonce: link.nonce });
    const claims = await links.consume(link.token, { assignmentId: issue.leadAssignmentId });
    expect(claims.departmentId).toBe(issue.leadDepartmentId);
    expect(await uses(link.nonce)).toBe(1);

    expect(await refusal(() => links.consume(link.token, { assignmentId: issue.leadAssignmentId }))).toEqual({
      reason: 'used',
      status: 410,
    });
    expect(await refusal(() => links.check(link.token))).toEqual({ reason: 'used', status: 410 });
    expect(await uses(link.nonce)).toBe(1);
  });

  it('lets only one of two concurrent uses through', async () => {
    const link = newLink();
    const results = await Promise.allSettled([
      links.consume(link.token, { assignmentId: issue.leadAssignmentId }),
      links.consume(link.token, { assignmentId: issue.leadAssignmentId }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await uses(link.nonce)).toBe(1);
  });

  it('a claim holds the link for one submission: a second one gets 409, a release frees it, a completion uses it up', async () => {
    const link = newLink();
    const first = await links.claim(link.token, issue.leadAssignmentId);
    expect(await refusal(() => links.claim(link.token, issue.leadAssignmentId))).toEqual({
      reason: 'in_use',
      status: 409,
    });
    // A claim is not a use: the reply form still opens.
    await expect(links.check(link.token)).resolves.toMatchObject({ nonce: link.nonce });

    await links.release(first); // the reply was refused or timed out: the link is not burnt
    expect(await uses(link.nonce)).toBe(0);
    const second = await links.claim(link.token, issue.leadAssignmentId);
    await links.release(first); // a late release of an older claim leaves the newer one alone
    expect(await refusal(() => links.claim(link.token, issue.leadAssignmentId))).toEqual({
      reason: 'in_use',
      status: 409,
    });

    await links.complete(second);
    expect(await refusal(() => links.check(link.token))).toEqual({ reason: 'used', status: 410 });
    expect(await refusal(() => links.claim(link.token, issue.leadAssignmentId))).toEqual({
      reason: 'used',
      status: 410,
    });
    await links.release(second); // releasing after the use changes nothing
    expect(await uses(link.nonce)).toBe(1);
  });

  it('a claim left behind (its process died) lapses after REPLY_LINK_CLAIM_MS', async () => {
    const link = newLink();
    await links.claim(link.token, issue.leadAssignmentId);
    t.clock.advance(REPLY_LINK_CLAIM_MS - 1000);
    expect(await refusal(() => links.claim(link.token, issue.leadAssignmentId))).toEqual({
      reason: 'in_use',
      status: 409,
    });
    t.clock.advance(1000);
    const taken = await links.claim(link.token, issue.leadAssignmentId);
    await links.complete(taken);
    expect(await refusal(() => links.check(link.token))).toEqual({ reason: 'used', status: 410 });
  });

  it('refuses an expired link, and does not record a use', async () => {
    const link = newLink();
    t.clock.advance(47 * 3_600_000);
    expect(links.verify(link.token).nonce).toBe(link.nonce);
    t.clock.advance(3_600_000 + 1000);
    expect(await refusal(() => links.verify(link.token))).toEqual({ reason: 'expired', status: 410 });
    expect(await refusal(() => links.consume(link.token, { assignmentId: issue.leadAssignmentId }))).toEqual({
      reason: 'expired',
      status: 410,
    });
    expect(await uses(link.nonce)).toBe(0);
  });

  it('allows only its own assignment', async () => {
    const link = newLink();
    expect(await refusal(() => links.consume(link.token, { assignmentId: issue.coAssignmentId }))).toEqual({
      reason: 'other_assignment',
      status: 403,
    });
    expect(await uses(link.nonce)).toBe(0);
  });

  it('is refused when the assignment is not the named department’s', async () => {
    // A link minted for the lead assignment but naming the co-handling department.
    const link = links.create(issue.leadAssignmentId, issue.coDepartmentId);
    expect(await refusal(() => links.consume(link.token, { assignmentId: issue.leadAssignmentId }))).toEqual({
      reason: 'other_assignment',
      status: 403,
    });
    expect(await uses(link.nonce)).toBe(0);
  });

  describe('tampered links', () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    it.each([
      [
        'a character of the signature changed',
        (token: string) => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'),
      ],
      ['the signature cut short', (token: string) => token.slice(0, -4)],
      ['the signature removed', (token: string) => token.split('.').slice(0, 2).join('.') + '.'],
      [
        'the assignment in the payload swapped, signature kept',
        (token: string, other: string) => {
          const [v, payload, sig] = token.split('.');
          const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
          return `${v}.${b64({ ...claims, a: other })}.${sig}`;
        },
      ],
      [
        'the expiry moved, signature kept',
        (token: string) => {
          const [v, payload, sig] = token.split('.');
          const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, number>;
          return `${v}.${b64({ ...claims, e: claims.e + 86400 * 365 })}.${sig}`;
        },
      ],
      [
        'signed with another key',
        (token: string) => {
          const [v, payload] = token.split('.');
          return `${v}.${payload}.${createHmac('sha256', 'not-the-key').update(`${v}.${payload}`).digest('base64url')}`;
        },
      ],
      ['another version', (token: string) => `v2${token.slice(2)}`],
      ['garbage', () => 'not-a-link'],
      ['empty', () => ''],
      ['enormous', (token: string) => token + 'A'.repeat(10_000)],
    ])('%s → invalid (403), nothing recorded', async (_label, tamper) => {
      const link = newLink();
      const tampered = tamper(link.token, issue.coAssignmentId);
      expect(await refusal(() => links.verify(tampered))).toEqual({ reason: 'invalid', status: 403 });
      for (const assignmentId of [issue.leadAssignmentId, issue.coAssignmentId]) {
        expect(await refusal(() => links.consume(tampered, { assignmentId }))).toEqual({
          reason: 'invalid',
          status: 403,
        });
      }
      expect(await uses(link.nonce)).toBe(0);
    });

    it('needs the secret: a link signed with REPLY_LINK_SECRET reads back, with any other key it does not', () => {
      const claims = {
        assignmentId: issue.leadAssignmentId,
        departmentId: issue.leadDepartmentId,
        expiresAt: new Date(Date.now() + 3_600_000),
        nonce: 'AAAAAAAAAAAAAAAAAAAAAA',
      };
      const key = Buffer.from(t.config.REPLY_LINK_SECRET);
      expect(readReplyLink(signReplyLink(claims, key), key)?.assignmentId).toBe(issue.leadAssignmentId);
      expect(readReplyLink(signReplyLink(claims, Buffer.from(t.config.JWT_SECRET)), key)).toBeNull();
    });
  });
});
