// Figures independent of processing speed (issue #21 item 5): the same county-year on the dev server with two worker
// processes, each held to a fifth of one core by a cgroup v1 cpu quota, gives the same figures the plan implies —
// commands are judged at the instant the API received them, however far the workers fall behind.
import { randomUUID } from 'node:crypto';
import { cpuGroupsUnavailable, registerNamespace } from '@app/stack';
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

/** Each worker's share of one core: 20 ms of every 100 ms. */
const CPU_CORES_PER_WORKER = 0.2;
const unavailable = cpuGroupsUnavailable();

(COUNTY_YEAR_ENABLED ? describe : describe.skip)('a county-year on the dev server with two slowed workers', () => {
  let t: IssueTestApp | undefined;
  let fleet: WorkerFleet | undefined;

  afterAll(async () => {
    await fleet?.stop();
    await t?.close();
  }, 180_000); // workers drain their tasks (30 s grace each) and a real server stops: longer than a default hook

  if (unavailable) {
    it.skip(`needs writable cgroup v1 cpu groups: ${unavailable}`, () => undefined);
    return;
  }

  it(
    `publishes every figure as the plan implies with each worker capped to ${CPU_CORES_PER_WORKER} of a core`,
    async () => {
      assertBuilt();
      const address = process.env.TEST_TEMPORAL_ADDRESS!;
      // A namespace of its own: worker processes make sure of the maintenance schedule in theirs, which must not
      // move the one another suite checks in the shared namespace.
      const namespace = `county-${randomUUID()}`;
      await registerNamespace(address, namespace, '1 day');
      t = await startIssueApp({
        env: {
          TEMPORAL_NAMESPACE: namespace,
          DEMO_WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS),
        },
      });
      fleet = await startWorkerFleet(t, { address, namespace }, 2, CPU_CORES_PER_WORKER);
      const databaseUrl = t.config.DATABASE_URL;
      const before = await deadlocksIn(databaseUrl);

      const outcome = await playCountyYear(t.http.baseUrl, `dev, 2 workers at ${CPU_CORES_PER_WORKER} core each`);

      await fleet.stop();
      const exits = await Promise.all(fleet.workers.map((w) => w.exited));
      fleet = undefined;
      await t.close();
      t = undefined;
      expect(exits.map((e) => e.code)).toEqual([0, 0]);
      expect((await deadlocksIn(databaseUrl)) - before).toBe(0);
      expectExactFigures(outcome);
    },
    suiteTimeoutMs(),
  );
});
