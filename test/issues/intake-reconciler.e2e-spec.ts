// No issue stays without its workflow (issue #17): an issue saved by the API whose workflow was never started (the
// API stopped between the two) gets it from the worker's intake reconciler, with no client action; an issue whose
// workflow was started is left alone. Real PostgreSQL with the migrations, the Temporal dev server, a real worker in
// process, an SMTP catcher. The reconciler runs here with a short interval and age so that the suite is quick; the
// production values (10 s, 10 s, bound 30 s) are exercised by test/worker/intake-reconciler.e2e-spec.ts.
import { Logger, ServiceUnavailableException } from '@nestjs/common';
import { issueWorkflowId } from '@app/contracts';
import { TemporalClientService } from '@app/temporal';
import { IssueWorkflowClient } from '../../apps/api/src/issues/issue-workflow.client';
import { IntakeReconciler } from '../../apps/worker/src/issues/intake-reconciler';
import { IntakeRepository } from '../../apps/worker/src/issues/intake.repository';
import { eventually, startIssueApp, type IssueTestApp } from './support/issue-app';
import {
  departmentEmail,
  intakeBody,
  mailsAbout,
  ROADS_IN_CHENGDONG,
  submit,
  untilStatus,
  waitForMail,
} from './support/issues';

const DEPUTY = ROADS_IN_CHENGDONG.deputy;
const LEAD = 'jiaotong.rongjiawan';

describe('the intake reconciler', () => {
  let t: IssueTestApp;

  beforeAll(async () => {
    t = await startIssueApp({ worker: true });
  });

  afterAll(async () => {
    await t?.close();
  });

  function reconciler(minAgeMs: number): IntakeReconciler {
    const client = t.app.get(TemporalClientService).client;
    return new IntakeReconciler(new IntakeRepository(t.db), client, t.config, { intervalMs: 200, minAgeMs });
  }

  async function eventsOf(issueId: string): Promise<{ stepKey: string; type: string }[]> {
    return t.db.query(`SELECT step_key AS "stepKey", type FROM issue_events WHERE issue_id = $1 ORDER BY id`, [
      issueId,
    ]);
  }

  it('starts the workflow of an issue saved without one, and the issue is assigned with no client action', async () => {
    const token = await t.tokenOf(DEPUTY);
    const body = await intakeBody(t, ROADS_IN_CHENGDONG);
    // The API saves the row, then cannot start the workflow: what a kill or a shutdown between the two leaves.
    const workflows = t.app.get(IssueWorkflowClient);
    const start = jest.spyOn(workflows, 'start').mockRejectedValueOnce(new ServiceUnavailableException('killed'));
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined); // the expected 503
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const sweeper = reconciler(1_000);
    try {
      const refused = await t.http.post('/api/issues', body, token);
      expect(refused.status).toBe(503);
      start.mockRestore();
      const [row] = await t.db.query<{ id: string; status: string }[]>(
        `SELECT id, status FROM issues WHERE idempotency_key = $1`,
        [body.idempotencyKey],
      );
      expect(row.status).toBe('received');

      sweeper.start();
      const assigned = await untilStatus(t, DEPUTY, row.id, 'assigned');
      expect(assigned.dueAt).not.toBeNull();
      expect(assigned.leadDepartment).not.toBeNull();
      await waitForMail(t, row.id, departmentEmail(LEAD), '交办通知');

      expect(sweeper.repairedTotal).toBe(1);
      expect(warnings).toHaveBeenCalledWith(expect.stringContaining(`Started the workflow of issue ${row.id}`));
      const events = await eventsOf(row.id);
      expect(events.filter((e) => e.type === 'received')).toHaveLength(1);
      expect(new Set(events.map((e) => e.stepKey)).size).toBe(events.length);
      expect(mailsAbout(t, row.id).filter((m) => m.to.includes(departmentEmail(LEAD)))).toHaveLength(1);
      // Later passes find nothing more to do.
      expect(await sweeper.reconcileOnce()).toEqual([]);
    } finally {
      await sweeper.stop();
      start.mockRestore();
      errors.mockRestore();
      warnings.mockRestore();
    }
  });

  it('leaves alone an issue whose workflow was started, even while it is still `received`', async () => {
    await t.stopWorker(); // the workflow is started but not run: the row stays `received`
    let workerBack = false;
    const sweeper = reconciler(0);
    try {
      const created = await submit(t, ROADS_IN_CHENGDONG);
      expect(created.status).toBe('received');
      const handle = t.app.get(TemporalClientService).client.workflow.getHandle(issueWorkflowId(created.id));
      const { runId } = await handle.describe();

      await eventually('the issue to be due for reconciliation', async () => {
        const rows = await new IntakeRepository(t.db).receivedBefore(0, 1_000);
        return rows.some((r) => r.id === created.id) ? true : undefined;
      });
      expect(await sweeper.reconcileOnce()).toEqual([]);
      expect(sweeper.repairedTotal).toBe(0);
      expect((await handle.describe()).runId).toBe(runId);

      await t.startWorker();
      workerBack = true;
      await untilStatus(t, DEPUTY, created.id, 'assigned');
      expect((await handle.describe()).runId).toBe(runId);
      const events = await eventsOf(created.id);
      expect(events.filter((e) => e.type === 'received')).toHaveLength(1);
      expect(new Set(events.map((e) => e.stepKey)).size).toBe(events.length);
    } finally {
      await sweeper.stop();
      if (!workerBack) await t.startWorker();
    }
  });

  it('answers a submission it could not start with 503 and Retry-After, naming the bound', async () => {
    const token = await t.tokenOf(DEPUTY);
    const client = t.app.get(TemporalClientService).client;
    const start = jest.spyOn(client.workflow, 'start').mockRejectedValueOnce(new Error('connection closed'));
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const refused = await t.http.post('/api/issues', await intakeBody(t, ROADS_IN_CHENGDONG), token);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(JSON.stringify(refused.body)).toContain('within 30 s');
    } finally {
      start.mockRestore();
      errors.mockRestore();
    }
  });
});
