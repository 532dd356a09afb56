// No voter submission stays without its workflow (issue #15, item 1): a submission saved while its workflow could
// not be started (Temporal unreachable, the API stopped between the two) gets it from the worker's voter intake
// reconciler, once; a submission whose workflow was started is noted on its row and left alone. Real PostgreSQL with
// the migrations, the Temporal dev server, a real worker in process.
import { Logger } from '@nestjs/common';
import { voterSubmissionWorkflowId } from '@app/contracts';
import { TemporalClientService } from '@app/temporal';
import { VoterIntakeReconciler } from '../../apps/worker/src/voter/voter-intake-reconciler';
import { VoterIntakeRepository } from '../../apps/worker/src/voter/voter-intake.repository';
import { expectStatus, startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import { observeCaptchas, submissionBody, type Receipt } from './support';

observeCaptchas();

describe('the voter intake reconciler', () => {
  let t: IssueTestApp;
  beforeAll(async () => {
    t = await startIssueApp({ worker: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  function reconciler(): VoterIntakeReconciler {
    const client = t.app.get(TemporalClientService).client;
    return new VoterIntakeReconciler(new VoterIntakeRepository(t.db), client, t.config, {
      intervalMs: 200,
      minAgeMs: 0,
    });
  }

  async function startedAt(submissionId: string): Promise<Date | null> {
    const [row] = await t.db.query<{ at: Date | null }[]>(
      `SELECT workflow_started_at AS at FROM voter_submissions WHERE id = $1`,
      [submissionId],
    );
    return row.at;
  }

  it('starts, once, the workflow of a submission saved while Temporal refused the start', async () => {
    const client = t.app.get(TemporalClientService).client;
    const start = jest.spyOn(client.workflow, 'start').mockRejectedValueOnce(new Error('connection closed'));
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      // The voter is answered as usual: the submission is saved and in the deputy's inbox.
      const receipt = expectStatus<Receipt>(
        await t.http.post('/api/public/voter/submissions', await submissionBody(t.http, t.db)),
        201,
      );
      start.mockRestore();
      expect(errors).toHaveBeenCalledWith(expect.stringContaining(`Submission ${receipt.submissionId}`));
      expect(await startedAt(receipt.submissionId)).toBeNull();
      const handle = client.workflow.getHandle(voterSubmissionWorkflowId(receipt.submissionId));
      await expect(handle.describe()).rejects.toThrow(/not found/i);

      const sweeper = reconciler();
      expect(await sweeper.reconcileOnce()).toContain(receipt.submissionId);
      const { runId, status } = await handle.describe();
      expect(status.name).toBe('RUNNING');
      expect(await startedAt(receipt.submissionId)).not.toBeNull();
      expect(warnings).toHaveBeenCalledWith(
        expect.stringContaining(`Started the workflow of voter submission ${receipt.submissionId}`),
      );
      // Later passes, by this worker or another, start nothing more.
      expect(await sweeper.reconcileOnce()).not.toContain(receipt.submissionId);
      expect(await reconciler().reconcileOnce()).not.toContain(receipt.submissionId);
      expect((await handle.describe()).runId).toBe(runId);

      // The deputy's decision reaches the workflow it started and ends it.
      expectStatus(
        await t.http.post(
          `/api/voter-submissions/${receipt.submissionId}/decline`,
          { reason: '已当面答复选民。' },
          await t.tokenOf('deputy.zhangzhiqiang'),
        ),
        200,
      );
      await expect(handle.result()).resolves.toBe('decided');
    } finally {
      start.mockRestore();
      errors.mockRestore();
      warnings.mockRestore();
    }
  });

  it('leaves alone a submission whose workflow the API started, noted on its row', async () => {
    const receipt = expectStatus<Receipt>(
      await t.http.post('/api/public/voter/submissions', await submissionBody(t.http, t.db)),
      201,
    );
    expect(await startedAt(receipt.submissionId)).not.toBeNull();
    expect(await reconciler().reconcileOnce()).not.toContain(receipt.submissionId);
  });

  it('ends the workflow it starts for a submission decided before it had one', async () => {
    const client = t.app.get(TemporalClientService).client;
    const start = jest.spyOn(client.workflow, 'start').mockRejectedValueOnce(new Error('connection closed'));
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const quiet = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const receipt = expectStatus<Receipt>(
        await t.http.post('/api/public/voter/submissions', await submissionBody(t.http, t.db)),
        201,
      );
      start.mockRestore();
      const repository = new VoterIntakeRepository(t.db);
      // The reconciler reads the row while it is pending; the deputy declines before the start (the signal finds no
      // workflow); then the reconciler starts it.
      const pending = await repository.withoutWorkflow(0, 1_000);
      expect(pending.map((p) => p.id)).toContain(receipt.submissionId);
      expectStatus(
        await t.http.post(
          `/api/voter-submissions/${receipt.submissionId}/decline`,
          { reason: '已当面答复选民。' },
          await t.tokenOf('deputy.zhangzhiqiang'),
        ),
        200,
      );
      const withoutWorkflow = jest.spyOn(repository, 'withoutWorkflow').mockResolvedValueOnce(pending);
      const sweeper = new VoterIntakeReconciler(repository, client, t.config, { intervalMs: 200, minAgeMs: 0 });
      expect(await sweeper.reconcileOnce()).toContain(receipt.submissionId);
      withoutWorkflow.mockRestore();
      const handle = client.workflow.getHandle(voterSubmissionWorkflowId(receipt.submissionId));
      await expect(handle.result()).resolves.toBe('decided');
    } finally {
      start.mockRestore();
      errors.mockRestore();
      quiet.mockRestore();
    }
  });
});
