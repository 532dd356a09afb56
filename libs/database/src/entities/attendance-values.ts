// The closed value sets of the meeting-attendance tables (列席), enforced by CHECK constraints in the migration.
// Invitation statuses, answers and attendance marks belong to the invitation workflow's contract.
export {
  ATTENDANCE_MARKS,
  INVITATION_ANSWERS,
  INVITATION_KINDS,
  INVITATION_STATUSES,
  PHONE_STATUSES,
  type AttendanceMark,
  type InvitationAnswer,
  type InvitationKind,
  type InvitationStatus,
  type PhoneStatus,
} from '@app/contracts';

export const MEETING_STATUSES = ['planned', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const LEAVE_DECISIONS = ['approved', 'rejected'] as const;
export type LeaveDecision = (typeof LEAVE_DECISIONS)[number];

/** A transcribed speech waits for its speaker's sign-off; the speaker signs it as it is, or corrects it. */
export const SPEECH_STATUSES = ['awaiting_signoff', 'signed_off', 'corrected'] as const;
export type SpeechStatus = (typeof SPEECH_STATUSES)[number];
