// The production runtime: the official Temporal server on PostgreSQL (started by this suite) with two worker
// processes on one task queue, and a county's year of load through the public API: every figure as the plan implies,
// no 5xx beyond retried 503s, no deadlock in PostgreSQL (issue #21 item 4).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertTemporalServerBuilt,
  postgresServerAt,
  startTemporalServer,
  type RunningTemporalServer,
} from '@app/stack';
import { testServerUrl } from '../support/database';
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

(COUNTY_YEAR_ENABLED ? describe : describe.skip)('a county-year on the real Temporal server with two workers', () => {
  let dir: string | undefined;
  let server: RunningTemporalServer | undefined;
  let t: IssueTestApp | undefined;
  let fleet: WorkerFleet | undefined;

  afterAll(async () => {
    await fleet?.stop();
    await t?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 180_000); // workers drain their tasks (30 s grace each) and a real server stops: longer than a default hook

  it(
    'publishes every figure as the plan implies, with no 5xx and no deadlock',
    async () => {
      assertTemporalServerBuilt();
      assertBuilt();
      dir = await mkdtemp(join(tmpdir(), 'lianluo-county-'));
      const suffix = randomBytes(4).toString('hex');
      server = await startTemporalServer({
        postgres: postgresServerAt(testServerUrl()),
        dataDir: dir,
        databases: { temporal: `county_temporal_${suffix}`, visibility: `county_visibility_${suffix}` },
      });
      t = await startIssueApp({
        env: {
          TEMPORAL_ADDRESS: server.address,
          TEMPORAL_NAMESPACE: server.namespace,
          DEMO_WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS),
        },
      });
      fleet = await startWorkerFleet(t, server, 2);
      const databaseUrl = t.config.DATABASE_URL;
      const before = await deadlocksIn(databaseUrl);

      const outcome = await playCountyYear(t.http.baseUrl, 'real server, 2 workers');

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
