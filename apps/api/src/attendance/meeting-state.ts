// Owns what state a meeting is shown in, and so what may still be done to it. Stored are only `planned`/`cancelled`
// and the closing instant; "held" is a planned meeting whose day has passed (China time), so a past meeting never
// looks planned, and nobody has to remember to mark it.
export const MEETING_STATES = ['planned', 'held', 'closed', 'cancelled'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

export const MEETING_STATE_LABELS: Readonly<Record<MeetingState, string>> = {
  planned: '计划召开',
  held: '已召开',
  closed: '已结束',
  cancelled: '已取消',
};

export function meetingState(
  meeting: { status: 'planned' | 'cancelled'; meetingDate: string; closedAt: Date | null },
  today: string,
): MeetingState {
  if (meeting.status === 'cancelled') return 'cancelled';
  if (meeting.closedAt !== null) return 'closed';
  return meeting.meetingDate < today ? 'held' : 'planned';
}
