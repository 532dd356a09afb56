// A county's year (279 issues with replies, follow-ups, ratings, second handlings, urgings and escalations) through
// the public API on the Temporal dev server with one worker process: every published figure is what the plan
// implies, computed apart from the system, with no 5xx and no deadlock in PostgreSQL (issue #21 items 4 and 5).
import { randomUUID } from 'node:crypto';
import { registerNamespace } from '@app/stack';
import { startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import { assertBuilt } from '../worker/support/worker-process';
import {
  COUNTY_YEAR_ENABLED,
  deadlocksIn,
  expectExactFigures,
  playCountyYear,
  startWorkerFleet,
  suiteTimeoutMs,
  WORKING_DAY_SECONDS,
  type WorkerFleet,
} from './support/county-year';

(COUNTY_YEAR_ENABLED ? describe : describe.skip)('a county-year on the dev server with one worker', () => {
  let t: IssueTestApp | undefined;
  let fleet: WorkerFleet | undefined;

  afterAll(async () => {
    await fleet?.stop();
    await t?.close();
  }, 180_000); // workers drain their tasks (30 s grace each) and a real server stops: longer than a default hook

  it(
    'publishes every figure as the plan implies, with no 5xx and no deadlock',
    async () => {
      assertBuilt();
      const address = process.env.TEST_TEMPORAL_ADDRESS!;
      // A namespace of its own: worker processes make sure of the maintenance schedule in theirs, which must not
      // move the one another suite checks in the shared namespace.
      const namespace = `county-${randomUUID()}`;
      await registerNamespace(address, namespace, '1 day');
      t = await startIssueApp({
        env: { TEMPORAL_NAMESPACE: namespace, DEMO_WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS) },
      });
      fleet = await startWorkerFleet(t, { address, namespace }, 1);
      const databaseUrl = t.config.DATABASE_URL;
      const before = await deadlocksIn(databaseUrl);

      const outcome = await playCountyYear(t.http.baseUrl, 'dev, 1 worker');

      await fleet.stop();
      const exits = await Promise.all(fleet.workers.map((w) => w.exited));
      fleet = undefined;
      await t.close();
      t = undefined;
      expect(exits.map((e) => e.code)).toEqual([0]);
      expect((await deadlocksIn(databaseUrl)) - before).toBe(0);
      expectExactFigures(outcome);
    },
    suiteTimeoutMs(),
  );
});
