// The invitation workflow (列席邀请) on Temporal's time-skipping test server with in-memory activities: the three
// notices in order (advance notice at once, the phone task due within a working day, the text reminder the day
// before), the deputy's reply (attend; leave only with a written reason, then the office's decision), cancellation
// with the meeting, and the end of the meeting day. With RECORD_HISTORIES=1 runs are kept as replay fixtures.
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  cancelInvitationUpdate,
  chinaDateOf,
  decideLeaveUpdate,
  endOfChinaDateIso,
  invitationReplyUpdate,
  recordCallUpdate,
  reminderInstant,
  startOfChinaDateIso,
  type Actor,
} from '@app/contracts';
import { InvitationHarness } from './invitation-harness';
import { addCalendarDays, weekendDeadline } from './support/weekend-calendar';

const harness = new InvitationHarness();
const fakes = harness.fakes;

beforeAll(() => harness.setUp(), 60_000);
afterAll(() => harness.tearDown());

const deputy: Actor = { userId: 'u-deputy', label: '代表 周红' };
const officer: Actor = { userId: 'u-officer', label: '联工委 刘芳' };

/** A meeting `days` calendar days after the test server's today (China time). */
async function meetingIn(days: number): Promise<string> {
  return addCalendarDays(chinaDateOf(await harness.now()), days);
}

async function rejection(
  promise: Promise<unknown>,
): Promise<{ type: string | undefined; message: string; details?: unknown[] }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause as { type?: string; message: string; details?: unknown[] };
      return { type: cause.type, message: cause.message, details: cause.details };
    }
    throw error;
  }
  throw new Error('expected the update to be rejected');
}

test('sends the advance notice at once, opens the phone task, reminds the day before, and closes after the meeting', async () => {
  const meetingDate = await meetingIn(10);
  const { invitationId, handle } = await harness.start('sequence', meetingDate);

  const notified = await harness.waitForStep(handle, 'notice');
  expect(notified).toMatchObject({ status: 'notified', phoneStatus: 'pending', reminderSentAt: null });
  expect(fakes.noticesOf(invitationId)).toEqual(['advance notice']);
  // The call is due by the end of the next working day (Monday to Friday here).
  expect(notified.phoneDueAt).toBe(weekendDeadline(notified.noticeSentAt!, 1));
  expect(fakes.transitions.find((t) => t.invitationId === invitationId)).toMatchObject({
    stepKey: 'notice',
    type: 'notice_sent',
    status: 'notified',
    patch: { phoneStatus: 'pending', phoneDueAt: notified.phoneDueAt },
    data: { channel: 'email', recipients: [`deputy-${invitationId}@example.test`] },
  });

  // Nobody called in time: the task is marked overdue, and stays open.
  await harness.advanceTo(notified.phoneDueAt!);
  const overdue = await harness.waitForStep(handle, 'phone-overdue');
  expect(overdue.phoneStatus).toBe('pending');

  const notReached = await handle.executeUpdate(recordCallUpdate, {
    args: [{ outcome: 'not_reached', note: '无人接听', actor: officer }],
  });
  expect(notReached.phoneStatus).toBe('not_reached');
  const reached = await handle.executeUpdate(recordCallUpdate, {
    args: [{ outcome: 'reached', note: '本人接听，确认参会', actor: officer }],
  });
  expect(reached.phoneCalls.map((c) => c.outcome)).toEqual(['not_reached', 'reached']);

  const attending = await handle.executeUpdate(invitationReplyUpdate, { args: [{ answer: 'attend', actor: deputy }] });
  expect(attending.status).toBe('attending');

  // The text reminder: 09:00 China time the day before the meeting, not a moment earlier.
  const reminderAt = reminderInstant(meetingDate, 9);
  expect(attending.reminderAt).toBe(reminderAt);
  await harness.advanceTo(Date.parse(reminderAt) - 60_000, 0);
  expect(fakes.noticesOf(invitationId)).toEqual(['advance notice']);
  await harness.advanceTo(reminderAt);
  const reminded = await harness.waitForStep(handle, 'reminder');
  expect(fakes.noticesOf(invitationId)).toEqual(['advance notice', 'reminder reminder']);
  expect(Date.parse(reminded.reminderSentAt!)).toBeGreaterThanOrEqual(Date.parse(reminderAt));

  await harness.advanceTo(endOfChinaDateIso(meetingDate));
  const final = await handle.result();
  expect(final.status).toBe('attending');
  expect(final.closedAt).not.toBeNull();
  expect(fakes.stepsOf(invitationId)).toEqual([
    'notice notice_sent',
    'phone-overdue phone_overdue',
    expect.stringMatching(/^update:.+ phone_recorded$/),
    expect.stringMatching(/^update:.+ phone_recorded$/),
    expect.stringMatching(/^update:.+ replied$/),
    'reminder reminder_sent',
    'closed closed',
  ]);
  await harness.keepHistory(handle, 'attend');
});

test('a leave request needs a written reason; approved, the deputy is on leave and not reminded', async () => {
  const meetingDate = await meetingIn(6);
  const { invitationId, handle } = await harness.start('leave', meetingDate);
  await harness.waitForStep(handle, 'notice');

  expect(
    await rejection(handle.executeUpdate(invitationReplyUpdate, { args: [{ answer: 'leave', actor: deputy }] })),
  ).toMatchObject({ type: 'ReasonRequired', message: /reason/, details: [{ field: 'reason' }] });
  expect(
    await rejection(
      handle.executeUpdate(invitationReplyUpdate, { args: [{ answer: 'leave', reason: '   ', actor: deputy }] }),
    ),
  ).toMatchObject({ type: 'ReasonRequired' });
  expect(
    await rejection(handle.executeUpdate(decideLeaveUpdate, { args: [{ approved: true, actor: officer }] })),
  ).toMatchObject({ type: 'NotAllowedNow' });

  const requested = await handle.executeUpdate(invitationReplyUpdate, {
    args: [{ answer: 'leave', reason: '  当日出差在外，无法到会。 ', actor: deputy }],
  });
  expect(requested).toMatchObject({
    status: 'leave_requested',
    reply: { answer: 'leave', reason: '当日出差在外，无法到会。' },
  });
  const approved = await handle.executeUpdate(decideLeaveUpdate, {
    args: [{ approved: true, note: '同意', actor: officer }],
  });
  expect(approved.status).toBe('on_leave');
  expect(fakes.noticesOf(invitationId)).toEqual(['advance notice', expect.stringMatching(/^leave_decided update:/)]);

  await harness.advanceTo(endOfChinaDateIso(meetingDate));
  const final = await handle.result();
  expect(final.status).toBe('on_leave');
  expect(final.reminderSentAt).toBeNull();
  expect(fakes.noticesOf(invitationId)).not.toContain('reminder reminder');
  const replied = fakes.transitions.find((t) => t.invitationId === invitationId && t.type === 'replied');
  expect(replied).toMatchObject({
    status: 'leave_requested',
    patch: { reply: 'leave', leaveReason: '当日出差在外，无法到会。' },
    actor: deputy,
  });
  await harness.keepHistory(handle, 'leave-approved');
});

test('a rejected leave request leaves the deputy expected, and reminded', async () => {
  const meetingDate = await meetingIn(4);
  const { invitationId, handle } = await harness.start('leave-rejected', meetingDate);
  await harness.waitForStep(handle, 'notice');
  await handle.executeUpdate(invitationReplyUpdate, { args: [{ answer: 'leave', reason: '家中有事', actor: deputy }] });
  const rejected = await handle.executeUpdate(decideLeaveUpdate, {
    args: [{ approved: false, note: '理由不充分，请按时参会', actor: officer }],
  });
  expect(rejected.status).toBe('leave_rejected');
  await harness.advanceTo(reminderInstant(meetingDate, 9));
  await harness.waitForStep(handle, 'reminder');
  expect(fakes.noticesOf(invitationId)).toContain('reminder reminder');
  await harness.advanceTo(endOfChinaDateIso(meetingDate));
  expect((await handle.result()).status).toBe('leave_rejected');
});

test('the meeting cancelled: the deputy is told, the invitation closes, and nothing more is sent', async () => {
  const meetingDate = await meetingIn(8);
  const { invitationId, handle } = await harness.start('cancelled', meetingDate);
  await harness.waitForStep(handle, 'notice');
  expect(
    await rejection(handle.executeUpdate(cancelInvitationUpdate, { args: [{ reason: ' ', actor: officer }] })),
  ).toMatchObject({ type: 'ReasonRequired' });

  const cancelled = await handle.executeUpdate(cancelInvitationUpdate, {
    args: [{ reason: '会议延期', actor: officer }],
  });
  expect(cancelled.status).toBe('cancelled');
  const final = await handle.result();
  expect(final.closedAt).not.toBeNull();
  expect(fakes.noticesOf(invitationId)).toEqual(['advance notice', expect.stringMatching(/^cancelled update:/)]);
  expect(fakes.stepsOf(invitationId)).toEqual(['notice notice_sent', expect.stringMatching(/^update:.+ cancelled$/)]);
  await harness.keepHistory(handle, 'cancelled');
});

test('invited on the meeting day: no reminder, and the call is due at once', async () => {
  const now = await harness.now();
  const meetingDate = chinaDateOf(now);
  const { invitationId, handle } = await harness.start('same-day', meetingDate);
  const state = await harness.waitForStep(handle, 'phone-overdue');
  expect(state.phoneDueAt).toBe(startOfChinaDateIso(meetingDate));
  await handle.executeUpdate(invitationReplyUpdate, { args: [{ answer: 'attend', actor: deputy }] });
  await harness.advanceTo(endOfChinaDateIso(meetingDate));
  const final = await handle.result();
  expect(final.reminderSentAt).toBeNull();
  expect(fakes.noticesOf(invitationId)).toEqual(['advance notice']);
  // A closed invitation takes no more answers.
  await expect(
    handle.executeUpdate(invitationReplyUpdate, { args: [{ answer: 'attend', actor: deputy }] }),
  ).rejects.toThrow();
});

test('a bad policy fails the workflow before anything is sent', async () => {
  const meetingDate = await meetingIn(3);
  const { invitationId, handle } = await harness.start('bad-policy', meetingDate, { reminderHour: 25 });
  await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
  expect(fakes.noticesOf(invitationId)).toEqual([]);
});
