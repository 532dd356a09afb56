// Owns signed single-purpose reply links: a department answers one assignment from the email, without an
// account. A link is an HMAC-SHA256 over (assignment, department, expiry, nonce), valid REPLY_LINK_TTL_HOURS,
// good for that assignment's reply only, and for one use (its nonce is recorded in reply_link_uses).
//
// A submission claims the link (a short lease, one row) before its reply goes to the workflow, and uses it up only
// once the reply is accepted; a refused, failed or timed-out reply releases the claim. No transaction or lock is held
// while the workflow answers, so a link posted many times at once costs one pooled connection per statement, not one
// per waiting request.
import { randomUUID } from 'node:crypto';
import {
  ConflictException,
  ForbiddenException,
  GoneException,
  HttpException,
  Inject,
  Injectable,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { mintReplyLink, readReplyLink, replyLinkKey, type ReplyLink, type ReplyLinkClaims } from '@app/reply-links';
import { Clock } from '../common/clock';
import { queryRows } from '@app/database';

export { REPLY_PAGE_PATH, type ReplyLink, type ReplyLinkClaims } from '@app/reply-links';

export type ReplyLinkFailure = 'invalid' | 'expired' | 'used' | 'other_assignment' | 'in_use';

/**
 * How long a claim holds a link for one submission: longer than the workflow may take to answer (UPDATE_TIMEOUT_MS,
 * 30 s), so a live submission keeps its claim; a claim left by a process that died mid-submission lapses after it.
 */
export const REPLY_LINK_CLAIM_MS = 60_000;

/** A link claimed for one submission: `complete` it when the reply is accepted, `release` it otherwise. */
export interface ReplyLinkClaim {
  claims: ReplyLinkClaims;
  claimId: string;
}

/**
 * Why a link was refused: 403 invalid (malformed or tampered) or for another assignment, 410 expired or used, 409 while
 * another submission of it is with the workflow.
 */
export class ReplyLinkError extends HttpException {
  constructor(readonly reason: ReplyLinkFailure) {
    const refused: Record<ReplyLinkFailure, HttpException> = {
      invalid: new ForbiddenException('This reply link is not valid'),
      other_assignment: new ForbiddenException('This reply link is for another assignment'),
      expired: new GoneException('This reply link has expired: use the link in the latest email, or sign in'),
      used: new GoneException('This reply link has already been used'),
      in_use: new ConflictException('This reply link is being used by another submission: try again in a minute'),
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
    const used = await queryRows(this.db, `SELECT 1 FROM reply_link_uses WHERE nonce = $1 AND status = 'used'`, [
      claims.nonce,
    ]);
    if (used.length) throw new ReplyLinkError('used');
    return claims;
  }

  /**
   * Claims the link for one submission of the reply to `assignmentId`: 410 once used, 409 while another submission
   * holds an unlapsed claim. One statement, no transaction left open: the caller then sends the reply and calls
   * `complete` (accepted) or `release` (anything else).
   */
  async claim(token: string, assignmentId: string): Promise<ReplyLinkClaim> {
    const claims = this.verify(token);
    if (claims.assignmentId !== assignmentId) throw new ReplyLinkError('other_assignment');
    // The link names the department; the assignment must still be that department's.
    const [assignment] = await queryRows<{ departmentId: string }>(
      this.db,
      `SELECT department_id AS "departmentId" FROM assignments WHERE id = $1`,
      [claims.assignmentId],
    );
    if (!assignment || assignment.departmentId !== claims.departmentId) throw new ReplyLinkError('other_assignment');
    const now = this.clock.now();
    const claimId = randomUUID();
    const claimed = await queryRows(
      this.db,
      `INSERT INTO reply_link_uses (nonce, assignment_id, department_id, used_at, expires_at, status, claim_id,
                                    claimed_until)
       VALUES ($1, $2, $3, $4, $5, 'claimed', $6, $7)
       ON CONFLICT (nonce) DO UPDATE SET used_at = EXCLUDED.used_at, claim_id = EXCLUDED.claim_id,
                                         claimed_until = EXCLUDED.claimed_until
         WHERE reply_link_uses.status = 'claimed' AND reply_link_uses.claimed_until <= EXCLUDED.used_at
       RETURNING nonce`,
      [
        claims.nonce,
        claims.assignmentId,
        claims.departmentId,
        now,
        claims.expiresAt,
        claimId,
        new Date(now.getTime() + REPLY_LINK_CLAIM_MS),
      ],
    );
    if (claimed.length) return { claims, claimId };
    const [row] = await queryRows<{ status: string }>(this.db, `SELECT status FROM reply_link_uses WHERE nonce = $1`, [
      claims.nonce,
    ]);
    throw new ReplyLinkError(row?.status === 'claimed' ? 'in_use' : 'used');
  }

  /** Claims and uses up the link in one go, for a use that waits on nothing (no workflow answer) in between. */
  async consume(token: string, options: { assignmentId: string }): Promise<ReplyLinkClaims> {
    const claim = await this.claim(token, options.assignmentId);
    await this.complete(claim);
    return claim.claims;
  }

  /** The reply was accepted: the link is used up, whoever holds the claim now (or if a lapsed claim was released). */
  async complete(claim: ReplyLinkClaim): Promise<void> {
    const { claims } = claim;
    await this.db.query(
      `INSERT INTO reply_link_uses (nonce, assignment_id, department_id, used_at, expires_at, status)
       VALUES ($1, $2, $3, $4, $5, 'used')
       ON CONFLICT (nonce) DO UPDATE SET status = 'used', used_at = EXCLUDED.used_at, claim_id = NULL,
                                         claimed_until = NULL`,
      [claims.nonce, claims.assignmentId, claims.departmentId, this.clock.now(), claims.expiresAt],
    );
  }

  /** The reply was refused, failed or timed out: the link works again (unless a newer submission claimed it since). */
  async release(claim: ReplyLinkClaim): Promise<void> {
    await this.db.query(`DELETE FROM reply_link_uses WHERE nonce = $1 AND status = 'claimed' AND claim_id = $2`, [
      claim.claims.nonce,
      claim.claimId,
    ]);
  }
}
