// Merging a repeated issue into another (重复件合并, issue #15 item 4) on Temporal's time-skipping test server with
// in-memory activities: the merged issue closes with outcome `merged`, its departments and deputy are told where it
// went, and the workflow ends (its deadline timers with it). Refused: into itself, when closed, when merged already.
// With RECORD_HISTORIES=1 the merged run is kept as a replay fixture (see issue.replay.e2e-spec.ts):
//   RECORD_HISTORIES=1 npx jest test/workflows/issue.merge.workflow.e2e-spec.ts
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  acknowledgeUpdate,
  mergeIntoUpdate,
  rateUpdate,
  replyUpdate,
  type Actor,
  type IssueWorkflowState,
  type RouteDecision,
} from '@app/contracts';
import { IssueHarness, type IssueHandle } from './support/issue-harness';

const harness = new IssueHarness();
const fakes = harness.fakes;

beforeAll(() => harness.setUp(), 60_000);
afterAll(() => harness.tearDown());
afterEach(() => harness.terminateLeftovers());

const officer: Actor = { userId: 'u-officer', label: '联络员 王芳' };
const waterStation: Actor = { userId: 'u-water', label: '水利站 赵强' };
const deputy: Actor = { userId: 'u-deputy', label: '代表 张伟' };
const WITH_CO_HANDLER: RouteDecision = { leadDepartmentId: 'water-station', coHandlerDepartmentIds: ['civil-affairs'] };
const LEAD_ONLY: RouteDecision = { leadDepartmentId: 'water-station', coHandlerDepartmentIds: [] };

const steps = (issueId: string) => fakes.transitions(issueId).map((t) => `${t.stepKey} ${t.type}`);

function mergeInto(handle: IssueHandle, id: string, targetIssueId = 'target-1'): Promise<IssueWorkflowState> {
  return handle.executeUpdate(mergeIntoUpdate, {
    updateId: id,
    args: [{ targetIssueId, targetNumber: 'YYX-2026-00001', reason: '与该事项反映的是同一问题', actor: officer }],
  });
}

async function rejection(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return ((error as WorkflowUpdateFailedError).cause as { type?: string } | undefined)?.type;
}

test('a merged issue closes as merged, releases its departments, tells them and the deputy, and ends', async () => {
  const { issueId, handle } = await harness.start({ name: 'merged', route: WITH_CO_HANDLER });
  await harness.waitForStep(handle, 'r1:assigned');
  await handle.executeUpdate(acknowledgeUpdate, {
    updateId: 'ack-1',
    args: [{ departmentId: 'water-station', actor: waterStation }],
  });

  const state = await mergeInto(handle, 'merge-1');
  expect(state).toMatchObject({ status: 'closed', outcome: 'merged', mergedIntoIssueId: 'target-1', rating: null });
  expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'merged' });

  expect(steps(issueId)).toEqual(['r1:assigned assigned', 'update:ack-1 acknowledged', 'update:merge-1 merged']);
  const merged = fakes.transitions(issueId).find((t) => t.type === 'merged')!;
  expect(merged).toMatchObject({
    status: 'closed',
    actor: officer,
    patch: { status: 'closed', closedAt: state.closedAt },
    data: { targetIssueId: 'target-1', targetNumber: 'YYX-2026-00001', reason: '与该事项反映的是同一问题', round: 1 },
  });
  // The lead and the co-handler hear that they no longer handle it (the activity adds the deputy).
  expect(fakes.notifications(issueId)).toEqual([
    expect.objectContaining({
      kind: 'merged',
      stepKey: 'update:merge-1',
      departmentIds: ['water-station', 'civil-affairs'],
      data: { targetIssueId: 'target-1', targetNumber: 'YYX-2026-00001', reason: '与该事项反映的是同一问题' },
    }),
  ]);
  await harness.keepHistory(handle, 'merge-into');
});

test('an issue cannot be merged into itself, and a bad input is refused before it is accepted', async () => {
  const { issueId, handle } = await harness.start({ name: 'self', route: LEAD_ONLY });
  await harness.waitForStep(handle, 'r1:assigned');
  expect(await rejection(mergeInto(handle, 'merge-self', issueId))).toBe('InvalidInput');
  expect(
    await rejection(
      handle.executeUpdate(mergeIntoUpdate, {
        updateId: 'merge-no-number',
        args: [{ targetIssueId: 'target-1', targetNumber: ' ', actor: officer }],
      }),
    ),
  ).toBe('InvalidInput');
  expect((await harness.state(handle)).status).toBe('assigned');
  expect(steps(issueId)).toEqual(['r1:assigned assigned']);
});

test('a merge that meets the issue closing is refused as closed, or the rating is', async () => {
  const { issueId, handle } = await harness.start({ name: 'closing', route: LEAD_ONLY });
  await harness.waitForStep(handle, 'r1:assigned');
  await handle.executeUpdate(replyUpdate, {
    updateId: 'reply-1',
    args: [
      { departmentId: 'water-station', replyClass: 'A', text: '已修复。', requestId: 'reply-1', actor: waterStation },
    ],
  });
  // Sent together, in whichever order the server delivers them: the one that takes the lock first closes the issue,
  // and the other, checked again once it holds the lock (or by its validator if it comes later), finds it closed.
  const rated = handle.executeUpdate(rateUpdate, {
    updateId: 'rate-1',
    args: [{ rating: 'satisfied', actor: deputy }],
  });
  const merge = mergeInto(handle, 'merge-late');
  const [rating, merging] = await Promise.allSettled([rated, merge]);
  const closedBy = rating.status === 'fulfilled' ? 'rate' : 'merge';
  const refused = closedBy === 'rate' ? merge : rated;
  expect(await rejection(refused)).toBe('IssueClosed');
  expect([rating.status, merging.status].sort()).toEqual(['fulfilled', 'rejected']);
  const last = steps(issueId).slice(2);
  expect(last).toEqual(closedBy === 'rate' ? ['update:rate-1 rated', 'closed closed'] : ['update:merge-late merged']);
});

test('of two merges only one is carried out: the other is refused as merged already', async () => {
  const { issueId, handle } = await harness.start({ name: 'twice', route: LEAD_ONLY });
  await harness.waitForStep(handle, 'r1:assigned');
  const first = mergeInto(handle, 'merge-a', 'target-a');
  const second = mergeInto(handle, 'merge-b', 'target-b');
  const [a, b] = await Promise.allSettled([first, second]);
  const winner = a.status === 'fulfilled' ? 'a' : 'b';
  expect(await rejection(winner === 'a' ? second : first)).toBe('AlreadyMerged');
  expect(await harness.state(handle).catch(() => handle.result())).toMatchObject({
    status: 'closed',
    mergedIntoIssueId: `target-${winner}`,
  });
  expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
  expect(steps(issueId)).toEqual(['r1:assigned assigned', `update:merge-${winner} merged`]);
});
