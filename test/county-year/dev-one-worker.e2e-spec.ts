// A county's year (279 issues with replies, follow-ups, ratings, second handlings, urgings and escalations) through
// the public API on the Temporal dev server with one worker: every published figure is what the plan implies,
// computed apart from the system, with no 5xx and no deadlock in PostgreSQL (issue #21 items 4 and 5).
import { startIssueApp, type IssueTestApp } from '../issues/support/issue-app';
import {
  deadlocksIn,
  expectExactFigures,
  playCountyYear,
  suiteTimeoutMs,
  WORKING_DAY_SECONDS,
  type CountyYearOutcome,
} from './support/county-year';

describe('a county-year on the dev server with one worker', () => {
  let t: IssueTestApp | undefined;

  afterAll(async () => {
    await t?.close();
  });

  it(
    'publishes every figure as the plan implies, with no 5xx and no deadlock',
    async () => {
      t = await startIssueApp({ worker: true, env: { DEMO_WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS) } });
      const databaseUrl = t.config.DATABASE_URL;
      const before = await deadlocksIn(databaseUrl);
      const outcome: CountyYearOutcome = await playCountyYear(t.http.baseUrl, 'dev, 1 worker');
      await t.close();
      t = undefined;
      expect((await deadlocksIn(databaseUrl)) - before).toBe(0);
      expectExactFigures(outcome);
    },
    suiteTimeoutMs(),
  );
});
