// Owns how attendance rows become the API's views: labels from the contract, instants as ISO strings.
import {
  ATTENDANCE_MARK_LABELS,
  INVITATION_KIND_LABELS,
  INVITATION_STATUS_LABELS,
  INVITATION_TRANSITION_LABELS,
  type InvitationTransitionType,
} from '@app/contracts';
import type {
  AgendaItemView,
  InvitationEventView,
  InvitationView,
  MeetingReportView,
  MeetingView,
  SpeechView,
  TermView,
} from './attendance.dto';
import type {
  AgendaRow,
  InvitationEventRow,
  InvitationRow,
  MeetingFiguresRow,
  MeetingRow,
  SpeechRow,
  TermRow,
} from './attendance.repository';
import { maskPhone } from '../auth/masking';
import { MEETING_STATE_LABELS, meetingState } from './meeting-state';

const iso = (value: Date | null): string | null => (value ? new Date(value).toISOString() : null);

/** Events the API records beside the workflow's transitions. */
const API_EVENT_LABELS: Record<string, string> = { invited: '发出邀请', attendance_recorded: '考勤登记' };
/** A reply staff recorded for the deputy (the event's actor is who recorded it; data.onBehalfOf the deputy). */
const ON_BEHALF_LABEL = '代为登记代表回复';

export const SPEECH_STATUS_LABELS: Record<SpeechRow['status'], string> = {
  awaiting_signoff: '待签阅',
  signed_off: '已签阅',
  corrected: '已修改签阅',
};

export function termView(row: TermRow): TermView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    level: row.level,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    region: { id: row.region_id, name: row.region_name },
    deputies: row.deputies,
  };
}

export function agendaItemView(row: AgendaRow): AgendaItemView {
  return {
    id: row.id,
    position: row.position,
    title: row.title,
    committee: row.committee,
    deputyQuota: row.deputy_quota,
    invited: row.invited,
  };
}

/** `today`: the China date, which tells a held meeting from a planned one. */
export function meetingView(row: MeetingRow, term: TermRow, agenda: AgendaRow[], today: string): MeetingView {
  const status = meetingState({ status: row.status, meetingDate: row.meeting_date, closedAt: row.closed_at }, today);
  return {
    id: row.id,
    title: row.title,
    meetingDate: row.meeting_date,
    location: row.location,
    materials: row.materials,
    wholeMeetingQuota: row.whole_meeting_quota,
    status,
    statusLabel: MEETING_STATE_LABELS[status],
    cancelReason: row.cancel_reason,
    closedAt: iso(row.closed_at),
    term: termView(term),
    agenda: agenda.map(agendaItemView),
    wholeInvited: row.whole_invited,
    invited: row.invited,
  };
}

export function invitationView(row: InvitationRow): InvitationView {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    meetingTitle: row.meeting_title,
    meetingDate: row.meeting_date,
    deputy: { id: row.deputy_id, name: row.deputy_name, employer: row.deputy_employer, post: row.deputy_post },
    deputyPhone: maskPhone(row.deputy_phone),
    kind: row.kind,
    kindLabel: INVITATION_KIND_LABELS[row.kind],
    agendaItem:
      row.agenda_item_id && row.item_title !== null && row.item_position !== null
        ? { id: row.agenda_item_id, title: row.item_title, position: row.item_position }
        : null,
    status: row.status,
    statusLabel: INVITATION_STATUS_LABELS[row.status],
    noticeSentAt: iso(row.notice_sent_at),
    phoneStatus: row.phone_status,
    phoneDueAt: iso(row.phone_due_at),
    phoneNote: row.phone_note,
    reminderSentAt: iso(row.reminder_sent_at),
    reply: row.reply,
    leaveReason: row.leave_reason,
    leaveDecision: row.leave_decision,
    attendance: row.attendance,
    attendanceLabel: row.attendance ? ATTENDANCE_MARK_LABELS[row.attendance] : null,
    attendanceNote: row.attendance_note,
    closedAt: iso(row.closed_at),
  };
}

export function invitationEventView(row: InvitationEventRow): InvitationEventView {
  return {
    id: row.id,
    stepKey: row.step_key,
    type: row.type,
    label:
      row.type === 'replied' && row.data.onBehalfOf
        ? ON_BEHALF_LABEL
        : (INVITATION_TRANSITION_LABELS[row.type as InvitationTransitionType] ??
          API_EVENT_LABELS[row.type] ??
          row.type),
    actor: row.actor_label,
    data: row.data,
    at: new Date(row.occurred_at).toISOString(),
  };
}

export function speechView(row: SpeechRow): SpeechView {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    meetingTitle: row.meeting_title,
    agendaItem: { id: row.agenda_item_id, title: row.item_title, position: row.item_position },
    deputy: { id: row.deputy_id, name: row.deputy_name, employer: row.deputy_employer, post: row.deputy_post },
    text: row.text,
    suggestions: row.suggestions,
    status: row.status,
    statusLabel: SPEECH_STATUS_LABELS[row.status],
    originalText: row.original_text,
    signedOffAt: iso(row.signed_off_at),
  };
}

export function figuresView(
  row: MeetingFiguresRow,
  absences: MeetingReportView['absences'] = [],
): Omit<MeetingReportView, 'absences'> & { absences: MeetingReportView['absences'] } {
  return {
    meetingId: row.meeting_id,
    title: row.title,
    meetingDate: row.meeting_date,
    status: row.status,
    invited: row.invited,
    invitedWhole: row.invited_whole,
    invitedItem: row.invited_item,
    attended: row.attended,
    attendedWhole: row.attended_whole,
    attendedItem: row.attended_item,
    late: row.late,
    absent: row.absent,
    onLeave: row.on_leave,
    notRecorded: row.not_recorded,
    speeches: row.speeches,
    signedSpeeches: row.signed_speeches,
    suggestions: row.suggestions,
    absences,
  };
}
