// Owns the attendance tables' SQL reads: terms, meetings and their agendas, invitations with their events, speeches,
// and the figures the reports count (the API's writes: attendance-writes.repository.ts). Scope arrives as region roots (null: everywhere) and is applied in the query itself.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AttendanceMark, InvitationAnswer, InvitationKind, InvitationStatus, PhoneStatus } from '@app/contracts';
import { escapeLike, queryRows } from '@app/database';
import type { MeetingState } from './meeting-state';

export interface TermRow {
  id: string;
  code: string;
  name: string;
  level: string;
  starts_on: string;
  ends_on: string;
  region_id: string;
  region_name: string;
  region_path: string;
  deputies: number;
}

export interface MeetingRow {
  id: string;
  term_id: string;
  title: string;
  meeting_date: string;
  location: string | null;
  materials: string | null;
  whole_meeting_quota: number;
  status: 'planned' | 'cancelled';
  cancel_reason: string | null;
  closed_at: Date | null;
  region_path: string;
  whole_invited: number;
  invited: number;
}

export interface AgendaRow {
  id: string;
  meeting_id: string;
  position: number;
  title: string;
  committee: string;
  deputy_quota: number;
  invited: number;
}

export interface DeputyRow {
  id: string;
  name: string;
  employer: string;
  post: string;
}

export interface InvitationRow {
  id: string;
  meeting_id: string;
  meeting_title: string;
  meeting_date: string;
  meeting_status: 'planned' | 'cancelled';
  meeting_closed_at: Date | null;
  region_path: string;
  deputy_id: string;
  deputy_name: string;
  /** Read to call the deputy: shown masked unless the reader may call them, and then logged (data_access_log). */
  deputy_phone: string;
  deputy_employer: string;
  deputy_post: string;
  deputy_user_id: string | null;
  kind: InvitationKind;
  agenda_item_id: string | null;
  item_title: string | null;
  item_position: number | null;
  status: InvitationStatus;
  notice_sent_at: Date | null;
  phone_status: PhoneStatus | null;
  phone_due_at: Date | null;
  phone_note: string | null;
  reminder_sent_at: Date | null;
  reply: InvitationAnswer | null;
  leave_reason: string | null;
  leave_decision: 'approved' | 'rejected' | null;
  attendance: AttendanceMark | null;
  attendance_note: string | null;
  closed_at: Date | null;
}

export interface InvitationEventRow {
  id: string;
  step_key: string;
  type: string;
  actor_label: string | null;
  data: Record<string, unknown>;
  occurred_at: Date;
}

export interface DeputyCandidateRow extends DeputyRow {
  attendances: number;
  invited_kind: InvitationKind | null;
}

export interface ProposalRow extends DeputyRow {
  attendances: number;
  upcoming: number;
}

export interface SpeechRow {
  id: string;
  meeting_id: string;
  meeting_title: string;
  region_path: string;
  agenda_item_id: string;
  item_title: string;
  item_position: number;
  item_committee: string;
  deputy_id: string;
  deputy_name: string;
  deputy_employer: string;
  deputy_post: string;
  deputy_user_id: string | null;
  deputy_email: string | null;
  text: string;
  suggestions: string[];
  status: 'awaiting_signoff' | 'signed_off' | 'corrected';
  original_text: string | null;
  signed_off_at: Date | null;
}

export interface DeputyInvitationRow {
  meeting_date: string;
  title: string;
  meeting_status: string;
  kind: InvitationKind;
  item_title: string | null;
  status: InvitationStatus;
  reply: InvitationAnswer | null;
  leave_reason: string | null;
  attendance: AttendanceMark | null;
  speeches: number;
  suggestions: number;
}

export interface MeetingFiguresRow {
  meeting_id: string;
  title: string;
  meeting_date: string;
  status: 'planned' | 'cancelled';
  invited: number;
  invited_whole: number;
  invited_item: number;
  attended: number;
  attended_whole: number;
  attended_item: number;
  late: number;
  absent: number;
  on_leave: number;
  not_recorded: number;
  speeches: number;
  signed_speeches: number;
  suggestions: number;
}

/** The SQL condition for a meeting's shown state (see meetingState); `today()` adds the date parameter when needed. */
function meetingStateFilter(state: MeetingState, today: () => string): string {
  switch (state) {
    case 'cancelled':
      return `m.status = 'cancelled'`;
    case 'closed':
      return `m.closed_at IS NOT NULL`;
    case 'held':
      return `m.status = 'planned' AND m.closed_at IS NULL AND m.meeting_date < ${today()}`;
    case 'planned':
      return `m.status = 'planned' AND m.closed_at IS NULL AND m.meeting_date >= ${today()}`;
  }
}

/** A scope condition on a region path column: `roots` null reaches everywhere. */
export function regionFilter(column: string, roots: string[] | null, params: unknown[]): string {
  if (roots === null) return 'TRUE';
  params.push(
    roots,
    roots.map((root) => `${escapeLike(root)}/%`),
  );
  return `(${column} = ANY($${params.length - 1}::text[]) OR ${column} LIKE ANY($${params.length}::text[]))`;
}

const TERM_SELECT = `
  SELECT t.id, t.code, t.name, t.level, to_char(t.starts_on, 'YYYY-MM-DD') AS starts_on,
         to_char(t.ends_on, 'YYYY-MM-DD') AS ends_on, t.region_id, r.name AS region_name, r.path AS region_path,
         (SELECT count(*)::int FROM term_deputies td WHERE td.term_id = t.id) AS deputies
  FROM congress_terms t JOIN regions r ON r.id = t.region_id`;

const MEETING_SELECT = `
  SELECT m.id, m.term_id, m.title, to_char(m.meeting_date, 'YYYY-MM-DD') AS meeting_date, m.location, m.materials,
         m.whole_meeting_quota, m.status, m.cancel_reason, m.closed_at, r.path AS region_path,
         (SELECT count(*)::int FROM meeting_invitations i WHERE i.meeting_id = m.id AND i.kind = 'whole') AS whole_invited,
         (SELECT count(*)::int FROM meeting_invitations i WHERE i.meeting_id = m.id) AS invited
  FROM meetings m JOIN congress_terms t ON t.id = m.term_id JOIN regions r ON r.id = t.region_id`;

const INVITATION_SELECT = `
  SELECT i.id, i.meeting_id, m.title AS meeting_title, to_char(m.meeting_date, 'YYYY-MM-DD') AS meeting_date,
         m.status AS meeting_status, m.closed_at AS meeting_closed_at, r.path AS region_path, d.id AS deputy_id,
         d.name AS deputy_name, d.phone AS deputy_phone,
         d.employer AS deputy_employer, d.post AS deputy_post, d.user_id AS deputy_user_id, i.kind, i.agenda_item_id,
         a.title AS item_title, a.position AS item_position, i.status, i.notice_sent_at, i.phone_status, i.phone_due_at,
         i.phone_note, i.reminder_sent_at, i.reply, i.leave_reason, i.leave_decision, i.attendance, i.attendance_note,
         i.closed_at
  FROM meeting_invitations i
  JOIN meetings m ON m.id = i.meeting_id
  JOIN congress_terms t ON t.id = m.term_id
  JOIN regions r ON r.id = t.region_id
  JOIN deputies d ON d.id = i.deputy_id
  LEFT JOIN meeting_agenda_items a ON a.id = i.agenda_item_id`;

const SPEECH_SELECT = `
  SELECT s.id, s.meeting_id, m.title AS meeting_title, r.path AS region_path, s.agenda_item_id,
         a.title AS item_title, a.position AS item_position, a.committee AS item_committee, d.id AS deputy_id,
         d.name AS deputy_name, d.employer AS deputy_employer, d.post AS deputy_post, d.user_id AS deputy_user_id,
         u.email AS deputy_email, s.text, s.suggestions, s.status, s.original_text, s.signed_off_at
  FROM meeting_speeches s
  JOIN meetings m ON m.id = s.meeting_id
  JOIN congress_terms t ON t.id = m.term_id
  JOIN regions r ON r.id = t.region_id
  JOIN meeting_agenda_items a ON a.id = s.agenda_item_id
  JOIN deputies d ON d.id = s.deputy_id
  LEFT JOIN users u ON u.id = d.user_id AND u.active`;

/** The per-meeting figures, from the records: one row per meeting matching `where`. */
const FIGURES_SELECT = `
  SELECT m.id AS meeting_id, m.title, to_char(m.meeting_date, 'YYYY-MM-DD') AS meeting_date, m.status,
         count(i.id)::int AS invited,
         count(i.id) FILTER (WHERE i.kind = 'whole')::int AS invited_whole,
         count(i.id) FILTER (WHERE i.kind = 'item')::int AS invited_item,
         count(i.id) FILTER (WHERE i.attendance IN ('present', 'late'))::int AS attended,
         count(i.id) FILTER (WHERE i.attendance IN ('present', 'late') AND i.kind = 'whole')::int AS attended_whole,
         count(i.id) FILTER (WHERE i.attendance IN ('present', 'late') AND i.kind = 'item')::int AS attended_item,
         count(i.id) FILTER (WHERE i.attendance = 'late')::int AS late,
         count(i.id) FILTER (WHERE i.attendance = 'absent')::int AS absent,
         count(i.id) FILTER (WHERE i.attendance = 'on_leave')::int AS on_leave,
         count(i.id) FILTER (WHERE i.attendance IS NULL)::int AS not_recorded,
         (SELECT count(*)::int FROM meeting_speeches s WHERE s.meeting_id = m.id) AS speeches,
         (SELECT count(*)::int FROM meeting_speeches s WHERE s.meeting_id = m.id AND s.status <> 'awaiting_signoff')
           AS signed_speeches,
         (SELECT coalesce(sum(cardinality(s.suggestions)), 0)::int FROM meeting_speeches s WHERE s.meeting_id = m.id)
           AS suggestions
  FROM meetings m LEFT JOIN meeting_invitations i ON i.meeting_id = m.id`;

@Injectable()
export class AttendanceRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  // -------------------------------------------------------------------------------------------------------------
  // Terms and meetings

  async term(id: string): Promise<TermRow | undefined> {
    return (await queryRows<TermRow>(this.db, `${TERM_SELECT} WHERE t.id = $1`, [id]))[0];
  }

  async terms(roots: string[] | null): Promise<TermRow[]> {
    const params: unknown[] = [];
    return queryRows<TermRow>(
      this.db,
      `${TERM_SELECT} WHERE ${regionFilter('r.path', roots, params)} ORDER BY t.starts_on DESC, t.name`,
      params,
    );
  }

  async meeting(id: string): Promise<MeetingRow | undefined> {
    return (await queryRows<MeetingRow>(this.db, `${MEETING_SELECT} WHERE m.id = $1`, [id]))[0];
  }

  async meetings(
    roots: string[] | null,
    filter: { termId?: string; status?: MeetingState; today: string },
    page: { limit: number; offset: number },
  ): Promise<{ rows: MeetingRow[]; total: number }> {
    const params: unknown[] = [];
    const where = [regionFilter('r.path', roots, params)];
    if (filter.termId) where.push(`m.term_id = $${params.push(filter.termId)}`);
    if (filter.status) where.push(meetingStateFilter(filter.status, () => `$${params.push(filter.today)}::date`));
    const whereSql = where.join(' AND ');
    const [{ total }] = await queryRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM meetings m JOIN congress_terms t ON t.id = m.term_id
       JOIN regions r ON r.id = t.region_id WHERE ${whereSql}`,
      params,
    );
    const rows = await queryRows<MeetingRow>(
      this.db,
      `${MEETING_SELECT} WHERE ${whereSql} ORDER BY m.meeting_date DESC, m.title
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { rows, total };
  }

  async agenda(meetingId: string): Promise<AgendaRow[]> {
    return queryRows<AgendaRow>(
      this.db,
      `SELECT a.id, a.meeting_id, a.position, a.title, a.committee, a.deputy_quota,
              (SELECT count(*)::int FROM meeting_invitations i WHERE i.agenda_item_id = a.id) AS invited
       FROM meeting_agenda_items a WHERE a.meeting_id = $1 ORDER BY a.position`,
      [meetingId],
    );
  }

  // -------------------------------------------------------------------------------------------------------------
  // Proposals: the term's deputies not invited to this meeting, never-attended first, then the fewest attendances

  async proposals(meeting: MeetingRow, todayChina: string, limit: number): Promise<ProposalRow[]> {
    return queryRows<ProposalRow>(
      this.db,
      `SELECT d.id, d.name, d.employer, d.post,
              count(i.id) FILTER (WHERE i.attendance IN ('present', 'late') AND m.status = 'planned')::int
                AS attendances,
              count(i.id) FILTER (WHERE i.attendance IS NULL AND m.status = 'planned' AND m.meeting_date >= $3::date
                                    AND i.status NOT IN ('on_leave', 'cancelled'))::int AS upcoming
       FROM term_deputies td
       JOIN deputies d ON d.id = td.deputy_id
       LEFT JOIN meetings m ON m.term_id = td.term_id AND m.id <> $2
       LEFT JOIN meeting_invitations i ON i.meeting_id = m.id AND i.deputy_id = d.id
       WHERE td.term_id = $1
         AND NOT EXISTS (SELECT 1 FROM meeting_invitations x WHERE x.meeting_id = $2 AND x.deputy_id = d.id)
       GROUP BY d.id
       ORDER BY attendances, upcoming, d.name, d.id
       LIMIT $4`,
      [meeting.term_id, meeting.id, todayChina, limit],
    );
  }

  /**
   * The term's deputies whose name contains `name` (all when empty), for staff who invite someone the proposals left
   * out: each with their attendances this term and, if invited to this meeting already, how.
   */
  async searchTermDeputies(meeting: MeetingRow, name: string, limit: number): Promise<DeputyCandidateRow[]> {
    return queryRows<DeputyCandidateRow>(
      this.db,
      `SELECT d.id, d.name, d.employer, d.post,
              (SELECT count(*)::int FROM meeting_invitations i JOIN meetings m ON m.id = i.meeting_id
                WHERE i.deputy_id = d.id AND m.term_id = td.term_id AND m.status = 'planned'
                  AND i.attendance IN ('present', 'late')) AS attendances,
              x.kind AS invited_kind
       FROM term_deputies td
       JOIN deputies d ON d.id = td.deputy_id
       LEFT JOIN meeting_invitations x ON x.meeting_id = $2 AND x.deputy_id = d.id
       WHERE td.term_id = $1 AND ($3 = '' OR d.name LIKE '%' || $3 || '%')
       ORDER BY d.name, d.id
       LIMIT $4`,
      [meeting.term_id, meeting.id, escapeLike(name), limit],
    );
  }

  async termDeputyIds(termId: string, deputyIds: string[]): Promise<Set<string>> {
    const rows = await queryRows<{ deputy_id: string }>(
      this.db,
      `SELECT deputy_id FROM term_deputies WHERE term_id = $1 AND deputy_id = ANY($2::uuid[])`,
      [termId, deputyIds],
    );
    return new Set(rows.map((r) => r.deputy_id));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Invitations

  async invitation(id: string): Promise<InvitationRow | undefined> {
    return (await queryRows<InvitationRow>(this.db, `${INVITATION_SELECT} WHERE i.id = $1`, [id]))[0];
  }

  async invitationsOfMeeting(meetingId: string, deputyIds?: string[]): Promise<InvitationRow[]> {
    const params: unknown[] = [meetingId];
    const only = deputyIds ? `AND i.deputy_id = ANY($${params.push(deputyIds)}::uuid[])` : '';
    return queryRows<InvitationRow>(
      this.db,
      `${INVITATION_SELECT} WHERE i.meeting_id = $1 ${only} ORDER BY i.kind DESC, a.position NULLS FIRST, d.name, d.id`,
      params,
    );
  }

  async invitationPage(
    where: string,
    params: unknown[],
    page: { limit: number; offset: number },
    order = 'm.meeting_date DESC, i.kind DESC, a.position NULLS FIRST, d.name, d.id',
  ): Promise<{ rows: InvitationRow[]; total: number }> {
    const [{ total }] = await queryRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM (${INVITATION_SELECT} WHERE ${where}) x`,
      params,
    );
    const rows = await queryRows<InvitationRow>(
      this.db,
      `${INVITATION_SELECT} WHERE ${where} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { rows, total };
  }

  async events(invitationId: string): Promise<InvitationEventRow[]> {
    return queryRows<InvitationEventRow>(
      this.db,
      `SELECT id::text AS id, step_key, type, actor_label, data, occurred_at FROM invitation_events
       WHERE invitation_id = $1 ORDER BY id`,
      [invitationId],
    );
  }

  // -------------------------------------------------------------------------------------------------------------
  // Speeches

  async speech(id: string): Promise<SpeechRow | undefined> {
    return (await queryRows<SpeechRow>(this.db, `${SPEECH_SELECT} WHERE s.id = $1`, [id]))[0];
  }

  async speechesOfMeeting(meetingId: string): Promise<SpeechRow[]> {
    return queryRows<SpeechRow>(
      this.db,
      `${SPEECH_SELECT} WHERE s.meeting_id = $1 ORDER BY a.position, s.recorded_at, d.name`,
      [meetingId],
    );
  }

  async speechesOfDeputy(deputyId: string): Promise<SpeechRow[]> {
    return queryRows<SpeechRow>(
      this.db,
      `${SPEECH_SELECT} WHERE s.deputy_id = $1 ORDER BY m.meeting_date DESC, a.position`,
      [deputyId],
    );
  }

  // -------------------------------------------------------------------------------------------------------------
  // Figures

  async meetingFigures(meetingId: string): Promise<MeetingFiguresRow | undefined> {
    return (
      await queryRows<MeetingFiguresRow>(this.db, `${FIGURES_SELECT} WHERE m.id = $1 GROUP BY m.id`, [meetingId])
    )[0];
  }

  /** Figures of the term's meetings held (not cancelled) with a date in [from, to). */
  async periodFigures(termId: string, from: string, to: string): Promise<MeetingFiguresRow[]> {
    return queryRows<MeetingFiguresRow>(
      this.db,
      `${FIGURES_SELECT}
       WHERE m.term_id = $1 AND m.status = 'planned' AND m.meeting_date >= $2::date AND m.meeting_date < $3::date
       GROUP BY m.id ORDER BY m.meeting_date, m.title`,
      [termId, from, to],
    );
  }

  async distinctAttendees(termId: string, from: string, to: string): Promise<number> {
    const [{ n }] = await queryRows<{ n: number }>(
      this.db,
      `SELECT count(DISTINCT i.deputy_id)::int AS n FROM meeting_invitations i JOIN meetings m ON m.id = i.meeting_id
       WHERE m.term_id = $1 AND m.status = 'planned' AND m.meeting_date >= $2::date AND m.meeting_date < $3::date
         AND i.attendance IN ('present', 'late')`,
      [termId, from, to],
    );
    return n;
  }

  async absences(
    meetingId: string,
  ): Promise<{ deputy_id: string; deputy_name: string; attendance: AttendanceMark; leave_reason: string | null }[]> {
    return queryRows(
      this.db,
      `SELECT d.id AS deputy_id, d.name AS deputy_name, i.attendance, i.leave_reason
       FROM meeting_invitations i JOIN deputies d ON d.id = i.deputy_id
       WHERE i.meeting_id = $1 AND i.attendance IN ('absent', 'on_leave') ORDER BY i.attendance, d.name`,
      [meetingId],
    );
  }

  /** The term's deputies who have not attended any of its meetings (present or late). */
  async notYetAttended(termId: string): Promise<DeputyRow[]> {
    return queryRows<DeputyRow>(
      this.db,
      `SELECT d.id, d.name, d.employer, d.post FROM term_deputies td JOIN deputies d ON d.id = td.deputy_id
       WHERE td.term_id = $1 AND NOT EXISTS (
         SELECT 1 FROM meeting_invitations i JOIN meetings m ON m.id = i.meeting_id
         WHERE m.term_id = td.term_id AND m.status = 'planned' AND i.deputy_id = d.id
           AND i.attendance IN ('present', 'late'))
       ORDER BY d.name, d.id`,
      [termId],
    );
  }

  /** A deputy's invitations to meetings dated in [from, to), for the performance file's attendance sheet. */
  invitationsOfDeputyIn(deputyId: string, period: { from: string; to: string }): Promise<DeputyInvitationRow[]> {
    return queryRows<DeputyInvitationRow>(
      this.db,
      `SELECT to_char(m.meeting_date, 'YYYY-MM-DD') AS meeting_date, m.title, m.status AS meeting_status, i.kind,
              a.title AS item_title, i.status, i.reply, i.leave_reason, i.attendance,
              (SELECT count(*)::int FROM meeting_speeches s WHERE s.meeting_id = m.id AND s.deputy_id = i.deputy_id)
                AS speeches,
              (SELECT coalesce(sum(cardinality(s.suggestions)), 0)::int FROM meeting_speeches s
                WHERE s.meeting_id = m.id AND s.deputy_id = i.deputy_id) AS suggestions
       FROM meeting_invitations i
       JOIN meetings m ON m.id = i.meeting_id
       LEFT JOIN meeting_agenda_items a ON a.id = i.agenda_item_id
       WHERE i.deputy_id = $1 AND m.meeting_date >= $2::date AND m.meeting_date < $3::date
       ORDER BY m.meeting_date, m.title`,
      [deputyId, period.from, period.to],
    );
  }
}
