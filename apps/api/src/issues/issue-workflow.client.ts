// Owns the API's side of the issue workflow: one workflow per issue, started by id so that a retried intake finds
// the first one, and the updates people send, with the workflow's rejections turned into HTTP answers.
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import {
  ServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  WorkflowUpdateStage,
  type WorkflowUpdateHandle,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  COMMAND_ADMISSION_MS,
  INTAKE_RECONCILE_BOUND_S,
  issueWorkflowId,
  type IssueUrgency,
  type IssueWorkflowState,
} from '@app/contracts';
import { startIssueWorkflow, TemporalClientService } from '@app/temporal';
import { CommandNotTakenException, httpErrorOfUpdate, type IssueCommand } from './update-rejections';

/** How long a caller that must know the outcome (a reply by link) waits for it in all. */
const UPDATE_TIMEOUT_MS = 30_000;

/**
 * How long the API waits for a command the workflow has accepted to be carried out before it answers 202 Accepted
 * instead (the command is then in the workflow's history and will be carried out; the caller can see the outcome).
 * Measured with `npm run bench:reply` on the 2-core dev machine shared with other test runs (load average 11-13):
 * at 3 replies/s a reply took 2-3 s to be carried out (p50 3.6 s answered with a 3 s wait, 22 of 60 as 202), at
 * 10/s the worker fell minutes behind. Holding the department longer buys nothing once the command is durable, so
 * the API waits 1 s: on a quiet machine a reply is carried out within it and answered 200 with the new state.
 */
export const COMPLETION_WAIT_MS = 1_000;

/**
 * How long intake waits for Temporal to start the issue's workflow. Without a deadline the client's own retries kept
 * a submission waiting 17-20 s and more while the Temporal server was down (the fault suite's client gave up at 20 s):
 * the issue is already saved and the reconciler starts its workflow anyway, so the deputy is told so at once.
 * As long as a command's admission window (COMMAND_ADMISSION_MS), which a busy but healthy server meets.
 */
export const INTAKE_START_WAIT_MS = COMMAND_ADMISSION_MS;

/**
 * The issue is saved but its workflow could not be started now (Temporal unreachable, or the API shutting down):
 * 503 with Retry-After. The worker's intake reconciler starts it within its bound (INTAKE_RECONCILE_BOUND_S) without
 * the client; resubmitting with the same key is safe and shows the issue.
 */
export class IntakeNotStartedException extends ServiceUnavailableException {
  readonly retryAfterSeconds = 5;

  constructor() {
    super(
      `The issue is saved but its handling could not start yet: it starts within ${INTAKE_RECONCILE_BOUND_S} s ` +
        'without you, and submitting it again with the same idempotencyKey is safe',
    );
  }
}

/** A command carried out (with the workflow's state after it), or accepted and still being carried out. */
export type CommandOutcome =
  { done: true; state: IssueWorkflowState } | { done: false; updateId: string; receivedAt: string };

@Injectable()
export class IssueWorkflowClient {
  private readonly logger = new Logger(IssueWorkflowClient.name);

  constructor(
    @Inject(TemporalClientService) private readonly temporal: TemporalClientService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Starts the issue's workflow, or finds it started (startIssueWorkflow: the same start the worker's intake
   * reconciler makes). So a resubmission starts nothing new, and one whose first attempt stopped between the insert
   * and the start starts it now; the reconciler starts it anyway within its bound if nobody resubmits. Bounded by
   * INTAKE_START_WAIT_MS: a start still under way then may yet succeed, which the 503's message allows for.
   */
  async start(issueId: string, urgency: IssueUrgency): Promise<void> {
    const client = this.temporal.client;
    try {
      await client.withDeadline(Date.now() + INTAKE_START_WAIT_MS, () =>
        startIssueWorkflow(client, { id: issueId, urgency }, this.config),
      );
    } catch (error) {
      this.logger.error(
        `Could not start the workflow of issue ${issueId}`,
        error instanceof Error ? error.stack : error,
      );
      throw new IntakeNotStartedException();
    }
  }

  /**
   * Sends one update stamped with the instant the API received it, and answers its outcome: carried out, or accepted
   * but not done within COMPLETION_WAIT_MS. `updateId` must be unique per request: Temporal answers a retried request
   * (same id) with the first update instead of acting twice, so a retry also shows an accepted command's outcome.
   *
   * The update must be accepted by the workflow by `admitBy` (default: COMMAND_ADMISSION_MS after its receipt, the
   * time the workflow's deadline steps wait for commands on their way). When it is not (the worker is busy or
   * stopped), this throws CommandNotTakenException (503 with Retry-After), unless the caller saved the command's
   * receipt: then the deadline steps wait for it and the worker's receipt reconciler delivers it (IssueCommandsService).
   */
  async send<I>(
    issueId: string,
    command: IssueCommand,
    definition: UpdateDefinition<IssueWorkflowState, [I]>,
    input: I,
    updateId: string,
    receivedAt: string,
    admitBy: number = Date.parse(receivedAt) + COMMAND_ADMISSION_MS,
  ): Promise<CommandOutcome> {
    const client = this.temporal.client;
    const handle = client.workflow.getHandle(issueWorkflowId(issueId));
    let update: WorkflowUpdateHandle<IssueWorkflowState>;
    try {
      update = await client.withDeadline(admitBy, () =>
        handle.startUpdate(definition, {
          args: [{ ...input, receivedAt }],
          updateId,
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        }),
      );
    } catch (error) {
      throw this.answerFor(error, command, issueId, receivedAt);
    }
    try {
      const state = await client.withDeadline(Date.now() + COMPLETION_WAIT_MS, () => update.result());
      return { done: true, state };
    } catch (error) {
      // Accepted is durable: the workflow carries it out whatever happens to this request.
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || error instanceof ServiceError) {
        return { done: false, updateId, receivedAt };
      }
      throw this.answerFor(error, command, issueId, receivedAt);
    }
  }

  /**
   * Sends one update and waits until it is carried out (for callers that must know the outcome before they go on,
   * like a reply by link that uses the link up in the same transaction).
   */
  async update<I>(
    issueId: string,
    command: IssueCommand,
    definition: UpdateDefinition<IssueWorkflowState, [I]>,
    input: I,
    updateId: string,
    receivedAt: string = new Date().toISOString(),
  ): Promise<IssueWorkflowState> {
    const outcome = await this.send(issueId, command, definition, input, updateId, receivedAt);
    if (outcome.done) return outcome.state;
    try {
      const workflow = this.temporal.client.workflow.getHandle(issueWorkflowId(issueId));
      const update = workflow.getUpdateHandle<IssueWorkflowState>(updateId);
      return await this.temporal.client.withDeadline(Date.now() + UPDATE_TIMEOUT_MS, () => update.result());
    } catch (error) {
      throw this.answerFor(error, command, issueId, receivedAt);
    }
  }

  /**
   * The state an issue's workflow ended with (what it returns), or null when it has not ended within
   * COMPLETION_WAIT_MS: a closed issue's workflow ends once its last command's handler has returned.
   */
  async endState(issueId: string): Promise<IssueWorkflowState | null> {
    const client = this.temporal.client;
    const handle = client.workflow.getHandle<() => Promise<IssueWorkflowState>>(issueWorkflowId(issueId));
    try {
      return await client.withDeadline(Date.now() + COMPLETION_WAIT_MS, () => handle.result());
    } catch (error) {
      if (error instanceof ServiceError) return null;
      throw error;
    }
  }

  /** The HTTP answer for an update that failed or was not taken in time; logged when it is the server's side. */
  private answerFor(error: unknown, command: IssueCommand, issueId: string, receivedAt: string): unknown {
    const answer = httpErrorOfUpdate(error, command, receivedAt);
    if (answer instanceof CommandNotTakenException) {
      this.logger.warn(`Issue ${issueId}, ${command}: ${answer.message}`);
    }
    return answer ?? error;
  }
}
