// The attendance API (列席): congress terms, meetings and agendas, proposals, invitations and their notices, phone
// tasks, replies, attendance, speeches and sign-off, the deliberation opinions and the figures.
import { api, withQuery } from './client';
import type { Page } from './types';

export type InvitationKind = 'whole' | 'item';
export type AttendanceMark = 'present' | 'late' | 'absent' | 'on_leave';

export interface DeputyRef {
  id: string;
  name: string;
  employer: string;
  post: string;
}

export interface Term {
  id: string;
  code: string;
  name: string;
  level: string;
  startsOn: string;
  endsOn: string;
  region: { id: string; name: string };
  deputies: number;
}

export interface AgendaItem {
  id: string;
  position: number;
  title: string;
  committee: string;
  deputyQuota: number;
  invited: number;
}

export interface Meeting {
  id: string;
  title: string;
  meetingDate: string;
  location: string | null;
  materials: string | null;
  wholeMeetingQuota: number;
  /** held: a planned meeting whose day has passed; closed: its record closed by the office. */
  status: 'planned' | 'held' | 'closed' | 'cancelled';
  statusLabel: string;
  cancelReason: string | null;
  closedAt: string | null;
  term: Term;
  agenda: AgendaItem[];
  wholeInvited: number;
  invited: number;
}

export interface Invitation {
  id: string;
  meetingId: string;
  meetingTitle: string;
  meetingDate: string;
  deputy: DeputyRef;
  /** Masked: deputyPhone() reads it whole (logged). */
  deputyPhone: string;
  kind: InvitationKind;
  kindLabel: string;
  agendaItem: { id: string; title: string; position: number } | null;
  status: string;
  statusLabel: string;
  noticeSentAt: string | null;
  phoneStatus: 'pending' | 'reached' | 'not_reached' | null;
  phoneDueAt: string | null;
  phoneNote: string | null;
  reminderSentAt: string | null;
  reply: 'attend' | 'leave' | null;
  leaveReason: string | null;
  leaveDecision: 'approved' | 'rejected' | null;
  attendance: AttendanceMark | null;
  attendanceLabel: string | null;
  attendanceNote: string | null;
  closedAt: string | null;
}

export interface Proposals {
  kind: InvitationKind;
  quota: number;
  alreadyInvited: number;
  proposals: { deputy: DeputyRef; attendances: number; upcoming: number; neverAttended: boolean }[];
}

export interface Speech {
  id: string;
  meetingId: string;
  meetingTitle: string;
  agendaItem: { id: string; title: string; position: number };
  deputy: DeputyRef;
  text: string;
  suggestions: string[];
  status: 'awaiting_signoff' | 'signed_off' | 'corrected';
  statusLabel: string;
  originalText: string | null;
  signedOffAt: string | null;
}

export interface MeetingFigures {
  meetingId: string;
  title: string;
  meetingDate: string;
  status: string;
  invited: number;
  invitedWhole: number;
  invitedItem: number;
  attended: number;
  attendedWhole: number;
  attendedItem: number;
  late: number;
  absent: number;
  onLeave: number;
  notRecorded: number;
  speeches: number;
  signedSpeeches: number;
  suggestions: number;
  absences: { deputyId: string; deputy: string; mark: AttendanceMark; markLabel: string; reason: string | null }[];
}

export interface PeriodReport {
  term: Term;
  from: string;
  to: string;
  meetings: number;
  invited: number;
  attended: number;
  attendedWhole: number;
  attendedItem: number;
  absent: number;
  onLeave: number;
  speeches: number;
  suggestions: number;
  distinctDeputies: number;
  perMeeting: MeetingFigures[];
}

export interface Coverage {
  term: Term;
  deputies: number;
  attendedAtLeastOnce: number;
  coverage: number | null;
  notYetAttended: DeputyRef[];
}

export interface NewMeeting {
  termId: string;
  title: string;
  meetingDate: string;
  location?: string;
  materials?: string;
  wholeMeetingQuota?: number;
  agenda: { title: string; committee: string; deputyQuota?: number }[];
}

const base = '/api/attendance';

export const listTerms = (signal?: AbortSignal) => api.get<Term[]>(`${base}/terms`, undefined, signal);
export const listMeetings = (
  query: { termId?: string; status?: Meeting['status']; page: number; limit: number },
  signal?: AbortSignal,
) => api.get<Page<Meeting>>(`${base}/meetings`, query, signal);
export const getMeeting = (id: string, signal?: AbortSignal) =>
  api.get<Meeting>(`${base}/meetings/${id}`, undefined, signal);
export const createMeeting = (body: NewMeeting) => api.post<Meeting>(`${base}/meetings`, body);
export const cancelMeeting = (id: string, reason: string, key: string) =>
  api.post<Meeting>(`${base}/meetings/${id}/cancel`, { reason }, { idempotencyKey: key });
export const getProposals = (id: string, agendaItemId: string | undefined, signal?: AbortSignal) =>
  api.get<Proposals>(`${base}/meetings/${id}/proposals`, { agendaItemId }, signal);
export const invite = (id: string, deputyIds: string[], agendaItemId?: string) =>
  api.post<Invitation[]>(`${base}/meetings/${id}/invitations`, {
    deputyIds,
    ...(agendaItemId ? { agendaItemId } : {}),
  });
export const listInvitations = (id: string, query: { page: number; limit: number }, signal?: AbortSignal) =>
  api.get<Page<Invitation>>(`${base}/meetings/${id}/invitations`, query, signal);
export const listPhoneTasks = (query: { meetingId?: string; page: number; limit: number }, signal?: AbortSignal) =>
  api.get<Page<Invitation>>(`${base}/phone-tasks`, query, signal);
export const recordCall = (id: string, outcome: 'reached' | 'not_reached', note: string | undefined, key: string) =>
  api.post<Invitation>(
    `${base}/invitations/${id}/phone-call`,
    { outcome, ...(note ? { note } : {}) },
    { idempotencyKey: key },
  );
export const decideLeave = (id: string, approved: boolean, key: string) =>
  api.post<Invitation>(`${base}/invitations/${id}/leave-decision`, { approved }, { idempotencyKey: key });
export const recordAttendance = (id: string, mark: AttendanceMark, key: string) =>
  api.request<Invitation>('PUT', `${base}/invitations/${id}/attendance`, { body: { mark }, idempotencyKey: key });
export const listSpeeches = (id: string, signal?: AbortSignal) =>
  api.get<Speech[]>(`${base}/meetings/${id}/speeches`, undefined, signal);
export const recordSpeech = (
  id: string,
  body: { agendaItemId: string; deputyId: string; text: string; suggestions: string[] },
) => api.post<Speech>(`${base}/meetings/${id}/speeches`, body);
export const meetingReport = (id: string, signal?: AbortSignal) =>
  api.get<MeetingFigures>(`${base}/meetings/${id}/report`, undefined, signal);
export const deliberationPath = (id: string, format: 'html' | 'xlsx' | 'docx' | 'pdf') =>
  withQuery(`${base}/meetings/${id}/deliberation`, { format });
export const periodReport = (query: { termId: string; from: string; to: string }, signal?: AbortSignal) =>
  api.get<PeriodReport>(`${base}/reports/period`, query, signal);
export const termCoverage = (termId: string, signal?: AbortSignal) =>
  api.get<Coverage>(`${base}/terms/${termId}/coverage`, undefined, signal);

export const myInvitations = (query: { page: number; limit: number }, signal?: AbortSignal) =>
  api.get<Page<Invitation>>(`${base}/my/invitations`, query, signal);
export const replyToInvitation = (id: string, answer: 'attend' | 'leave', reason: string | undefined, key: string) =>
  api.post<Invitation>(
    `${base}/my/invitations/${id}/reply`,
    { answer, ...(reason ? { reason } : {}) },
    {
      idempotencyKey: key,
    },
  );
export const mySpeeches = (signal?: AbortSignal) => api.get<Speech[]>(`${base}/my/speeches`, undefined, signal);
export const signOffSpeech = (id: string, text?: string) =>
  api.post<Speech>(`${base}/my/speeches/${id}/sign-off`, text ? { text } : {});

export interface DeputyCandidate {
  deputy: DeputyRef;
  attendances: number;
  invitedAs: InvitationKind | null;
}

export const searchDeputies = (id: string, name: string, signal?: AbortSignal) =>
  api.get<DeputyCandidate[]>(`${base}/meetings/${id}/deputies`, { name, limit: 20 }, signal);
export const closeMeeting = (id: string) => api.post<Meeting>(`${base}/meetings/${id}/close`, {});
export const markAllPresent = (id: string, key: string) =>
  api.post<{ marked: number; leftOut: Invitation[] }>(
    `${base}/meetings/${id}/all-present`,
    {},
    { idempotencyKey: key },
  );
/** The deputy's whole phone, to call them; the read is logged (data_access_log). */
export const deputyPhone = (invitationId: string) =>
  api.get<{ phone: string; masked: boolean }>(`${base}/invitations/${invitationId}/deputy-phone`);
/** What the deputy answered staff on the phone, recorded on their behalf. */
export const replyOnBehalf = (id: string, answer: 'attend' | 'leave', reason: string | undefined, key: string) =>
  api.post<Invitation>(
    `${base}/invitations/${id}/reply-on-behalf`,
    { answer, ...(reason ? { reason } : {}) },
    { idempotencyKey: key },
  );
export const periodReportPath = (query: { termId: string; from: string; to: string }, format: 'html' | 'xlsx') =>
  withQuery(`${base}/reports/period/export`, { ...query, format });
