// The issue workflow's life, path by path, on Temporal's time-skipping test server with in-memory activities.
// Each test asserts what users would see: the state the API reads from the query or an update's answer, and the
// transitions and notifications the activities were asked for, in order. With RECORD_HISTORIES=1 some runs are kept
// as replay fixtures (see issue.replay.e2e-spec.ts).
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  SA_DEPARTMENT,
  SA_DUE_DATE,
  SA_ESCALATION_LEVEL,
  SA_STATUS,
  acknowledgeUpdate,
  assignUpdate,
  chinaDateOf,
  coHandlerInputUpdate,
  endOfChinaDateIso,
  extendUpdate,
  followUpReplyUpdate,
  rateUpdate,
  reassignUpdate,
  referUpwardUpdate,
  replyUpdate,
  sendBackUpdate,
  urgeUpdate,
  type Actor,
  type IssueWorkflowState,
  type Rating,
  type ReplyClass,
  type RouteDecision,
} from '@app/contracts';
import { IssueHarness, type IssueHandle } from './support/issue-harness';
import { officialDeadline } from './support/official-deadline';
import { addCalendarDays, weekendDeadline } from './support/weekend-calendar';

const harness = new IssueHarness();
const fakes = harness.fakes;

beforeAll(() => harness.setUp(), 60_000);
afterAll(() => harness.tearDown());
afterEach(async () => {
  await harness.terminateLeftovers();
  expectUniqueStepKeys();
});

const officer: Actor = { userId: 'u-officer', label: '联络员 王芳' };
const supervisor: Actor = { userId: 'u-supervisor', label: '主席团 李明' };
const deputy: Actor = { userId: 'u-deputy', label: '代表 张伟' };
const waterStation: Actor = { userId: 'u-water', label: '水利站 赵强' };
const civilAffairs: Actor = { userId: 'u-civil', label: '民政办 陈静' };
const landOffice: Actor = { userId: 'u-land', label: '国土所 刘洋' };

const WITH_CO_HANDLER: RouteDecision = {
  leadDepartmentId: 'water-station',
  coHandlerDepartmentIds: ['civil-affairs'],
  ruleKey: 'drinking-water',
};
const LEAD_ONLY: RouteDecision = { leadDepartmentId: 'water-station', coHandlerDepartmentIds: [] };
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** "stepKey type" of every transition recorded for the issue, in order. */
const steps = (issueId: string) => fakes.transitions(issueId).map((t) => `${t.stepKey} ${t.type}`);
/** "kind stepKey" of every notification sent for the issue, in order. */
const notices = (issueId: string) => fakes.notifications(issueId).map((n) => `${n.kind} ${n.stepKey}`);
const transition = (issueId: string, stepKey: string) => fakes.transitions(issueId).find((t) => t.stepKey === stepKey);

function expectUniqueStepKeys(): void {
  const seen = new Set<string>();
  for (const call of fakes.calls) {
    if (call.name !== 'recordTransition') continue;
    const key = `${call.input.issueId} ${call.input.stepKey}`;
    expect(seen.has(key)).toBe(false);
    seen.add(key);
  }
}

function reply(
  handle: IssueHandle,
  id: string,
  replyClass: ReplyClass,
  extra: { departmentId?: string; text?: string; promisedDate?: string } = {},
): Promise<IssueWorkflowState> {
  return handle.executeUpdate(replyUpdate, {
    updateId: id,
    args: [
      {
        departmentId: extra.departmentId ?? 'water-station',
        replyClass,
        text: extra.text ?? '已组织维修供水管网，村民用水恢复正常。',
        ...(extra.promisedDate ? { promisedDate: extra.promisedDate } : {}),
        requestId: id,
        actor: waterStation,
      },
    ],
  });
}

function rate(handle: IssueHandle, id: string, rating: Rating): Promise<IssueWorkflowState> {
  return handle.executeUpdate(rateUpdate, { updateId: id, args: [{ rating, comment: '已回访群众', actor: deputy }] });
}

async function rejection(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return ((error as WorkflowUpdateFailedError).cause as { type?: string } | undefined)?.type;
}

/**
 * The history without workflow-task events: the real server runs a rejected update's validator in a speculative
 * workflow task that leaves no trace, while the test server writes such tasks down; neither records the update.
 */
async function eventsBeyondWorkflowTasks(handle: IssueHandle): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  return (
    (events ?? [])
      .filter((event) => !event.workflowTaskScheduledEventAttributes)
      .filter((event) => !event.workflowTaskStartedEventAttributes && !event.workflowTaskCompletedEventAttributes)
      // A task that waited too long for a busy worker times out and is scheduled again: the machine's load, not a step.
      .filter((event) => !event.workflowTaskTimedOutEventAttributes)
      .map((event) => `${String(event.eventId)} ${String(event.eventType)}`)
  );
}

/** Asserts the instant a timer step was recorded: at its own instant, not earlier and not long after. */
function expectRecordedAt(issueId: string, stepKey: string, instant: string): void {
  const at = Date.parse(transition(issueId, stepKey)!.at);
  expect(at).toBeGreaterThanOrEqual(Date.parse(instant));
  expect(at - Date.parse(instant)).toBeLessThan(60_000);
}

test('a reply in time, acknowledged and with co-handler input, rated satisfied, closes the issue', async () => {
  const { issueId, handle } = await harness.start({ name: 'on-time', route: WITH_CO_HANDLER });
  const assigned = await harness.waitForStep(handle, 'r1:assigned');
  expect(assigned).toMatchObject({
    status: 'assigned',
    round: 1,
    escalationLevel: 0,
    leadDepartmentId: 'water-station',
    coHandlerDepartmentIds: ['civil-affairs'],
    dueAt: weekendDeadline(assigned.assignedAt!, 15),
    coHandlerDueAt: weekendDeadline(assigned.assignedAt!, 10),
  });
  expect(fakes.assignments(issueId)).toEqual([
    expect.objectContaining({
      stepKey: 'r1:assigned',
      round: 1,
      reason: 'routed',
      leadDepartmentId: 'water-station',
      coHandlerDepartmentIds: ['civil-affairs'],
      dueAt: assigned.dueAt,
      coHandlerDueAt: assigned.coHandlerDueAt,
    }),
  ]);

  let state = await handle.executeUpdate(acknowledgeUpdate, {
    updateId: 'ack-1',
    args: [{ departmentId: 'water-station', actor: waterStation }],
  });
  expect(state).toMatchObject({ status: 'acknowledged', acknowledgedBy: ['water-station'] });
  state = await handle.executeUpdate(coHandlerInputUpdate, {
    updateId: 'co-1',
    args: [{ departmentId: 'civil-affairs', text: '低保户用水补贴已核实。', actor: civilAffairs }],
  });
  expect(state.coHandlerInputs).toEqual([expect.objectContaining({ departmentId: 'civil-affairs' })]);

  await harness.advanceTo(Date.parse(assigned.assignedAt!) + 3 * DAY);
  state = await reply(handle, 'reply-1', 'A');
  expect(state).toMatchObject({
    status: 'awaiting_feedback',
    reply: { departmentId: 'water-station', replyClass: 'A', requestId: 'reply-1', round: 1, actor: waterStation },
    feedbackDueAt: weekendDeadline(state.reply!.at, 5),
  });
  state = await rate(handle, 'rate-1', 'satisfied');
  expect(state).toMatchObject({ status: 'closed', outcome: 'satisfied', rating: { rating: 'satisfied', round: 1 } });
  expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'satisfied' });

  expect(steps(issueId)).toEqual([
    'r1:assigned assigned',
    'update:ack-1 acknowledged',
    'update:co-1 co_handler_input',
    'update:reply-1 replied',
    'update:rate-1 rated',
    'closed closed',
  ]);
  expect(notices(issueId)).toEqual(['feedback_requested update:reply-1', 'closed closed']);
  expect(transition(issueId, 'r1:assigned')).toMatchObject({
    status: 'assigned',
    patch: {
      status: 'assigned',
      leadDepartmentId: 'water-station',
      coHandlerDepartmentIds: ['civil-affairs'],
      dueAt: assigned.dueAt,
    },
    data: { via: 'routed', ruleKey: 'drinking-water' },
  });
  expect(transition(issueId, 'update:reply-1')).toMatchObject({
    actor: waterStation,
    patch: { status: 'awaiting_feedback', replyClass: 'A' },
  });
  expect(transition(issueId, 'update:rate-1')).toMatchObject({ actor: deputy, patch: { rating: 'satisfied' } });
  expect(transition(issueId, 'closed')).toMatchObject({ patch: { status: 'closed' }, data: { outcome: 'satisfied' } });
  expect(state.history.map((entry) => entry.stepKey)).toEqual(fakes.transitions(issueId).map((t) => t.stepKey));

  const { typedSearchAttributes } = await handle.describe();
  expect(typedSearchAttributes.get(SA_STATUS)).toBe('closed');
  expect(typedSearchAttributes.get(SA_DEPARTMENT)).toBe('water-station');
  expect(typedSearchAttributes.get(SA_DUE_DATE)).toBeUndefined();
  await harness.keepHistory(handle, 'on-time-reply');
});

test('a reminder goes out when three working days are left, then the reply stops the clock', async () => {
  const { issueId, handle } = await harness.start({ name: 'reminder', route: LEAD_ONLY });
  const assigned = await harness.waitForStep(handle, 'r1:assigned');
  const reminderAt = weekendDeadline(assigned.dueAt!, -3);

  await harness.advanceTo(reminderAt, -HOUR);
  expect((await harness.state(handle)).remindersSent).toEqual([]);
  await harness.advanceTo(reminderAt);
  const reminded = await harness.waitForStep(handle, 'r1:t1:reminder:3');
  expect(reminded.remindersSent).toEqual([
    { round: 1, workingDaysBefore: 3, dueAt: assigned.dueAt, at: expect.any(String) as string },
  ]);
  expectRecordedAt(issueId, 'r1:t1:reminder:3', reminderAt);
  expect(fakes.notifications(issueId)).toEqual([
    expect.objectContaining({
      kind: 'reminder',
      stepKey: 'r1:t1:reminder:3',
      departmentIds: ['water-station'],
      dueAt: assigned.dueAt,
      data: { workingDaysBefore: 3 },
    }),
  ]);

  expect(await reply(handle, 'reply-2', 'A')).toMatchObject({ status: 'awaiting_feedback' });
  await harness.advanceTo(assigned.dueAt!); // the deadline no longer runs: no second reminder, not overdue
  expect(await rate(handle, 'rate-2', 'basically_satisfied')).toMatchObject({
    status: 'closed',
    outcome: 'basically_satisfied',
  });
  expect(steps(issueId)).toEqual([
    'r1:assigned assigned',
    'r1:t1:reminder:3 reminder',
    'update:reply-2 replied',
    'update:rate-2 rated',
    'closed closed',
  ]);
});

test('past the deadline the issue is overdue, then climbs each escalation level on its own timer', async () => {
  const { issueId, handle } = await harness.start({ name: 'escalation', route: WITH_CO_HANDLER });
  const assigned = await harness.waitForStep(handle, 'r1:assigned');
  const dueAt = assigned.dueAt!;
  const levelAt = [weekendDeadline(dueAt, 3)];
  levelAt.push(weekendDeadline(levelAt[0], 3));
  levelAt.push(weekendDeadline(levelAt[1], 3));

  await harness.advanceTo(dueAt);
  expect(await harness.waitForStep(handle, 'r1:t1:overdue')).toMatchObject({ status: 'overdue', escalationLevel: 0 });
  for (const [index, at] of levelAt.entries()) {
    const level = index + 1;
    await harness.advanceTo(at, -HOUR);
    expect((await harness.state(handle)).escalationLevel).toBe(level - 1);
    await harness.advanceTo(at);
    const escalated = await harness.waitForStep(handle, `r1:escalation:${level}`);
    expect(escalated).toMatchObject({ status: 'escalated', escalationLevel: level });
    expectRecordedAt(issueId, `r1:escalation:${level}`, at);
  }
  expect((await harness.state(handle)).escalationBody).toEqual({
    level: 3,
    key: 'city_liaison_office',
    name: '市人大常委会',
  });
  const { typedSearchAttributes } = await handle.describe();
  expect(typedSearchAttributes.get(SA_STATUS)).toBe('escalated');
  expect(typedSearchAttributes.get(SA_ESCALATION_LEVEL)).toBe(3);
  expect(typedSearchAttributes.get(SA_DUE_DATE)).toEqual(new Date(dueAt));

  const recorded = fakes.callCount();
  await harness.advanceTo(Date.parse(levelAt[2]) + 30 * DAY); // the top level is the last one
  expect(fakes.callCount()).toBe(recorded);

  await reply(handle, 'reply-3', 'A');
  await rate(handle, 'rate-3', 'satisfied');
  await handle.result();
  expect(steps(issueId)).toEqual([
    'r1:assigned assigned',
    'r1:t1:co-handler-due co_handler_overdue',
    'r1:t1:reminder:3 reminder',
    'r1:t1:reminder:1 reminder',
    'r1:t1:overdue overdue',
    'r1:escalation:1 escalated',
    'r1:escalation:2 escalated',
    'r1:escalation:3 escalated',
    'update:reply-3 replied',
    'r1:co-handlers-released co_handlers_released',
    'update:rate-3 rated',
    'closed closed',
  ]);
  expect(notices(issueId)).toEqual([
    'co_handler_due r1:t1:co-handler-due',
    'reminder r1:t1:reminder:3',
    'reminder r1:t1:reminder:1',
    'overdue r1:t1:overdue',
    'escalation r1:escalation:1',
    'escalation r1:escalation:2',
    'escalation r1:escalation:3',
    'feedback_requested update:reply-3',
    'closed closed',
  ]);
  expect(fakes.notifications(issueId)[0].departmentIds).toEqual(['civil-affairs']);
  expect(
    fakes.notifications(issueId).flatMap((n) => (n.kind === 'escalation' ? [n.escalation?.key, n.data.trigger] : [])),
  ).toEqual(['township_presidium', 'overdue', 'county_liaison_office', 'overdue', 'city_liaison_office', 'overdue']);
  expect(transition(issueId, 'r1:escalation:2')).toMatchObject({
    status: 'escalated',
    patch: { escalationLevel: 2 },
    data: { level: 2, key: 'county_liaison_office', name: '县人大常委会联络工委' },
  });
  await harness.keepHistory(handle, 'escalated-three-levels');
});

test('an extension re-arms reminders and escalation on the new deadline; nothing fires at the old one', async () => {
  const { issueId, handle } = await harness.start({ name: 'extension', route: LEAD_ONLY });
  const assigned = await harness.waitForStep(handle, 'r1:assigned');
  const oldDue = assigned.dueAt!;
  await harness.advanceTo(weekendDeadline(oldDue, -3));
  await harness.waitForStep(handle, 'r1:t1:reminder:3');

  let state = await handle.executeUpdate(extendUpdate, {
    updateId: 'extend-1',
    args: [{ extraWorkingDays: 5, reason: '需县水利局审批管网改造方案', actor: supervisor }],
  });
  const newDue = weekendDeadline(oldDue, 5);
  expect(state).toMatchObject({ status: 'assigned', dueAt: newDue, extensions: 1 });
  expect(transition(issueId, 'update:extend-1')).toMatchObject({
    type: 'extended',
    actor: supervisor,
    patch: { dueAt: newDue },
    data: { previousDueAt: oldDue, dueAt: newDue, extraWorkingDays: 5 },
  });

  await harness.advanceTo(Date.parse(oldDue) + DAY);
  state = await harness.state(handle);
  expect(state).toMatchObject({ status: 'assigned', escalationLevel: 0 });
  expect(steps(issueId)).toEqual(['r1:assigned assigned', 'r1:t1:reminder:3 reminder', 'update:extend-1 extended']);

  await harness.advanceTo(newDue);
  state = await harness.waitForStep(handle, 'r1:t2:overdue');
  expect(state.status).toBe('overdue');
  expectRecordedAt(issueId, 'r1:t2:reminder:3', weekendDeadline(newDue, -3));
  expectRecordedAt(issueId, 'r1:t2:overdue', newDue);

  // A new date clears the overdue status; the escalation that was coming at newDue + 3 is re-armed too.
  const newDate = addCalendarDays(chinaDateOf(newDue), 10);
  state = await handle.executeUpdate(extendUpdate, {
    updateId: 'extend-2',
    args: [{ newDueDate: newDate, reason: '汛期施工暂停', actor: supervisor }],
  });
  const lastDue = endOfChinaDateIso(newDate);
  expect(state).toMatchObject({ status: 'assigned', dueAt: lastDue, extensions: 2 });
  await harness.advanceTo(weekendDeadline(newDue, 3));
  expect((await harness.state(handle)).escalationLevel).toBe(0);
  await harness.advanceTo(weekendDeadline(lastDue, -3));
  await harness.waitForStep(handle, 'r1:t3:reminder:3');

  await reply(handle, 'reply-4', 'C', { text: '受资金限制，纳入明年计划并已向代表说明。' });
  await rate(handle, 'rate-4', 'basically_satisfied');
  await handle.result();
  expect(steps(issueId)).toEqual([
    'r1:assigned assigned',
    'r1:t1:reminder:3 reminder',
    'update:extend-1 extended',
    'r1:t2:reminder:3 reminder',
    'r1:t2:reminder:1 reminder',
    'r1:t2:overdue overdue',
    'update:extend-2 extended',
    'r1:t3:reminder:3 reminder',
    'update:reply-4 replied',
    'update:rate-4 rated',
    'closed closed',
  ]);
  expect(notices(issueId)).toContain('extension update:extend-1');
  await harness.keepHistory(handle, 'extended-twice');
});

test('a reassignment gives the issue to new departments with a fresh deadline; the old lead can no longer reply', async () => {
  const { issueId, handle } = await harness.start({ name: 'reassign', route: WITH_CO_HANDLER });
  const assigned = await harness.waitForStep(handle, 'r1:assigned');
  await handle.executeUpdate(acknowledgeUpdate, {
    updateId: 'ack-5',
    args: [{ departmentId: 'water-station', actor: waterStation }],
  });
  await harness.advanceTo(Date.parse(assigned.assignedAt!) + 3 * DAY);

  let state = await handle.executeUpdate(reassignUpdate, {
    updateId: 'reassign-1',
    args: [
      {
        leadDepartmentId: 'land-office',
        coHandlerDepartmentIds: ['water-station'],
        reason: '经核实属宅基地纠纷',
        actor: supervisor,
      },
    ],
  });
  expect(state).toMatchObject({
    status: 'assigned',
    leadDepartmentId: 'land-office',
    coHandlerDepartmentIds: ['water-station'],
    acknowledgedBy: [],
    dueAt: weekendDeadline(state.assignedAt!, 15),
    coHandlerDueAt: weekendDeadline(state.assignedAt!, 10),
  });
  expect(state.dueAt).not.toBe(assigned.dueAt);
  expect(fakes.assignments(issueId).map((a) => [a.stepKey, a.reason, a.leadDepartmentId])).toEqual([
    ['r1:assigned', 'routed', 'water-station'],
    ['update:reassign-1', 'reassigned', 'land-office'],
  ]);
  expect(transition(issueId, 'update:reassign-1')).toMatchObject({
    type: 'reassigned',
    actor: supervisor,
    patch: { leadDepartmentId: 'land-office', coHandlerDepartmentIds: ['water-station'], dueAt: state.dueAt },
    data: {
      reason: '经核实属宅基地纠纷',
      previous: { leadDepartmentId: 'water-station', coHandlerDepartmentIds: ['civil-affairs'] },
    },
  });

  expect(await rejection(reply(handle, 'reply-old-lead', 'A'))).toBe('WrongDepartment');
  await handle.executeUpdate(coHandlerInputUpdate, {
    updateId: 'co-5',
    args: [{ departmentId: 'water-station', text: '供水设施不涉及该地块。', actor: waterStation }],
  });
  await harness.advanceTo(assigned.dueAt!);
  expect(steps(issueId).filter((step) => step.startsWith('r1:t1:'))).toEqual([]);

  state = await reply(handle, 'reply-5', 'A', { departmentId: 'land-office' });
  expect(state.reply).toMatchObject({ departmentId: 'land-office', replyClass: 'A' });
  await rate(handle, 'rate-5', 'satisfied');
  await handle.result();
  // Reminders of the new deadline may have gone out by the old one, depending on the weekday it started.
  const reminders = steps(issueId).filter((step) => step.includes(':reminder:'));
  expect(reminders.every((step) => step.startsWith('r1:t2:'))).toBe(true);
  expect(steps(issueId).filter((step) => !reminders.includes(step))).toEqual([
    'r1:assigned assigned',
    'update:ack-5 acknowledged',
    'update:reassign-1 reassigned',
    'update:co-5 co_handler_input',
    'update:reply-5 replied',
    'update:rate-5 rated',
    'closed closed',
  ]);
});

test('a department sends the issue back to triage; the liaison officer assigns it again', async () => {
  const { issueId, handle } = await harness.start({ name: 'send-back', route: WITH_CO_HANDLER });
  const assigned = await harness.waitForStep(handle, 'r1:assigned');

  let state = await handle.executeUpdate(sendBackUpdate, {
    updateId: 'back-1',
    args: [{ departmentId: 'water-station', reason: '不属本站职责', actor: waterStation }],
  });
  expect(state).toMatchObject({
    status: 'triage',
    sendBacks: 1,
    leadDepartmentId: null,
    coHandlerDepartmentIds: [],
    dueAt: null,
  });
  expect(transition(issueId, 'update:back-1')).toMatchObject({
    type: 'sent_back',
    status: 'triage',
    patch: { status: 'triage', leadDepartmentId: null, coHandlerDepartmentIds: [], dueAt: null },
    data: { departmentId: 'water-station', reason: '不属本站职责', sendBacks: 1 },
  });
  expect(notices(issueId)).toEqual(['triage_needed update:back-1']);

  await harness.advanceTo(Date.parse(assigned.dueAt!) + 10 * DAY); // no deadline runs in triage
  expect(steps(issueId)).toEqual(['r1:assigned assigned', 'update:back-1 sent_back']);

  state = await handle.executeUpdate(assignUpdate, {
    updateId: 'assign-6',
    args: [{ leadDepartmentId: 'land-office', coHandlerDepartmentIds: [], note: '改由国土所办理', actor: officer }],
  });
  expect(state).toMatchObject({
    status: 'assigned',
    leadDepartmentId: 'land-office',
    sendBacks: 1,
    dueAt: weekendDeadline(state.assignedAt!, 15),
  });
  expect(fakes.assignments(issueId)[1]).toMatchObject({
    stepKey: 'update:assign-6',
    reason: 'triage',
    note: '改由国土所办理',
    actor: officer,
  });
  await reply(handle, 'reply-6', 'A', { departmentId: 'land-office' });
  await rate(handle, 'rate-6', 'satisfied');
  await handle.result();
  expect(steps(issueId)).toEqual([
    'r1:assigned assigned',
    'update:back-1 sent_back',
    'update:assign-6 assigned',
    'update:reply-6 replied',
    'update:rate-6 rated',
    'closed closed',
  ]);
  await harness.keepHistory(handle, 'sent-back-then-assigned');
});

test('with no routing rule the issue waits in triage until someone assigns it', async () => {
  const { issueId, handle } = await harness.start({ name: 'no-rule', route: null });
  let state = await harness.waitForStep(handle, 'intake:triage');
  expect(state).toMatchObject({ status: 'triage', leadDepartmentId: null, dueAt: null, round: 1 });
  expect(notices(issueId)).toEqual(['triage_needed intake:triage']);
  expect(fakes.transitions(issueId)).toEqual([
    expect.objectContaining({ stepKey: 'intake:triage', type: 'triage', patch: { status: 'triage' } }),
  ]);
  expect(await rejection(reply(handle, 'reply-early', 'A'))).toBe('NotAllowedNow');

  await harness.advanceTo((await harness.now()) + 30 * DAY);
  expect(steps(issueId)).toEqual(['intake:triage triage']);

  state = await handle.executeUpdate(assignUpdate, {
    updateId: 'assign-7',
    args: [{ leadDepartmentId: 'water-station', coHandlerDepartmentIds: ['civil-affairs'], actor: officer }],
  });
  expect(state).toMatchObject({
    status: 'assigned',
    leadDepartmentId: 'water-station',
    coHandlerDepartmentIds: ['civil-affairs'],
    dueAt: weekendDeadline(state.assignedAt!, 15),
  });
  expect(fakes.assignments(issueId)).toEqual([
    expect.objectContaining({ stepKey: 'update:assign-7', reason: 'triage', round: 1, actor: officer }),
  ]);
  expect(steps(issueId)).toEqual(['intake:triage triage', 'update:assign-7 assigned']);
});

test('a class B reply waits for the promised follow-up; a follow-up in time goes to the deputy for rating', async () => {
  const { issueId, handle } = await harness.start({ name: 'b-kept', route: LEAD_ONLY });
  const assigned = await harness.waitForStep(handle, 'r1:assigned');
  const promisedDate = addCalendarDays(chinaDateOf(await harness.now()), 40);

  let state = await reply(handle, 'reply-8', 'B', { text: '已列入今年管网改造计划。', promisedDate });
  expect(state).toMatchObject({
    status: 'follow_up',
    reply: { replyClass: 'B', promisedDate },
    followUpDueAt: endOfChinaDateIso(promisedDate),
  });
  expect(transition(issueId, 'update:reply-8')).toMatchObject({
    patch: { status: 'follow_up', replyClass: 'B', promisedDate },
    data: { replyClass: 'B', promisedDate },
  });
  expect(notices(issueId)).toEqual(['interim_reply update:reply-8']);

  await harness.advanceTo(Date.parse(assigned.dueAt!) + DAY); // the reply deadline was met: it no longer runs
  expect(steps(issueId)).toEqual(['r1:assigned assigned', 'update:reply-8 replied']);

  state = await handle.executeUpdate(followUpReplyUpdate, {
    updateId: 'follow-8',
    args: [
      {
        departmentId: 'water-station',
        replyClass: 'A',
        text: '管网改造完工，已通水。',
        requestId: 'follow-8',
        actor: waterStation,
      },
    ],
  });
  expect(state).toMatchObject({ status: 'awaiting_feedback', followUpReply: { replyClass: 'A' } });
  expect(transition(issueId, 'update:follow-8')).toMatchObject({
    type: 'follow_up_replied',
    patch: { status: 'awaiting_feedback', replyClass: 'A' },
  });
  await rate(handle, 'rate-8', 'satisfied');
  await handle.result();
  expect(steps(issueId)).toEqual([
    'r1:assigned assigned',
    'update:reply-8 replied',
    'update:follow-8 follow_up_replied',
    'update:rate-8 rated',
    'closed closed',
  ]);
  await harness.keepHistory(handle, 'b-reply-follow-up-kept');
});

test('a class B reply whose follow-up does not come by the promised date escalates, level after level', async () => {
  const { issueId, handle } = await harness.start({ name: 'b-missed', route: LEAD_ONLY });
  await harness.waitForStep(handle, 'r1:assigned');
  const promisedDate = addCalendarDays(chinaDateOf(await harness.now()), 5);
  const state = await reply(handle, 'reply-9', 'B', { promisedDate });
  const followUpDueAt = state.followUpDueAt!;

  await harness.advanceTo(followUpDueAt, -HOUR);
  expect((await harness.state(handle)).escalationLevel).toBe(0);
  await harness.advanceTo(followUpDueAt);
  expect(await harness.waitForStep(handle, 'r1:escalation:1')).toMatchObject({
    status: 'follow_up',
    escalationLevel: 1,
  });
  expectRecordedAt(issueId, 'r1:follow-up-missed', followUpDueAt);
  const level2At = weekendDeadline(followUpDueAt, 3);
  await harness.advanceTo(level2At);
  expect(await harness.waitForStep(handle, 'r1:escalation:2')).toMatchObject({ escalationLevel: 2 });
  expectRecordedAt(issueId, 'r1:escalation:2', level2At);

  await handle.executeUpdate(followUpReplyUpdate, {
    updateId: 'follow-9',
    args: [
      { departmentId: 'water-station', replyClass: 'C', text: '资金未到位。', requestId: 'f9', actor: waterStation },
    ],
  });
  await rate(handle, 'rate-9', 'basically_satisfied');
  await handle.result();
  expect(steps(issueId)).toEqual([
    'r1:assigned assigned',
    'update:reply-9 replied',
    'r1:follow-up-missed follow_up_missed',
    'r1:escalation:1 escalated',
    'r1:escalation:2 escalated',
    'update:follow-9 follow_up_replied',
    'update:rate-9 rated',
    'closed closed',
  ]);
  expect(fakes.notifications(issueId).flatMap((n) => (n.kind === 'escalation' ? [n.data.trigger] : [n.kind]))).toEqual([
    'interim_reply',
    'follow_up_missed',
    'follow_up_missed',
    'follow_up_missed',
    'feedback_requested',
    'closed',
  ]);
  await harness.keepHistory(handle, 'b-reply-follow-up-missed');
});

test('an unsatisfied rating starts a second handling on its own clock; satisfied then closes it', async () => {
  const { issueId, handle } = await harness.start({ name: 'rehandle', route: LEAD_ONLY });
  await harness.waitForStep(handle, 'r1:assigned');
  await reply(handle, 'reply-10a', 'A');

  let state = await rate(handle, 'rate-10a', 'unsatisfied');
  expect(state).toMatchObject({
    status: 'assigned',
    round: 2,
    escalationLevel: 0,
    reply: null,
    rating: { rating: 'unsatisfied', round: 1 },
    dueAt: weekendDeadline(state.assignedAt!, 15),
  });
  expect(fakes.assignments(issueId).map((a) => [a.stepKey, a.round, a.reason])).toEqual([
    ['r1:assigned', 1, 'routed'],
    ['r2:assigned', 2, 'rehandling'],
  ]);
  expect(transition(issueId, 'r2:assigned')).toMatchObject({ patch: { status: 'assigned', round: 2 } });
  // The deputy hears that it is handled again, with the second handling's own deadline (defects 7b, 7c).
  expect(fakes.notifications(issueId).filter((n) => n.kind === 'rehandling')).toEqual([
    expect.objectContaining({
      stepKey: 'r2:assigned',
      round: 2,
      departmentIds: [],
      dueAt: state.dueAt,
      data: { round: 2, dueAt: state.dueAt },
    }),
  ]);

  const reminderAt = weekendDeadline(state.dueAt!, -3);
  await harness.advanceTo(reminderAt);
  await harness.waitForStep(handle, 'r2:t1:reminder:3');
  expectRecordedAt(issueId, 'r2:t1:reminder:3', reminderAt);

  state = await reply(handle, 'reply-10b', 'A', { text: '重新铺设入户管道。' });
  expect(state.reply).toMatchObject({ round: 2 });
  state = await rate(handle, 'rate-10b', 'satisfied');
  expect(state).toMatchObject({ status: 'closed', outcome: 'satisfied', round: 2 });
  await handle.result();
  expect(steps(issueId)).toEqual([
    'r1:assigned assigned',
    'update:reply-10a replied',
    'update:rate-10a rated',
    'r2:assigned assigned',
    'r2:t1:reminder:3 reminder',
    'update:reply-10b replied',
    'update:rate-10b rated',
    'closed closed',
  ]);
  await harness.keepHistory(handle, 'second-handling-satisfied');
});

test('when the deputy does not rate in time the issue closes as not rated, never as satisfied', async () => {
  const { issueId, handle } = await harness.start({ name: 'not-rated', route: LEAD_ONLY });
  await harness.waitForStep(handle, 'r1:assigned');
  const { feedbackDueAt } = await reply(handle, 'reply-11', 'A');

  const final = await handle.result(); // the test server skips time to the end of the feedback window
  expect(final).toMatchObject({
    status: 'closed',
    outcome: 'not_rated',
    rating: { rating: 'not_rated', round: 1 },
  });
  expect(steps(issueId)).toEqual([
    'r1:assigned assigned',
    'update:reply-11 replied',
    'r1:feedback-expired not_rated',
    'closed closed',
  ]);
  expectRecordedAt(issueId, 'r1:feedback-expired', feedbackDueAt!);
  expect(transition(issueId, 'r1:feedback-expired')).toMatchObject({ patch: { rating: 'not_rated' } });
  expect(transition(issueId, 'closed')).toMatchObject({ patch: { status: 'closed' }, data: { outcome: 'not_rated' } });
  expect(fakes.transitions(issueId).some((t) => t.patch?.rating === 'satisfied')).toBe(false);
  await harness.keepHistory(handle, 'not-rated');
});

test('unsatisfied again after the last allowed re-handling closes the issue as unsatisfied', async () => {
  const { issueId, handle } = await harness.start({ name: 'max-rehandle', route: LEAD_ONLY });
  await harness.waitForStep(handle, 'r1:assigned');
  await reply(handle, 'reply-12a', 'A');
  expect(await rate(handle, 'rate-12a', 'unsatisfied')).toMatchObject({ status: 'assigned', round: 2 });
  await reply(handle, 'reply-12b', 'C');
  const state = await rate(handle, 'rate-12b', 'unsatisfied');
  expect(state).toMatchObject({ status: 'closed', outcome: 'unsatisfied', round: 2 });
  await handle.result();
  expect(fakes.assignments(issueId)).toHaveLength(2);
  expect(steps(issueId).slice(-3)).toEqual(['update:reply-12b replied', 'update:rate-12b rated', 'closed closed']);
  expect(transition(issueId, 'closed')).toMatchObject({ data: { outcome: 'unsatisfied', round: 2 } });
});

test('a supervisor urges and refers upward; the next level still waits for its timer after the deadline', async () => {
  const { issueId, handle } = await harness.start({ name: 'supervise', route: LEAD_ONLY });
  const assigned = await harness.waitForStep(handle, 'r1:assigned');
  const dueAt = assigned.dueAt!;

  let state = await handle.executeUpdate(urgeUpdate, {
    updateId: 'urge-13',
    args: [{ note: '群众反映强烈，请加快办理', actor: supervisor }],
  });
  expect(state.urges).toBe(1);
  state = await handle.executeUpdate(referUpwardUpdate, {
    updateId: 'refer-13a',
    args: [{ reason: '涉及跨乡镇水源', actor: supervisor }],
  });
  expect(state).toMatchObject({
    status: 'escalated',
    escalationLevel: 1,
    escalationBody: { key: 'township_presidium' },
  });

  const level2At = weekendDeadline(dueAt, 3);
  await harness.advanceTo(dueAt);
  expect(await harness.waitForStep(handle, 'r1:t1:overdue')).toMatchObject({
    status: 'escalated',
    escalationLevel: 1,
  });
  await harness.advanceTo(level2At);
  await harness.waitForStep(handle, 'r1:escalation:2');
  expectRecordedAt(issueId, 'r1:escalation:2', level2At);

  state = await handle.executeUpdate(referUpwardUpdate, {
    updateId: 'refer-13b',
    args: [{ reason: '县级层面协调', actor: supervisor }],
  });
  expect(state.escalationLevel).toBe(3);
  expect(
    await rejection(
      handle.executeUpdate(referUpwardUpdate, {
        updateId: 'refer-13c',
        args: [{ reason: '再升级', actor: supervisor }],
      }),
    ),
  ).toBe('TopLevelReached');

  expect(steps(issueId)).toEqual([
    'r1:assigned assigned',
    'update:urge-13 urged',
    'update:refer-13a escalated',
    'r1:t1:reminder:3 reminder',
    'r1:t1:reminder:1 reminder',
    'r1:t1:overdue overdue',
    'r1:escalation:2 escalated',
    'update:refer-13b escalated',
  ]);
  expect(transition(issueId, 'update:refer-13a')).toMatchObject({
    actor: supervisor,
    data: { level: 1, trigger: 'referred', reason: '涉及跨乡镇水源' },
  });
  expect(fakes.notifications(issueId)[0]).toMatchObject({ kind: 'urge', data: { note: '群众反映强烈，请加快办理' } });
});

test('a county office refers to the city; the lead replies without its co-handler, who is released (defects 7a, 7e)', async () => {
  const { issueId, handle } = await harness.start({ name: 'loose-ends', route: WITH_CO_HANDLER });
  await harness.waitForStep(handle, 'r1:assigned');

  // A county liaison office (level 2) refers upward: the city (level 3), not the township presidium below it.
  let state = await handle.executeUpdate(referUpwardUpdate, {
    updateId: 'refer-15',
    args: [{ reason: '涉及县级水源，提请市人大督办', actor: supervisor, referrerLevel: 2 }],
  });
  expect(state).toMatchObject({
    status: 'escalated',
    escalationLevel: 3,
    escalationBody: { level: 3, key: 'city_liaison_office' },
  });
  expect(transition(issueId, 'update:refer-15')).toMatchObject({
    patch: { escalationLevel: 3 },
    data: { level: 3, key: 'city_liaison_office', trigger: 'referred' },
  });
  // The city has no body above it.
  expect(
    await rejection(
      handle.executeUpdate(referUpwardUpdate, {
        updateId: 'refer-15b',
        args: [{ reason: '再升级', actor: supervisor, referrerLevel: 3 }],
      }),
    ),
  ).toBe('TopLevelReached');

  // The lead need not wait for the co-handler: its reply releases the co-handler that gave no input.
  state = await reply(handle, 'reply-15', 'A');
  expect(state.status).toBe('awaiting_feedback');
  expect(transition(issueId, 'r1:co-handlers-released')).toMatchObject({
    type: 'co_handlers_released',
    status: 'awaiting_feedback',
    data: { departmentIds: ['civil-affairs'], reason: 'lead_replied_without_input' },
  });
  state = await rate(handle, 'rate-15', 'unsatisfied');
  expect(state).toMatchObject({ status: 'assigned', round: 2, escalationLevel: 0 });
  // In the second handling the co-handler gives its input: nobody is released.
  await handle.executeUpdate(coHandlerInputUpdate, {
    updateId: 'co-15',
    args: [{ departmentId: 'civil-affairs', text: '已协调供水补贴。', actor: civilAffairs }],
  });
  await reply(handle, 'reply-15b', 'A');
  await rate(handle, 'rate-15b', 'satisfied');
  await handle.result();
  expect(steps(issueId)).toEqual([
    'r1:assigned assigned',
    'update:refer-15 escalated',
    'update:reply-15 replied',
    'r1:co-handlers-released co_handlers_released',
    'update:rate-15 rated',
    'r2:assigned assigned',
    'update:co-15 co_handler_input',
    'update:reply-15b replied',
    'update:rate-15b rated',
    'closed closed',
  ]);
  expect(notices(issueId)).toEqual([
    'escalation update:refer-15',
    'feedback_requested update:reply-15',
    'rehandling r2:assigned',
    'feedback_requested update:reply-15b',
    'closed closed',
  ]);
  await harness.keepHistory(handle, 'co-handlers-released-rehandling-notice-referred-by-county');
});

test('a step whose transition cannot be recorded leaves the state as last recorded; the issue goes on', async () => {
  const { issueId, handle } = await harness.start({ name: 'failed-step', route: WITH_CO_HANDLER });
  const assigned = await harness.waitForStep(handle, 'r1:assigned');
  const extend = (id: string) =>
    handle.executeUpdate(extendUpdate, {
      updateId: id,
      args: [{ extraWorkingDays: 5, reason: '需等待县财政资金下达', actor: supervisor }],
    });

  // The extension's transition violates a constraint: the update fails, and nothing of it stays in the state.
  fakes.failRecord(issueId, 'update:extend-16a');
  await expect(extend('extend-16a')).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  expect(await harness.state(handle)).toEqual(assigned);
  // Once the data is put right, the same command goes through.
  fakes.failRecord(issueId, null);
  const extended = await extend('extend-16b');
  expect(extended).toMatchObject({ extensions: 1, dueAt: weekendDeadline(assigned.dueAt!, 5) });

  // A rating that starts a second handling, failing at the second round's assignment, keeps what was recorded: the
  // rating, not the half-started round 2.
  await reply(handle, 'reply-16', 'A');
  fakes.failRecord(issueId, 'r2:assigned');
  const replied = await harness.state(handle);
  await expect(rate(handle, 'rate-16a', 'unsatisfied')).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  const afterFailure = await harness.state(handle);
  expect(afterFailure).toEqual({
    ...replied,
    rating: expect.objectContaining({ rating: 'unsatisfied', round: 1 }) as unknown,
    history: [...replied.history, expect.objectContaining({ stepKey: 'update:rate-16a', type: 'rated' }) as unknown],
  });
  expect(steps(issueId)).toEqual([
    'r1:assigned assigned',
    'update:extend-16b extended',
    'update:reply-16 replied',
    'r1:co-handlers-released co_handlers_released',
    'update:rate-16a rated',
  ]);
  await handle.terminate('the rest of this path is covered elsewhere');
});

test('rejected updates change nothing: wrong department, bad class, empty text, B without a future date, after close', async () => {
  const { issueId, handle } = await harness.start({ name: 'rejections', route: WITH_CO_HANDLER });
  await harness.waitForStep(handle, 'r1:assigned');
  const today = chinaDateOf(await harness.now());
  await handle.executeUpdate(acknowledgeUpdate, {
    updateId: 'ack-14',
    args: [{ departmentId: 'water-station', actor: waterStation }],
  });

  const before = await harness.state(handle);
  const callsBefore = fakes.callCount();
  const eventsBefore = await eventsBeyondWorkflowTasks(handle);

  const replyWith = (input: Record<string, unknown>) =>
    handle.executeUpdate(replyUpdate, {
      args: [
        {
          departmentId: 'water-station',
          replyClass: 'A',
          text: '已处理。',
          requestId: 'r-14',
          actor: waterStation,
          ...input,
        } as never,
      ],
    });
  expect(await rejection(replyWith({ departmentId: 'civil-affairs' }))).toBe('WrongDepartment');
  expect(await rejection(replyWith({ replyClass: 'D' }))).toBe('InvalidReplyClass');
  expect(await rejection(replyWith({ text: '   ' }))).toBe('EmptyText');
  expect(await rejection(replyWith({ replyClass: 'B' }))).toBe('PromisedDateRequired');
  expect(await rejection(replyWith({ replyClass: 'B', promisedDate: today }))).toBe('PromisedDateNotInFuture');
  expect(await rejection(replyWith({ replyClass: 'B', promisedDate: '2026-02-30' }))).toBe('InvalidInput');
  expect(await rejection(replyWith({ promisedDate: addCalendarDays(today, 5) }))).toBe('InvalidInput');
  expect(await rejection(replyWith({ actor: { label: '' } }))).toBe('InvalidInput');
  expect(
    await rejection(
      handle.executeUpdate(acknowledgeUpdate, { args: [{ departmentId: 'water-station', actor: waterStation }] }),
    ),
  ).toBe('AlreadyAcknowledged');
  expect(
    await rejection(
      handle.executeUpdate(sendBackUpdate, {
        args: [{ departmentId: 'civil-affairs', reason: '不归我们', actor: civilAffairs }],
      }),
    ),
  ).toBe('WrongDepartment');
  expect(
    await rejection(
      handle.executeUpdate(coHandlerInputUpdate, {
        args: [{ departmentId: 'land-office', text: '意见', actor: landOffice }],
      }),
    ),
  ).toBe('WrongDepartment');
  expect(await rejection(rate(handle, 'rate-early', 'satisfied'))).toBe('NotAllowedNow');
  expect(
    await rejection(
      handle.executeUpdate(assignUpdate, { args: [{ leadDepartmentId: 'land-office', actor: officer }] }),
    ),
  ).toBe('NotAllowedNow');
  expect(
    await rejection(
      handle.executeUpdate(extendUpdate, { args: [{ newDueDate: today, reason: '延期', actor: supervisor }] }),
    ),
  ).toBe('InvalidInput');
  expect(
    await rejection(
      handle.executeUpdate(extendUpdate, {
        args: [{ extraWorkingDays: 2, newDueDate: addCalendarDays(today, 60), reason: '延期', actor: supervisor }],
      }),
    ),
  ).toBe('InvalidInput');
  expect(await rejection(handle.executeUpdate(urgeUpdate, { args: [{ note: '', actor: supervisor }] }))).toBe(
    'EmptyText',
  );

  expect(await harness.state(handle)).toEqual(before);
  expect(fakes.callCount()).toBe(callsBefore);
  expect(await eventsBeyondWorkflowTasks(handle)).toEqual(eventsBefore);

  await reply(handle, 'reply-14', 'A');
  await rate(handle, 'rate-14', 'satisfied');
  const closed = await handle.result();
  const callsAtClose = fakes.callCount();
  await expect(reply(handle, 'reply-after-close', 'A')).rejects.toThrow();
  expect(await harness.state(handle)).toEqual(closed);
  expect(fakes.callCount()).toBe(callsAtClose);
  expect(steps(issueId)).toEqual([
    'r1:assigned assigned',
    'update:ack-14 acknowledged',
    'update:reply-14 replied',
    'r1:co-handlers-released co_handlers_released', // the lead replied without its co-handler's input
    'update:rate-14 rated',
    'closed closed',
  ]);
});

test('a deadline across the 2026 National Day holiday lands on the make-up Saturday 2026-10-10', async () => {
  // The test server's clock starts at the real now and only moves forward, so the scenario (assigned on Wednesday
  // 2026-09-30 at 10:00) runs shifted by a fixed offset: the calendar answers for the scenario's day and the test
  // reads every instant back in scenario time. The deadlines themselves come from the official calendar.
  const offset = (await harness.now()) - Date.parse('2026-09-30T10:00:00+08:00');
  const scenario = (instant: string) => new Date(Date.parse(instant) - offset).toISOString();
  const server = (instant: string) => new Date(Date.parse(instant) + offset).toISOString();
  const endOf = (date: string) => server(endOfChinaDateIso(date));
  fakes.useCalendar((fromInstant, workingDays) => server(officialDeadline(scenario(fromInstant), workingDays)));

  const { issueId, handle } = await harness.start({
    name: 'national-day',
    urgency: 'urgent',
    policy: { reminderWorkingDaysBefore: [3, 1] },
    route: WITH_CO_HANDLER,
  });
  const assigned = await harness.waitForStep(handle, 'r1:assigned');
  expect(chinaDateOf(scenario(assigned.assignedAt!))).toBe('2026-09-30');
  // 3 working days: 10-01…10-07 are off, so 10-08 (Thu), 10-09 (Fri) and the make-up Saturday 10-10.
  expect(assigned.dueAt).toBe(endOf('2026-10-10'));
  expect(assigned.coHandlerDueAt).toBe(endOf('2026-10-09'));

  await harness.advanceTo(endOf('2026-10-22'));
  await harness.waitForStep(handle, 'r1:escalation:3');
  expect(steps(issueId)).toEqual([
    'r1:assigned assigned',
    'r1:t1:reminder:3 reminder',
    'r1:t1:co-handler-due co_handler_overdue',
    'r1:t1:reminder:1 reminder',
    'r1:t1:overdue overdue',
    'r1:escalation:1 escalated',
    'r1:escalation:2 escalated',
    'r1:escalation:3 escalated',
  ]);
  expectRecordedAt(issueId, 'r1:t1:reminder:3', endOf('2026-09-30')); // 3 working days left, before the holiday
  expectRecordedAt(issueId, 'r1:t1:co-handler-due', endOf('2026-10-09'));
  expectRecordedAt(issueId, 'r1:t1:reminder:1', endOf('2026-10-09'));
  expectRecordedAt(issueId, 'r1:t1:overdue', endOf('2026-10-10'));
  expectRecordedAt(issueId, 'r1:escalation:1', endOf('2026-10-14')); // Sunday 10-11 is not a working day
  expectRecordedAt(issueId, 'r1:escalation:2', endOf('2026-10-19'));
  expectRecordedAt(issueId, 'r1:escalation:3', endOf('2026-10-22'));
});
