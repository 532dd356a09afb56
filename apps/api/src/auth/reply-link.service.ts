// Owns signed single-purpose reply links: a department answers one assignment from the email, without an
// account. A link is an HMAC-SHA256 over (assignment, department, expiry, nonce), valid REPLY_LINK_TTL_HOURS,
// good for that assignment's reply only, and for one use (its nonce is recorded in reply_link_uses).
import { ForbiddenException, GoneException, HttpException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Clock } from '../common/clock';
import { queryRows } from '../common/sql';

/** Where the emailed link points; the page posts the token back to the reply endpoint. */
export const REPLY_PAGE_PATH = '/reply';
const VERSION = 'v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NONCE = /^[A-Za-z0-9_-]{22}$/;

export interface ReplyLinkClaims {
  assignmentId: string;
  departmentId: string;
  expiresAt: Date;
  nonce: string;
}

export interface ReplyLink extends ReplyLinkClaims {
  /** URL-safe; put it in the link, never in a log line. */
  token: string;
  url: string;
}

export type ReplyLinkFailure = 'invalid' | 'expired' | 'used' | 'other_assignment';

/** Why a link was refused: 403 invalid (malformed or tampered) or for another assignment, 410 expired or used. */
export class ReplyLinkError extends HttpException {
  constructor(readonly reason: ReplyLinkFailure) {
    const refused: Record<ReplyLinkFailure, HttpException> = {
      invalid: new ForbiddenException('This reply link is not valid'),
      other_assignment: new ForbiddenException('This reply link is for another assignment'),
      expired: new GoneException('This reply link has expired: use the link in the latest email, or sign in'),
      used: new GoneException('This reply link has already been used'),
    };
    super(refused[reason].getResponse(), refused[reason].getStatus());
  }
}

@Injectable()
export class ReplyLinkService {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = Buffer.from(config.REPLY_LINK_SECRET, 'utf8');
  }

  /** A new link for `assignmentId`, to be used by `departmentId`, valid REPLY_LINK_TTL_HOURS from now. */
  create(assignmentId: string, departmentId: string): ReplyLink {
    if (!UUID.test(assignmentId) || !UUID.test(departmentId)) throw new Error('Reply links need uuid ids');
    const expiresAt = new Date(this.clock.now().getTime() + this.config.REPLY_LINK_TTL_HOURS * 3_600_000);
    const claims: ReplyLinkClaims = {
      assignmentId,
      departmentId,
      expiresAt,
      nonce: randomBytes(16).toString('base64url'),
    };
    const token = signReplyLink(claims, this.key);
    const url = new URL(REPLY_PAGE_PATH, this.config.PUBLIC_URL);
    url.searchParams.set('token', token);
    return { ...claims, token, url: url.toString() };
  }

  /** The claims of a link whose signature is right and which has not expired; throws ReplyLinkError otherwise. */
  verify(token: string): ReplyLinkClaims {
    const claims = readReplyLink(token, this.key);
    if (!claims) throw new ReplyLinkError('invalid');
    if (claims.expiresAt <= this.clock.now()) throw new ReplyLinkError('expired');
    return claims;
  }

  /** verify() plus "not used yet": for showing the reply form. */
  async check(token: string): Promise<ReplyLinkClaims> {
    const claims = this.verify(token);
    const used = await queryRows(this.db, `SELECT 1 FROM reply_link_uses WHERE nonce = $1`, [claims.nonce]);
    if (used.length) throw new ReplyLinkError('used');
    return claims;
  }

  /**
   * Uses the link up, for the reply to `assignmentId`. Pass the transaction that writes the reply, so that a
   * failed reply does not burn the link and two concurrent submissions cannot both pass:
   *
   *   await dataSource.transaction(async (tx) => {
   *     const link = await this.replyLinks.consume(token, { assignmentId, manager: tx });
   *     await tx.insert(Reply, { assignmentId, departmentId: link.departmentId, ... });
   *   });
   */
  async consume(token: string, options: { assignmentId: string; manager?: EntityManager }): Promise<ReplyLinkClaims> {
    const claims = this.verify(token);
    if (claims.assignmentId !== options.assignmentId) throw new ReplyLinkError('other_assignment');
    const db = options.manager ?? this.db.manager;
    // The link names the department; the assignment must still be that department's.
    const [assignment] = await queryRows<{ departmentId: string }>(
      db,
      `SELECT department_id AS "departmentId" FROM assignments WHERE id = $1`,
      [claims.assignmentId],
    );
    if (!assignment || assignment.departmentId !== claims.departmentId) throw new ReplyLinkError('other_assignment');
    const inserted = await queryRows(
      db,
      `INSERT INTO reply_link_uses (nonce, assignment_id, department_id, used_at, expires_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (nonce) DO NOTHING RETURNING nonce`,
      [claims.nonce, claims.assignmentId, claims.departmentId, this.clock.now(), claims.expiresAt],
    );
    if (!inserted.length) throw new ReplyLinkError('used');
    return claims;
  }
}

/** `v1.<base64url JSON {a, d, e, n}>.<base64url HMAC-SHA256 of "v1.<payload>">`. */
export function signReplyLink(claims: ReplyLinkClaims, key: Buffer): string {
  const payload = Buffer.from(
    JSON.stringify({
      a: claims.assignmentId,
      d: claims.departmentId,
      e: Math.floor(claims.expiresAt.getTime() / 1000),
      n: claims.nonce,
    }),
  ).toString('base64url');
  const signed = `${VERSION}.${payload}`;
  return `${signed}.${createHmac('sha256', key).update(signed).digest('base64url')}`;
}

/** The claims of a well-formed link with a good signature (expiry not checked), or null. */
export function readReplyLink(token: string, key: Buffer): ReplyLinkClaims | null {
  if (typeof token !== 'string' || token.length > 512) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  // Compared as text: base64url decoding is lenient, and a token must have exactly one spelling.
  const expected = Buffer.from(createHmac('sha256', key).update(`${parts[0]}.${parts[1]}`).digest('base64url'));
  const given = Buffer.from(parts[2]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const { a, d, e, n } = (body ?? {}) as Record<string, unknown>;
  if (typeof a !== 'string' || !UUID.test(a) || typeof d !== 'string' || !UUID.test(d)) return null;
  if (typeof e !== 'number' || !Number.isSafeInteger(e) || typeof n !== 'string' || !NONCE.test(n)) return null;
  return { assignmentId: a, departmentId: d, expiresAt: new Date(e * 1000), nonce: n };
}
