// The reception-day workflows on Temporal's time-skipping test server with in-memory activities: a day that falls on
// a holiday moves to the next working day and its reminder counts working days back across the holiday; recording;
// not held; the missing record reminded then noted overdue; and the schedule tick opening each day once.
// With RECORD_HISTORIES=1 the runs are kept as replay fixtures (see reception.replay.e2e-spec.ts).
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  DEFAULT_RECEPTION_POLICY,
  RECEPTION_SCHEDULE_WORKFLOW_TYPE,
  addCalendarDays,
  chinaDateOf,
  markNotHeldUpdate,
  recordReceptionUpdate,
  receptionDayWorkflowId,
  type Actor,
} from '@app/contracts';
import type { receptionScheduleWorkflow } from '../../workflows';
import { ReceptionHarness } from './support/reception-harness';

const harness = new ReceptionHarness();
const fakes = harness.fakes;
const officer: Actor = { userId: 'u-liaison', label: '联络员 邓丽' };
const HOUR = 3_600_000;

beforeAll(() => harness.setUp(), 60_000);
afterAll(() => harness.tearDown());
afterEach(() => fakes.useHolidays([]));

/** The first Monday at least `days` days after the server's today (China dates). */
async function mondayAfter(days: number): Promise<string> {
  let date = addCalendarDays(chinaDateOf(await harness.now()), days);
  while (new Date(`${date}T00:00:00Z`).getUTCDay() !== 1) date = addCalendarDays(date, 1);
  return date;
}

const record = (votersReceived: number, issueIds: string[] = []) => ({
  votersReceived,
  notes: '接待选民，解答政策咨询',
  presentDeputyIds: ['deputy-zhang'],
  issueIds,
  actor: officer,
});

async function rejection(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (!(error instanceof WorkflowUpdateFailedError)) throw error;
    return (error.cause as { type?: string } | undefined)?.type;
  }
}

test('a day on a holiday is held on the next working day, reminded two working days before across the holiday, then recorded', async () => {
  const monday = await mondayAfter(14);
  const tuesday = addCalendarDays(monday, 1);
  // Monday and Tuesday are public holidays: the reception moves to Wednesday; the reminder goes two working days
  // before Wednesday, skipping the holidays, on the Thursday before (09:00 China time).
  fakes.useHolidays([monday, tuesday]);
  const station = harness.station('rongjiawan');
  const handle = await harness.startDay(station, monday);
  const opened = await harness.waitForStep(handle, 'scheduled');
  const wednesday = addCalendarDays(monday, 2);
  const thursdayBefore = addCalendarDays(monday, -4);
  expect(opened).toMatchObject({ heldOn: wednesday, moved: true, status: 'scheduled' });
  expect(opened.remindAt).toBe(new Date(`${thursdayBefore}T09:00:00+08:00`).toISOString());
  const receptionId = opened.receptionId!;

  await harness.advanceTo(opened.remindAt!, -HOUR);
  expect(fakes.noticesOf(receptionId)).toEqual([]);
  // Recording before the day is refused by the workflow itself.
  expect(await rejection(handle.executeUpdate(recordReceptionUpdate, { args: [record(3)] }))).toBe('NotYetHeld');

  await harness.advanceTo(opened.remindAt!);
  const reminded = await harness.waitForStep(handle, 'reminder');
  expect(reminded.status).toBe('reminded');
  expect(fakes.noticesOf(receptionId)).toEqual(['reminder reminder']);

  await harness.advanceTo(`${wednesday}T10:00:00+08:00`, 0);
  const held = await handle.executeUpdate(recordReceptionUpdate, {
    args: [record(12, ['issue-1', 'issue-2'])],
    updateId: 'record-1',
  });
  expect(held.status).toBe('held');
  expect(held.record).toMatchObject({ votersReceived: 12, issueIds: ['issue-1', 'issue-2'] });
  const final = await handle.result();
  expect(final.status).toBe('held');
  expect(fakes.stepsOf(receptionId)).toEqual(['reminded reminded', 'recorded held']);
  const recorded = fakes.transitions.find((t) => t.receptionId === receptionId && t.type === 'recorded');
  expect(recorded).toMatchObject({ stepKey: 'update:record-1', actor: officer, data: { votersReceived: 12 } });
  await harness.keepHistory(handle, 'holiday-reminded-recorded');
});

test('a day marked not held before it comes ends without a reminder; a second start of the same day is refused', async () => {
  const monday = await mondayAfter(14);
  const station = harness.station('chengdong');
  const handle = await harness.startDay(station, monday);
  const opened = await harness.waitForStep(handle, 'scheduled');
  expect(opened).toMatchObject({ heldOn: monday, moved: false });
  await expect(harness.startDay(station, monday)).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);

  expect(await rejection(handle.executeUpdate(markNotHeldUpdate, { args: [{ reason: '  ', actor: officer }] }))).toBe(
    'InvalidInput',
  );
  const notHeld = await handle.executeUpdate(markNotHeldUpdate, {
    args: [{ reason: '暴雨红色预警，接待活动取消', actor: officer }],
  });
  expect(notHeld.status).toBe('not_held');
  expect(await handle.result()).toMatchObject({
    status: 'not_held',
    notHeld: { reason: '暴雨红色预警，接待活动取消' },
  });
  expect(fakes.noticesOf(opened.receptionId!)).toEqual([]);
  // The day's workflow has ended: nothing more can be recorded on it.
  await expect(handle.executeUpdate(recordReceptionUpdate, { args: [record(1)] })).rejects.toThrow();
  await harness.keepHistory(handle, 'not-held');
});

test('a missing record is reminded after three working days, noted overdue after five, and can still be recorded', async () => {
  const monday = await mondayAfter(7);
  const station = harness.station('huangshajie');
  const handle = await harness.startDay(station, monday);
  const opened = await harness.waitForStep(handle, 'scheduled');
  const receptionId = opened.receptionId!;
  // Three working days after Monday: Thursday; five: the next Monday.
  expect(chinaDateOf(opened.recordDueAt!)).toBe(addCalendarDays(monday, 3));
  expect(chinaDateOf(opened.overdueAt!)).toBe(addCalendarDays(monday, 7));

  await harness.advanceTo(opened.dayEndsAt!);
  expect((await harness.waitForStep(handle, 'day-passed')).status).toBe('awaiting_record');
  await harness.advanceTo(opened.recordDueAt!);
  expect((await harness.waitForStep(handle, 'record-reminder')).status).toBe('awaiting_record');
  expect(fakes.noticesOf(receptionId)).toEqual(['reminder reminder', 'record_reminder record-reminder']);
  await harness.advanceTo(opened.overdueAt!);
  expect((await harness.waitForStep(handle, 'overdue')).status).toBe('overdue');
  expect(fakes.noticesOf(receptionId)).toContain('overdue overdue');

  const late = await handle.executeUpdate(recordReceptionUpdate, { args: [record(4)] });
  expect(late.status).toBe('held');
  expect(fakes.stepsOf(receptionId)).toEqual([
    'reminded reminded',
    'day_passed awaiting_record',
    'record_reminder awaiting_record',
    'overdue overdue',
    'recorded held',
  ]);
  await handle.result();
  await harness.keepHistory(handle, 'overdue-then-recorded');
});

test('a schedule tick opens the reception days of the weeks ahead, each once however often it runs', async () => {
  const station = harness.station('xinqiang');
  const today = chinaDateOf(await harness.now());
  const tick = () =>
    harness.env.client.workflow.execute<typeof receptionScheduleWorkflow>(RECEPTION_SCHEDULE_WORKFLOW_TYPE, {
      taskQueue: harness.taskQueue,
      workflowId: `reception-tick-${station}-${Math.random()}`,
      args: [{ stationId: station, rule: 'monthly:1:mon', policy: { ...DEFAULT_RECEPTION_POLICY } }],
    });
  const first = await tick();
  expect(first.length).toBeGreaterThanOrEqual(1);
  for (const date of first) {
    expect(date >= today && date <= addCalendarDays(today, 35)).toBe(true);
    expect(new Date(`${date}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(Number(date.slice(8, 10))).toBeLessThanOrEqual(7);
  }
  expect(await tick()).toEqual([]);
  const day = harness.env.client.workflow.getHandle(receptionDayWorkflowId(station, first[0]));
  expect((await day.describe()).status.name).toBe('RUNNING');
  for (const date of first) {
    await harness.env.client.workflow.getHandle(receptionDayWorkflowId(station, date)).terminate('test finished');
  }
});

test('a tick opens a day whose rule date has passed but which moved off days off to today or later, not one already held', async () => {
  const today = chinaDateOf(await harness.now());
  // The latest of the last ten days that a monthly day-of-month rule can name (1-28) and that matches `keep`.
  const pastDate = (keep: (date: string) => boolean): string => {
    for (let back = 1; back <= 10; back += 1) {
      const date = addCalendarDays(today, -back);
      if (Number(date.slice(8, 10)) <= 28 && keep(date)) return date;
    }
    throw new Error(`no fitting date in the ten days before ${today}`);
  };
  const tick = (stationId: string, nominalDate: string) =>
    harness.env.client.workflow.execute<typeof receptionScheduleWorkflow>(RECEPTION_SCHEDULE_WORKFLOW_TYPE, {
      taskQueue: harness.taskQueue,
      workflowId: `reception-tick-${stationId}`,
      args: [
        { stationId, rule: `monthly:${Number(nominalDate.slice(8, 10))}`, policy: { ...DEFAULT_RECEPTION_POLICY } },
      ],
    });

  // Every day from the rule date to yesterday is a day off: the reception is held today, or on the first working day
  // after it — still to come, so the tick opens it (before the fix the tick looked from today on and never did).
  const moved = pastDate(() => true);
  const daysOff: string[] = [];
  for (let date = moved; date < today; date = addCalendarDays(date, 1)) daysOff.push(date);
  fakes.useHolidays(daysOff);
  const station = harness.station('gangkou');
  const first = await tick(station, moved);
  expect(first).toContain(moved);
  const day = harness.env.client.workflow.getHandle(receptionDayWorkflowId(station, moved));
  expect((await day.describe()).status.name).toBe('RUNNING');
  const opened = fakes.opened.get(`${station}|${moved}`);
  expect(opened?.moved).toBe(true);
  expect(opened && opened.heldOn >= today).toBe(true);

  // A weekday with no day off: held on its date, which has passed, so nothing is opened for it.
  fakes.useHolidays([]);
  const held = pastDate((date) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()));
  const other = harness.station('gangkou');
  const second = await tick(other, held);
  expect(second).not.toContain(held);
  await expect(harness.env.client.workflow.getHandle(receptionDayWorkflowId(other, held)).describe()).rejects.toThrow();

  for (const [stationId, dates] of [
    [station, first],
    [other, second],
  ] as const) {
    for (const date of dates) {
      await harness.env.client.workflow.getHandle(receptionDayWorkflowId(stationId, date)).terminate('test finished');
    }
  }
});
