// Owns the API's side of the issue workflow: one workflow per issue, started by id so that a retried intake finds
// the first one, and the updates people send, with the workflow's rejections turned into HTTP answers.
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ISSUE_WORKFLOW_TYPE, issueWorkflowId, type IssueUrgency, type IssueWorkflowState } from '@app/contracts';
import { TemporalClientService } from '@app/temporal';
import { issuePolicyFor } from './issue-policy';
import { httpErrorOfUpdate, type IssueCommand } from './update-rejections';

/** How long one update may take before the caller is told to try again (the update id makes the retry safe). */
export const UPDATE_TIMEOUT_MS = 30_000;

@Injectable()
export class IssueWorkflowClient {
  private readonly logger = new Logger(IssueWorkflowClient.name);

  constructor(
    @Inject(TemporalClientService) private readonly temporal: TemporalClientService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Starts the issue's workflow, or finds it started: a running one is used as it is (USE_EXISTING), a closed one is
   * never started again (REJECT_DUPLICATE). So a resubmission starts nothing new, and one whose first attempt
   * stopped between the insert and the start starts it now.
   */
  async start(issueId: string, urgency: IssueUrgency): Promise<void> {
    try {
      await this.temporal.client.workflow.start(ISSUE_WORKFLOW_TYPE, {
        workflowId: issueWorkflowId(issueId),
        taskQueue: this.temporal.taskQueue,
        args: [{ issueId, urgency, policy: issuePolicyFor(urgency, this.config) }],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return; // it ran and closed: nothing to start
      this.logger.error(
        `Could not start the workflow of issue ${issueId}`,
        error instanceof Error ? error.stack : error,
      );
      throw new ServiceUnavailableException(
        'The issue is saved but its handling could not start: submit it again with the same idempotencyKey',
      );
    }
  }

  /**
   * Sends one update and waits for its result. `updateId` must be unique per request: Temporal answers a retried
   * request (same id) with the first outcome instead of acting twice.
   */
  async update<I>(
    issueId: string,
    command: IssueCommand,
    definition: UpdateDefinition<IssueWorkflowState, [I]>,
    input: I,
    updateId: string,
  ): Promise<IssueWorkflowState> {
    const client = this.temporal.client;
    const handle = client.workflow.getHandle(issueWorkflowId(issueId));
    try {
      return await client.withDeadline(Date.now() + UPDATE_TIMEOUT_MS, () =>
        handle.executeUpdate(definition, { args: [input], updateId }),
      );
    } catch (error) {
      const answer = httpErrorOfUpdate(error, command);
      if (answer) throw answer;
      throw error;
    }
  }
}
