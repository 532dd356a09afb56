// Owns the retention of the records that only matter for a while, and the SQL that deletes them once it has run out:
//
//   auth_sessions     an ended sign-in (expired, or revoked at sign-out, password change or token reuse) is kept
//                     SESSION_RETENTION_DAYS after it ended, for the user's list of sign-ins and for looking into a
//                     reuse; then it goes, with its refresh tokens. A live session is never touched.
//   refresh_tokens    a rotated token of a live session stays as long as presenting it again could be a thief's copy
//                     worth ending the session for: until it would have expired had it not been rotated
//                     (issued_at + REFRESH_TOKEN_TTL), plus SESSION_RETENTION_DAYS. The current token stays.
//   reply_link_uses   a used nonce blocks its link's reuse only while the link is valid: afterwards the link is
//                     refused as expired before this table is read. Kept one day past the link's expiry, so clocks
//                     that disagree a little between API hosts still find the row.
//
// Not expiring, so not here: issues, events, replies and feedback (the record), data_access_log and admin_audit_log
// (audit trails), and mail_outbox (the record of every mail sent, and the guard that sends each once).
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  PURGED_RECORDS,
  type MaintenanceActivities,
  type PurgeExpiredInput,
  type PurgeExpiredResult,
} from '@app/contracts';
import { queryRows, retryingTransaction } from '@app/database';

const DAY_MS = 86_400_000;
/** How long past its link's expiry a used nonce is kept: see the top of the file. */
export const REPLY_LINK_USE_GRACE_MS = DAY_MS;

export interface RetentionCutoffs {
  /** Sessions that expired or were revoked before this go. */
  sessionsEndedBefore: Date;
  /** Rotated refresh tokens issued before this go. */
  rotatedTokensIssuedBefore: Date;
  /** Used reply-link nonces of links that expired before this go. */
  replyLinksExpiredBefore: Date;
}

/** The cutoffs the retention rules give as of `asOf`. */
export function retentionCutoffs(config: AppConfig, asOf: Date): RetentionCutoffs {
  const retentionMs = config.SESSION_RETENTION_DAYS * DAY_MS;
  return {
    sessionsEndedBefore: new Date(asOf.getTime() - retentionMs),
    rotatedTokensIssuedBefore: new Date(asOf.getTime() - config.REFRESH_TOKEN_TTL * 1000 - retentionMs),
    replyLinksExpiredBefore: new Date(asOf.getTime() - REPLY_LINK_USE_GRACE_MS),
  };
}

@Injectable()
export class MaintenanceActivitiesService implements Pick<MaintenanceActivities, 'purgeExpiredRecords'> {
  private readonly logger = new Logger(MaintenanceActivitiesService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One batch of each kind, each in its own short transaction. Rows are picked with SKIP LOCKED, so a sign-in being
   * refreshed at this moment is never waited for. Idempotent: the rules depend on `asOf` alone, so a retry deletes
   * what an earlier attempt left; the counts are what this attempt deleted.
   */
  async purgeExpiredRecords(input: PurgeExpiredInput): Promise<PurgeExpiredResult> {
    const asOf = new Date(input.asOf);
    if (Number.isNaN(asOf.getTime()) || !Number.isInteger(input.batchSize) || input.batchSize < 1) {
      throw ApplicationFailure.nonRetryable(`bad maintenance input: ${JSON.stringify(input)}`, 'BadMaintenanceInput');
    }
    const cutoffs = retentionCutoffs(this.config, asOf);
    const limit = input.batchSize;

    const sessions = await this.purgeEndedSessions(cutoffs.sessionsEndedBefore, limit);
    const rotated = await this.deleteBatch(
      `DELETE FROM refresh_tokens WHERE token_hash IN (
         SELECT token_hash FROM refresh_tokens WHERE rotated_at IS NOT NULL AND issued_at < $1
          LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING 1`,
      [cutoffs.rotatedTokensIssuedBefore, limit],
    );
    const replyLinkUses = await this.deleteBatch(
      `DELETE FROM reply_link_uses WHERE nonce IN (
         SELECT nonce FROM reply_link_uses WHERE expires_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING 1`,
      [cutoffs.replyLinksExpiredBefore, limit],
    );

    const deleted = {
      authSessions: sessions.sessions,
      refreshTokens: sessions.tokens + rotated,
      replyLinkUses,
    };
    const more = sessions.sessions === limit || rotated === limit || replyLinkUses === limit;
    if (PURGED_RECORDS.some((kind) => deleted[kind] > 0)) {
      this.logger.log(
        `Deleted ${deleted.authSessions} ended sessions, ${deleted.refreshTokens} refresh tokens and ` +
          `${deleted.replyLinkUses} used reply links, as of ${input.asOf}${more ? '; more are due' : ''}`,
      );
    }
    return { deleted, more };
  }

  /** Ended sessions and their refresh tokens, counted apart (the foreign key's cascade would not report them). */
  private purgeEndedSessions(endedBefore: Date, limit: number): Promise<{ sessions: number; tokens: number }> {
    return retryingTransaction(this.db, 'purgeEndedSessions', async (tx) => {
      const doomed = await queryRows<{ id: string }>(
        tx,
        `SELECT id FROM auth_sessions WHERE expires_at < $1 OR revoked_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [endedBefore, limit],
      );
      if (!doomed.length) return { sessions: 0, tokens: 0 };
      const ids = doomed.map((row) => row.id);
      const tokens = await queryRows(tx, `DELETE FROM refresh_tokens WHERE session_id = ANY($1::uuid[]) RETURNING 1`, [
        ids,
      ]);
      const sessions = await queryRows(tx, `DELETE FROM auth_sessions WHERE id = ANY($1::uuid[]) RETURNING 1`, [ids]);
      return { sessions: sessions.length, tokens: tokens.length };
    });
  }

  private async deleteBatch(sql: string, parameters: unknown[]): Promise<number> {
    return (await queryRows(this.db, sql, parameters)).length;
  }
}
