// Owns the first receipt of a command (issue #11 defect 1, issue #21 item 2): saved before the API talks to the
// workflow, one per (issue, Idempotency-Key), so that a resend is judged at the first receipt, a command the workflow
// could not take in time is still carried out (the worker's receipt reconciler delivers it), and its outcome can be
// read. Only when the database itself cannot save it is the answer 503: then nothing was saved.
import { ConflictException, HttpException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { updateStepKey } from '@app/contracts';
import type { AuthUser } from '../auth/auth-user';
import { CommandReceiptsRepository, type ReceiptOutcome, type StoredReceipt } from './command-receipts.repository';
import type { CommandOutcomeView } from './issues.dto';
import { whileSaving } from '../common/database-unavailable';
import { IDEMPOTENCY_KEY_HEADER } from '../common/idempotency-key';
import { IssuesRepository } from './issues.repository';
import type { CommandReceipt } from './request-key';
import { httpErrorOfRejection, isRejection, type IssueCommand } from './update-rejections';

export interface ReceiveInput {
  user: AuthUser;
  issueId: string;
  command: IssueCommand;
  updateId: string;
  body: unknown;
  input: unknown;
  receipt: CommandReceipt;
}

@Injectable()
export class CommandReceiptsService {
  private readonly logger = new Logger(CommandReceiptsService.name);

  constructor(
    @Inject(CommandReceiptsRepository) private readonly receipts: CommandReceiptsRepository,
    @Inject(IssuesRepository) private readonly issues: IssuesRepository,
  ) {}

  /**
   * The command's receipt: saved now, or the one saved by the first request with this key (409 naming the key when
   * that one was another command or another body: a key names one request). Its receivedAt is the first arrival.
   */
  async receive(given: ReceiveInput): Promise<StoredReceipt> {
    const body = plain(given.body);
    let stored: StoredReceipt;
    try {
      ({ stored } = await this.receipts.receive({
        issueId: given.issueId,
        requestKey: given.receipt.key,
        updateId: given.updateId,
        command: given.command,
        userId: given.user.id,
        body,
        input: given.input,
        receivedAt: given.receipt.receivedAt,
      }));
    } catch (error) {
      this.logger.error(
        `Could not save the receipt of ${given.updateId}`,
        error instanceof Error ? error.stack : error,
      );
      // A refused connection saved nothing (the global filter answers so); a connection lost during the insert may
      // or may not have saved it, and the resend with the same key tells (one home: common/database-unavailable).
      return whileSaving('the command', IDEMPOTENCY_KEY_HEADER)(error);
    }
    if (stored.userId !== given.user.id || stored.command !== given.command || !isDeepStrictEqual(stored.body, body)) {
      const message =
        `This ${IDEMPOTENCY_KEY_HEADER} (${given.receipt.key}) was used for another request on this issue ` +
        `(received at ${stored.receivedAt}): make a new key for a new request`;
      throw new ConflictException({ message, fields: { [IDEMPOTENCY_KEY_HEADER]: [message] } });
    }
    return stored;
  }

  /** Records the outcome; a failure to record it is logged, not answered (the reconciler or a read settles it). */
  async settle(receipt: StoredReceipt, outcome: { applied: string } | { rejected: HttpException }): Promise<void> {
    const [status, value]: ['applied' | 'rejected', ReceiptOutcome] =
      'applied' in outcome
        ? ['applied', { status: outcome.applied }]
        : ['rejected', { statusCode: outcome.rejected.getStatus(), response: outcome.rejected.getResponse() }];
    try {
      await this.receipts.decide(receipt.id, status, value);
    } catch (error) {
      this.logger.warn(`Could not record the outcome of ${receipt.updateId}: ${String(error)}`);
    }
  }

  /** The answer a rejected receipt got, given again to a resend: a command is judged once. */
  rejectionOf(receipt: StoredReceipt): HttpException | null {
    const outcome = receipt.outcome;
    if (receipt.status !== 'rejected' || !outcome) return null;
    if ('statusCode' in outcome)
      return new HttpException(outcome.response as Record<string, unknown>, outcome.statusCode);
    if ('rejection' in outcome) {
      return isRejection(outcome.rejection)
        ? httpErrorOfRejection(outcome.rejection, outcome.message, receipt.command as IssueCommand)
        : new ConflictException(`${outcome.message} (${outcome.rejection})`);
    }
    return null;
  }

  /** The sender's view of one command (404 for anyone else's, or an unknown key). */
  async outcome(user: AuthUser, issueId: string, key: string): Promise<CommandOutcomeView> {
    let receipt = await this.receipts.find(issueId, key);
    if (!receipt || receipt.userId !== user.id) throw new NotFoundException('No command with this key on this issue');
    if (receipt.status === 'pending' && (await this.issues.hasStep(issueId, updateStepKey(receipt.updateId)))) {
      // Carried out (its transition is recorded) while nobody was waiting for the answer.
      const issue = await this.issues.findById(issueId);
      await this.settle(receipt, { applied: issue?.status ?? 'unknown' });
      receipt = (await this.receipts.find(issueId, key)) ?? receipt;
    }
    return {
      command: receipt.command,
      requestKey: receipt.requestKey,
      updateId: receipt.updateId,
      receivedAt: receipt.receivedAt,
      status: receipt.status,
      outcome: receipt.outcome as Record<string, unknown> | null,
      decidedAt: receipt.decidedAt,
    };
  }
}

/** The body as JSON holds it (a DTO instance, undefined fields dropped), so that it compares with the stored one. */
function plain(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body ?? {})) as unknown;
}

export function outcomeUrlOf(issueId: string, key: string): string {
  return `/api/issues/${issueId}/commands/${encodeURIComponent(key)}`;
}
