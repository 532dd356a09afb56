// Owns signed single-purpose reply links: a department answers one assignment from the email, without an
// account. A link is an HMAC-SHA256 over (assignment, department, expiry, nonce), valid REPLY_LINK_TTL_HOURS,
// good for that assignment's reply only, and for one use (its nonce is recorded in reply_link_uses).
import { ForbiddenException, GoneException, HttpException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { mintReplyLink, readReplyLink, replyLinkKey, type ReplyLink, type ReplyLinkClaims } from '@app/reply-links';
import { Clock } from '../common/clock';
import { queryRows } from '@app/database';

export { REPLY_PAGE_PATH, type ReplyLink, type ReplyLinkClaims } from '@app/reply-links';

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
    this.key = replyLinkKey(config);
  }

  /** A new link for `assignmentId`, to be used by `departmentId`, valid REPLY_LINK_TTL_HOURS from now. */
  create(assignmentId: string, departmentId: string): ReplyLink {
    return mintReplyLink(this.config, assignmentId, departmentId, this.clock.now());
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
