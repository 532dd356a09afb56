// Owns the SQL the API writes to the attendance tables: meetings and their agendas, invitations (each with its
// 'invited' event), attendance marks (with their event, in one transaction), and speeches. Reads are in
// attendance.repository.ts; what the invitation workflow writes goes through the worker's activities.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, AttendanceMark, InvitationKind } from '@app/contracts';
import { queryRows } from '@app/database';

export interface NewMeeting {
  termId: string;
  title: string;
  meetingDate: string;
  location: string | null;
  materials: string | null;
  wholeMeetingQuota: number;
  createdByUserId: string;
  agenda: { title: string; committee: string; deputyQuota: number }[];
}

export interface MeetingChange {
  title: string | null;
  location: string | null;
  materials: string | null;
  wholeMeetingQuota: number | null;
}

export interface NewSpeech {
  meetingId: string;
  agendaItemId: string;
  deputyId: string;
  text: string;
  suggestions: string[];
  recordedByUserId: string;
}

@Injectable()
export class AttendanceWritesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The meeting and its agenda in one transaction; its id. */
  createMeeting(meeting: NewMeeting): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [row] = await queryRows<{ id: string }>(
        tx,
        `INSERT INTO meetings (term_id, title, meeting_date, location, materials, whole_meeting_quota, created_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          meeting.termId,
          meeting.title,
          meeting.meetingDate,
          meeting.location,
          meeting.materials,
          meeting.wholeMeetingQuota,
          meeting.createdByUserId,
        ],
      );
      for (const [index, item] of meeting.agenda.entries()) {
        await tx.query(
          `INSERT INTO meeting_agenda_items (meeting_id, position, title, committee, deputy_quota)
           VALUES ($1, $2, $3, $4, $5)`,
          [row.id, index + 1, item.title, item.committee, item.deputyQuota],
        );
      }
      return row.id;
    });
  }

  /** Changes what is given (null keeps the value). */
  async updateMeeting(id: string, change: MeetingChange): Promise<void> {
    await this.db.query(
      `UPDATE meetings SET title = COALESCE($2, title), location = COALESCE($3, location),
              materials = COALESCE($4, materials), whole_meeting_quota = COALESCE($5, whole_meeting_quota),
              updated_at = now()
       WHERE id = $1`,
      [id, change.title, change.location, change.materials, change.wholeMeetingQuota],
    );
  }

  async deleteMeeting(id: string): Promise<void> {
    await this.db.query(`DELETE FROM meetings WHERE id = $1`, [id]);
  }

  /** Marks a planned meeting cancelled (a cancelled one stays as it was). */
  async cancelMeeting(id: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE meetings SET status = 'cancelled', cancel_reason = $2, cancelled_at = now(), updated_at = now()
       WHERE id = $1 AND status = 'planned'`,
      [id, reason],
    );
  }

  /**
   * Invites each deputy not yet invited, with its 'invited' event, in one transaction. A deputy a concurrent request
   * invited meanwhile is skipped: the caller reads the invitations back.
   */
  async invite(
    meetingId: string,
    deputyIds: readonly string[],
    invitation: { kind: InvitationKind; agendaItemId: string | null },
    actor: Actor,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const deputyId of deputyIds) {
        const [row] = await queryRows<{ id: string }>(
          tx,
          `INSERT INTO meeting_invitations (meeting_id, deputy_id, kind, agenda_item_id, invited_by_user_id)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (meeting_id, deputy_id) DO NOTHING RETURNING id`,
          [meetingId, deputyId, invitation.kind, invitation.agendaItemId, actor.userId],
        );
        if (!row) continue;
        await this.appendEvent(tx, {
          invitationId: row.id,
          stepKey: 'invited',
          type: 'invited',
          actor,
          data: { kind: invitation.kind, agendaItemId: invitation.agendaItemId },
        });
      }
    });
  }

  /** The attendance mark and its event in one transaction; the same step key again changes nothing. */
  async recordAttendance(
    invitationId: string,
    stepKey: string,
    mark: { mark: AttendanceMark; note: string | null; previous: AttendanceMark | null },
    actor: Actor,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const recorded = await this.appendEvent(tx, {
        invitationId,
        stepKey,
        type: 'attendance_recorded',
        actor,
        data: { mark: mark.mark, ...(mark.note ? { note: mark.note } : {}), previous: mark.previous },
      });
      if (!recorded) return; // the same request again
      await tx.query(
        `UPDATE meeting_invitations SET attendance = $2, attendance_note = $3, attendance_recorded_at = now(),
                attendance_recorded_by_user_id = $4, updated_at = now()
         WHERE id = $1`,
        [invitationId, mark.mark, mark.note, actor.userId],
      );
    });
  }

  /**
   * Marks present, in one transaction, every invitation of the meeting whose attendance is not taken yet, except the
   * deputies on leave or asking for it (their request is decided first) and cancelled ones: rows marked meanwhile by
   * hand are locked and left as they are. Answers the invitations marked.
   */
  async markAllPresent(meetingId: string, stepKey: string, actor: Actor): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const rows = await queryRows<{ id: string }>(
        tx,
        `SELECT id FROM meeting_invitations
          WHERE meeting_id = $1 AND attendance IS NULL
            AND status NOT IN ('on_leave', 'leave_requested', 'cancelled')
          ORDER BY id FOR UPDATE`,
        [meetingId],
      );
      const marked: string[] = [];
      for (const { id } of rows) {
        const recorded = await this.appendEvent(tx, {
          invitationId: id,
          stepKey,
          type: 'attendance_recorded',
          actor,
          data: { mark: 'present', previous: null, bulk: true },
        });
        if (!recorded) continue;
        await tx.query(
          `UPDATE meeting_invitations SET attendance = 'present', attendance_recorded_at = now(),
                  attendance_recorded_by_user_id = $2, updated_at = now()
           WHERE id = $1`,
          [id, actor.userId],
        );
        marked.push(id);
      }
      return marked;
    });
  }

  /** Closes a held meeting's record; false when it is cancelled or closed already. */
  async closeMeeting(id: string, userId: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      this.db,
      `UPDATE meetings SET closed_at = now(), closed_by_user_id = $2, updated_at = now()
       WHERE id = $1 AND status = 'planned' AND closed_at IS NULL RETURNING id`,
      [id, userId],
    );
    return rows.length > 0;
  }

  /** Records a speech, or replaces one not yet signed off; null when the speaker signed it off already. */
  async recordSpeech(speech: NewSpeech): Promise<string | null> {
    const [row] = await queryRows<{ id: string }>(
      this.db,
      `INSERT INTO meeting_speeches (meeting_id, agenda_item_id, deputy_id, text, suggestions, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (agenda_item_id, deputy_id) DO UPDATE
         SET text = EXCLUDED.text, suggestions = EXCLUDED.suggestions, recorded_by_user_id = EXCLUDED.recorded_by_user_id,
             recorded_at = now(), updated_at = now()
         WHERE meeting_speeches.status = 'awaiting_signoff'
       RETURNING id`,
      [
        speech.meetingId,
        speech.agendaItemId,
        speech.deputyId,
        speech.text,
        speech.suggestions,
        speech.recordedByUserId,
      ],
    );
    return row?.id ?? null;
  }

  /** Signs a speech off, with the speaker's corrected text if any (the transcript is kept); false if done already. */
  async signOffSpeech(id: string, correctedText: string | null): Promise<boolean> {
    const updated = await queryRows<{ id: string }>(
      this.db,
      `UPDATE meeting_speeches
       SET status = $2, original_text = CASE WHEN $2 = 'corrected' THEN text END,
           text = COALESCE($3, text), signed_off_at = now(), updated_at = now()
       WHERE id = $1 AND status = 'awaiting_signoff' RETURNING id`,
      [id, correctedText === null ? 'signed_off' : 'corrected', correctedText],
    );
    return updated.length > 0;
  }

  /** Appends an event the API records (invitation, attendance) in the caller's transaction; false if it was there. */
  private async appendEvent(
    tx: EntityManager,
    event: { invitationId: string; stepKey: string; type: string; actor: Actor; data: object },
  ): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      tx,
      `INSERT INTO invitation_events (invitation_id, step_key, type, actor_user_id, actor_label, data)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (invitation_id, step_key) DO NOTHING RETURNING id`,
      [event.invitationId, event.stepKey, event.type, event.actor.userId, event.actor.label, event.data],
    );
    return rows.length > 0;
  }
}
