// Owns delivering the outbox: claims due mail_outbox rows with a lease (a short statement, committed at once), talks
// to the SMTP server outside any transaction, then records the attempt in operations.mail_attempts and the row's new
// state. Every worker runs one (MailDeliveryModule); SKIP LOCKED and the lease keep them off each other's rows.
//
// What is guaranteed: a mail recorded in the outbox is sent until the SMTP server accepts it (back-off from
// MAIL_RETRY_MIN_SECONDS doubling to MAIL_RETRY_MAX_SECONDS), each attempt with the same Message-ID; a permanent
// refusal (5xx) ends as `failed`. Only when a deliverer dies (or cannot reach the database) between the server's OK and
// recording it is a mail sent twice; its attempt is then recorded `unknown` by whoever picks the row up after the
// lease (LEASE_SECONDS) lapsed. The lease is short, so a dead deliverer's mail moves on within seconds, and renewed
// while a live deliverer's exchange (bounded by SEND_BOUND_MS) is under way, so a live deliverer always records first.
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';
import { queryRows } from '@app/database';
import { contextOfTraceParent, inSpan } from '@app/observability';
import { messageIdFor } from './mail-outbox';
import type { MailService } from './mail.service';

export const MAIL_OUTBOX_CHANNEL = 'mail_outbox';
/**
 * How long a claim keeps other deliverers off a row without being renewed: a killed worker's claimed mail is taken
 * up by another deliverer this long after (plus a poll). A live deliverer renews it every third of it while it sends.
 */
export const LEASE_SECONDS = 15;
/** The longest one SMTP exchange may take before its outcome is taken as unknown (nodemailer's timeouts come first). */
export const SEND_BOUND_MS = 60_000;
/** A pass without a notice: catches lapsed leases, back-off that ended, and notices lost with the LISTEN connection. */
export const POLL_MS = 5_000;
/** Rows claimed per pass and sent at once (the SMTP pool's size). */
export const BATCH = 5;

export type AttemptOutcome = 'sent' | 'failed' | 'unknown';

export interface ClaimedMail {
  id: string;
  claim_id: string;
  attempt: number;
  claimed_at: Date;
  dedupe_key: string;
  recipients: string[];
  subject: string;
  text_body: string;
  html_body: string | null;
  trace_parent: string | null;
}

/** Told of every attempt's outcome (the worker's metrics count them). */
export type AttemptListener = (outcome: AttemptOutcome) => void;

export interface DeliveryOptions {
  retryMinSeconds: number;
  retryMaxSeconds: number;
  leaseSeconds: number;
  sendBoundMs: number;
  pollMs: number;
  batch: number;
}

export function deliveryOptionsOf(config: AppConfig): DeliveryOptions {
  return {
    retryMinSeconds: config.MAIL_RETRY_MIN_SECONDS,
    retryMaxSeconds: Math.max(config.MAIL_RETRY_MIN_SECONDS, config.MAIL_RETRY_MAX_SECONDS),
    leaseSeconds: LEASE_SECONDS,
    sendBoundMs: SEND_BOUND_MS,
    pollMs: POLL_MS,
    batch: BATCH,
  };
}

class SendTimeout extends Error {}

export class MailDeliverer {
  private readonly logger = new Logger(MailDeliverer.name);
  /** Names this process in the attempts it records. */
  readonly name = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private woken = false;
  private listener?: Client;

  constructor(
    private readonly db: DataSource,
    private readonly mail: MailService,
    private readonly config: AppConfig,
    private readonly options: DeliveryOptions = deliveryOptionsOf(config),
    private readonly onAttempt?: AttemptListener,
  ) {}

  /** Starts the loop: LISTEN for new rows, then a pass now and after every notice, back-off end or poll. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** Ends the loop after the pass under way (its sends are recorded first). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
    await this.closeListener();
  }

  /** Claims due rows, sends them, records the outcomes; returns how many were attempted. */
  async deliverDue(): Promise<number> {
    const claimed = await this.claim(this.options.batch);
    if (claimed.length === 0) return 0;
    const renewal = setInterval(() => void this.renew(claimed), (this.options.leaseSeconds * 1000) / 3);
    try {
      await Promise.all(claimed.map((row) => this.attempt(row)));
    } finally {
      clearInterval(renewal);
    }
    return claimed.length;
  }

  /** Keeps the claims alive while their exchanges run (a failure here only lets the lease lapse). */
  private async renew(rows: ClaimedMail[]): Promise<void> {
    await this.db
      .query(
        `UPDATE mail_outbox SET claimed_until = clock_timestamp() + make_interval(secs => $2)
          WHERE claim_id = ANY($1::uuid[]) AND status = 'pending'`,
        [rows.map((row) => row.claim_id), this.options.leaseSeconds],
      )
      .catch((error: unknown) => this.logger.warn(`Could not renew mail claims: ${String(error)}`));
  }

  /**
   * Claims up to `limit` due rows for this deliverer (one statement, so the claim commits at once and no lock is held
   * while SMTP answers). A row whose previous claim lapsed without an outcome gets that attempt recorded `unknown`.
   */
  async claim(limit: number): Promise<ClaimedMail[]> {
    return queryRows<ClaimedMail>(
      this.db,
      `WITH due AS (
         SELECT id, attempts, claimed_at, claimed_until FROM mail_outbox
          WHERE status = 'pending' AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until <= now())
          ORDER BY next_attempt_at, created_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       ), lapsed AS (
         INSERT INTO operations.mail_attempts (mail_id, attempt, started_at, outcome, error, deliverer)
         SELECT id, attempts, claimed_at, 'unknown',
                'the claim lapsed without an outcome: the deliverer died or lost the database, possibly after sending', $3
           FROM due WHERE claimed_until IS NOT NULL AND claimed_at IS NOT NULL
         ON CONFLICT (mail_id, attempt) DO NOTHING
       )
       UPDATE mail_outbox m
          SET attempts = m.attempts + 1, claim_id = gen_random_uuid(), claimed_at = clock_timestamp(),
              claimed_until = clock_timestamp() + make_interval(secs => $2)
         FROM due WHERE m.id = due.id
       RETURNING m.id, m.claim_id, m.attempts AS attempt, m.claimed_at, m.dedupe_key, m.recipients, m.subject,
                 m.text_body, m.html_body, m.trace_parent`,
      [limit, this.options.leaseSeconds, this.name],
    );
  }

  /** Sends one claimed row (no transaction open) and records what happened. */
  async attempt(row: ClaimedMail): Promise<AttemptOutcome> {
    let outcome: AttemptOutcome = 'sent';
    let error: string | null = null;
    let smtpCode: number | null = null;
    try {
      // In the trace of the step that recorded the mail (when tracing is on and it ran in one).
      await inSpan(
        'smtp send',
        { parent: contextOfTraceParent(row.trace_parent), attributes: { 'lianluo.mail.attempt': row.attempt } },
        () =>
          this.bounded(
            this.mail.send({
              to: row.recipients,
              subject: row.subject,
              text: row.text_body,
              html: row.html_body ?? undefined,
              messageId: messageIdFor(row.dedupe_key),
            }),
          ),
      );
    } catch (caught) {
      const code = (caught as { responseCode?: unknown }).responseCode;
      smtpCode = typeof code === 'number' ? code : null;
      error = String(caught).slice(0, 2000);
      // A timeout of the whole exchange may come after the server took the message: possibly sent.
      outcome = caught instanceof SendTimeout ? 'unknown' : 'failed';
    }
    try {
      await this.record(row, outcome, error, smtpCode);
    } catch (caught) {
      // The claim lapses and the next deliverer records this attempt `unknown` and sends again (same Message-ID).
      this.logger.error(`Could not record attempt ${row.attempt} of mail ${row.dedupe_key}: ${String(caught)}`);
    }
    this.onAttempt?.(outcome);
    if (outcome !== 'sent') {
      this.logger.warn(`Mail ${row.dedupe_key} attempt ${row.attempt} ${outcome}: ${error ?? ''}`);
    }
    return outcome;
  }

  private async record(
    row: ClaimedMail,
    outcome: AttemptOutcome,
    error: string | null,
    smtpCode: number | null,
  ): Promise<void> {
    // A permanent refusal (5xx: no such mailbox, policy) would be refused again: it ends as `failed`, on the
    // supervisors' list. Anything else is tried again after the back-off.
    const permanent = outcome === 'failed' && smtpCode !== null && smtpCode >= 500 && smtpCode < 600;
    const backoffSeconds = Math.min(
      this.options.retryMaxSeconds,
      this.options.retryMinSeconds * 2 ** Math.min(row.attempt - 1, 30),
    );
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO operations.mail_attempts (mail_id, attempt, started_at, outcome, error, smtp_code, deliverer)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (mail_id, attempt) DO NOTHING`,
        [row.id, row.attempt, row.claimed_at, outcome, error, smtpCode, this.name],
      );
      // Only while the claim is still ours: after a lapse another deliverer owns the row.
      if (outcome === 'sent') {
        await tx.query(
          `UPDATE mail_outbox SET status = 'sent', sent_at = now(), message_id = $3, last_error = NULL,
                  claim_id = NULL, claimed_at = NULL, claimed_until = NULL
            WHERE id = $1 AND claim_id = $2`,
          [row.id, row.claim_id, messageIdFor(row.dedupe_key)],
        );
      } else {
        await tx.query(
          `UPDATE mail_outbox SET status = $3, last_error = $4, next_attempt_at = now() + make_interval(secs => $5),
                  claim_id = NULL, claimed_at = NULL, claimed_until = NULL
            WHERE id = $1 AND claim_id = $2`,
          [row.id, row.claim_id, permanent ? 'failed' : 'pending', error, backoffSeconds],
        );
      }
    });
  }

  private bounded<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new SendTimeout(`SMTP exchange not finished within ${this.options.sendBoundMs} ms`)),
        this.options.sendBoundMs,
      );
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  /** Milliseconds until the next row falls due (a back-off ends or a lease lapses), at most the poll interval. */
  private async untilNextDue(): Promise<number> {
    const [next] = await queryRows<{ ms: number | null }>(
      this.db,
      `SELECT (extract(epoch FROM min(GREATEST(next_attempt_at, COALESCE(claimed_until, next_attempt_at))) - now())
               * 1000)::float8 AS ms
         FROM mail_outbox WHERE status = 'pending'`,
    );
    const ms = next?.ms;
    return ms === null || ms === undefined ? this.options.pollMs : Math.max(0, Math.min(this.options.pollMs, ms));
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let waitMs = this.options.pollMs;
      try {
        await this.ensureListening();
        this.woken = false;
        // A full batch may mean more are due: go on at once.
        while (!this.stopping && (await this.deliverDue()) === this.options.batch);
        waitMs = await this.untilNextDue();
      } catch (error) {
        this.logger.error('A mail delivery pass failed; the next one tries again', String(error));
      }
      if (this.stopping) return;
      if (this.woken) continue; // a notice came during the pass
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async ensureListening(): Promise<void> {
    if (this.listener) return;
    const client = new Client({
      connectionString: this.config.DATABASE_URL,
      ssl: this.config.DATABASE_SSL === 'true' ? { rejectUnauthorized: true } : false,
      application_name: 'lianluo-mail-listen',
    });
    client.on('notification', (message) => {
      if (message.channel !== MAIL_OUTBOX_CHANNEL) return;
      this.woken = true;
      this.wake?.();
    });
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = undefined; // the next pass listens again; the poll covers the gap
      client.end().catch(() => undefined);
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${MAIL_OUTBOX_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.listener = client;
  }

  private async closeListener(): Promise<void> {
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
  }
}
