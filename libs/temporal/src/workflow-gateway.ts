// Owns how the API talks to its workflows: start one by id (a retried request finds the first, a closed one is never
// started again), execute an update with an update id (a retried request acts once) within one timeout, and turn
// what comes back into one HTTP answer — the workflow's rejection by the status its contract declares, with the
// field its failure's details name; an ended workflow as 409; no answer in time as 503.
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  type HttpException,
} from '@nestjs/common';
import {
  ApplicationFailure,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { rejectedField, type RejectionStatus } from '@app/contracts';
import { TemporalClientService } from './temporal-client.service';

/** How long the API waits for a workflow to accept and complete an update before answering 503. */
export const UPDATE_TIMEOUT_MS = 30_000;

export interface StartOptions {
  workflowId: string;
  args: unknown[];
  /** The 503 message when the workflow could not be started (its row is saved: say how to retry). */
  unavailable: string;
}

export interface UpdateOptions<R extends string> {
  /** Unique per request (its Idempotency-Key): Temporal runs an update id once, however often it is sent. */
  updateId: string;
  /** The workflow contract's rejections and the HTTP status each one answers. */
  rejections: Readonly<Record<R, RejectionStatus>>;
  /** The field a 400 names when the workflow's failure names none. */
  field: string;
  /** The 409 message when the workflow has ended. */
  closed: string;
  /** The 503 message when the workflow did not answer in time. */
  timedOut: string;
}

@Injectable()
export class WorkflowGateway {
  private readonly logger = new Logger(WorkflowGateway.name);

  constructor(@Inject(TemporalClientService) private readonly temporal: TemporalClientService) {}

  /** Starts the workflow, or finds it running (USE_EXISTING); one that closed is never started again. */
  async start(workflowType: string, options: StartOptions): Promise<void> {
    try {
      await this.temporal.client.workflow.start(workflowType, {
        workflowId: options.workflowId,
        taskQueue: this.temporal.taskQueue,
        args: options.args,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      this.logger.error(`Could not start ${options.workflowId}`, error instanceof Error ? error.stack : error);
      throw new ServiceUnavailableException(options.unavailable);
    }
  }

  /** Executes one update and answers the workflow's state, or throws the HTTP answer of what went wrong. */
  async update<S, I, R extends string>(
    workflowId: string,
    definition: UpdateDefinition<S, [I]>,
    input: I,
    options: UpdateOptions<R>,
  ): Promise<S> {
    const client = this.temporal.client;
    try {
      return await client.withDeadline(Date.now() + UPDATE_TIMEOUT_MS, () =>
        client.workflow.getHandle(workflowId).executeUpdate(definition, { args: [input], updateId: options.updateId }),
      );
    } catch (error) {
      throw httpErrorOfUpdate(error, options) ?? error;
    }
  }
}

/** The HTTP answer for an update's error; null when it is none of the known ones (a bug: let it be a 500). */
export function httpErrorOfUpdate<R extends string>(
  error: unknown,
  options: Pick<UpdateOptions<R>, 'rejections' | 'field' | 'closed' | 'timedOut'>,
): HttpException | null {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (!(cause instanceof ApplicationFailure) || !cause.type || !(cause.type in options.rejections)) return null;
    const status = options.rejections[cause.type as R];
    switch (status) {
      case 400: {
        const field = rejectedField(cause.details) ?? options.field;
        // The body of the API's InvalidFieldsException: the field and its message.
        return new BadRequestException({ message: `Invalid input: ${field}`, fields: { [field]: [cause.message] } });
      }
      case 409:
        return new ConflictException(`${cause.message} (${cause.type})`);
      case 503:
        return new ServiceUnavailableException(`${cause.message} (${cause.type})`);
    }
  }
  if (error instanceof WorkflowNotFoundError) return new ConflictException(options.closed);
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || error instanceof ServiceError) {
    return new ServiceUnavailableException(options.timedOut);
  }
  return null;
}
