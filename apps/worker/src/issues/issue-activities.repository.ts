// Owns the SQL of the issue workflow's activities: the facts routing and the mails need, the assignment rows of a
// step, and each recorded transition (the event, the issue row's patch and the rows beside it) in one transaction.
// The activities service decides and renders; this file alone talks to PostgreSQL.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { WorkingCalendar } from '@app/calendar';
import type { AssignDepartmentsInput, IssueRowPatch, RecordTransitionInput } from '@app/contracts';
import { appendStepEvent, queryRows, retryingTransaction, WorkingCalendarCache } from '@app/database';
import { MERGED_INTO_SQL, type NoticeLanguage } from '@app/mail';
import { findRoute, type Route } from '@app/routing';

export interface DepartmentToAssign {
  id: string;
  role: 'lead' | 'co';
  dueAt: string;
}

/** A user a notice is for: the mail goes to `email` (when set) in `language`. */
export interface NoticeUserRow {
  id: string;
  email: string | null;
  language: 'zh' | 'en';
}

export interface IssueSummaryRow {
  id: string;
  number: string;
  urgency: 'normal' | 'urgent';
  description: string;
  category: string;
  place: string;
  township: string;
  station: string;
}

@Injectable()
export class IssueActivitiesRepository {
  // Re-read whenever calendar_days changed, so an admin's calendar edit counts for the next deadline computed.
  private readonly calendar = new WorkingCalendarCache();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  workingCalendar(): Promise<WorkingCalendar> {
    return this.calendar.get(this.db);
  }

  /** The route the rules give the issue's category and place; null when no rule covers it. */
  async routeOf(issueId: string): Promise<Route | null> {
    const [issue] = await queryRows<{
      category_id: string;
      region_path: string;
    }>(this.db, `SELECT category_id, region_path FROM issues WHERE id = $1`, [issueId]);
    if (!issue) throw new Error(`Issue ${issueId} is not in the database`);
    return findRoute(this.db, { categoryId: issue.category_id, regionPath: issue.region_path });
  }

  /**
   * Writes the step's assignments in one transaction and, in the same transaction, whatever `alongside` records
   * with them (the assignment mails), given the id of each assignment by `role:departmentId`.
   */
  async assign(
    input: Pick<AssignDepartmentsInput, 'issueId' | 'round' | 'reason'>,
    departments: readonly DepartmentToAssign[],
    alongside: (tx: EntityManager, ids: ReadonlyMap<string, string>) => Promise<void>,
  ): Promise<void> {
    await retryingTransaction(this.db, 'assignDepartments', async (tx) => {
      // One deadline per issue, the current round's (defect 7b): a new round ends whatever an earlier round left
      // open (a co-handler that never answered), so no inbox keeps showing the first round's deadline.
      await tx.query(
        `UPDATE assignments SET status = 'withdrawn'
         WHERE issue_id = $1 AND round < $2 AND status IN ('assigned', 'acknowledged')`,
        [input.issueId, input.round],
      );
      if (input.reason === 'reassigned') {
        await tx.query(
          `UPDATE assignments SET status = 'withdrawn'
           WHERE issue_id = $1 AND round = $2 AND status IN ('assigned', 'acknowledged')
             AND NOT (department_id || ':' || role = ANY($3::text[]))`,
          [input.issueId, input.round, departments.map((d) => `${d.id}:${d.role}`)],
        );
      }
      const ids = new Map<string, string>();
      for (const d of departments) {
        // A department given the issue again in the same round (after a send-back or reassignment) gets its
        // assignment re-opened; a retry of this step finds it open and leaves it as it is.
        const [row] = await queryRows<{ id: string }>(
          tx,
          `INSERT INTO assignments (issue_id, department_id, role, round, status, due_at)
           VALUES ($1, $2, $3, $4, 'assigned', $5)
           ON CONFLICT (issue_id, department_id, round, role) DO UPDATE
             SET status = 'assigned', due_at = EXCLUDED.due_at, assigned_at = now(), acknowledged_at = NULL,
                 sent_back_at = NULL, send_back_reason = NULL
             WHERE assignments.status IN ('sent_back', 'withdrawn')
           RETURNING id`,
          [input.issueId, d.id, d.role, input.round, d.dueAt],
        );
        const id =
          row?.id ??
          (
            await queryRows<{ id: string }>(
              tx,
              `SELECT id FROM assignments WHERE issue_id = $1 AND department_id = $2 AND round = $3 AND role = $4`,
              [input.issueId, d.id, input.round, d.role],
            )
          )[0].id;
        ids.set(`${d.role}:${d.id}`, id);
      }

      await alongside(tx, ids);
    });
  }

  /** The event, the issue row's patch and the rows beside it, in one transaction; a retry writes nothing. */
  /**
   * Records a step; `alsoInStep` writes what must commit with it (mail to the outbox). False when an earlier attempt
   * already recorded this step.
   */
  async recordTransition(
    input: RecordTransitionInput,
    alsoInStep?: (tx: EntityManager) => Promise<void>,
  ): Promise<boolean> {
    return retryingTransaction(this.db, 'recordTransition', async (tx) => {
      if (!(await appendStepEvent(tx, 'issue_events', input.issueId, input))) return false; // this step was recorded by an earlier attempt
      await this.applyPatch(tx, input);
      await this.applySideRows(tx, input);
      await alsoInStep?.(tx);
      return true;
    });
  }

  /**
   * Officers holding one of `roles` whose scope covers the issue's place, optionally only at one region level: each
   * with the address and language of their mail (null address: in-app only).
   */
  async officers(issueId: string, roles: string[], level?: string): Promise<NoticeUserRow[]> {
    return queryRows<NoticeUserRow>(
      this.db,
      `SELECT DISTINCT u.id, u.email, u.language FROM issues i
       JOIN user_roles ur ON ur.role = ANY($2::text[])
       JOIN regions r ON r.id = ur.region_id AND (i.region_path = r.path OR i.region_path LIKE r.path || '/%')
       JOIN users u ON u.id = ur.user_id AND u.active
       WHERE i.id = $1 AND ($3::text IS NULL OR r.level = $3)`,
      [issueId, roles, level ?? null],
    );
  }

  /** The deputy's account that submitted the issue. */
  async deputyUsers(issueId: string): Promise<NoticeUserRow[]> {
    return queryRows<NoticeUserRow>(
      this.db,
      `SELECT u.id, u.email, u.language FROM issues i JOIN users u ON u.id = i.submitted_by_user_id WHERE i.id = $1`,
      [issueId],
    );
  }

  /** The active accounts that answer for these departments (their in-app notices; the mail goes to the department). */
  async departmentUsers(
    ids: string[],
    db: DataSource | EntityManager = this.db,
  ): Promise<{ id: string; department_id: string }[]> {
    if (ids.length === 0) return [];
    return queryRows<{ id: string; department_id: string }>(
      db,
      `SELECT id, department_id FROM users WHERE department_id = ANY($1::uuid[]) AND active ORDER BY id`,
      [ids],
    );
  }

  /** The deputies (with an address) of the issues merged into this one, with their own issue's id and number. */
  async mergedIssueDeputies(
    issueId: string,
  ): Promise<{ issueId: string; number: string; email: string; userId: string; language: NoticeLanguage }[]> {
    return queryRows<{ issueId: string; number: string; email: string; userId: string; language: NoticeLanguage }>(
      this.db,
      `${MERGED_INTO_SQL}
       SELECT i.id AS "issueId", i.number, u.email, u.id AS "userId", u.language
         FROM merged JOIN issues i ON i.id = merged.id
       JOIN users u ON u.id = i.submitted_by_user_id WHERE u.email IS NOT NULL ORDER BY i.number`,
      [issueId],
    );
  }

  /** Each department's name and address, by id. */
  async departments(
    ids: string[],
    db: DataSource | EntityManager = this.db,
  ): Promise<Map<string, { name: string; email: string | null }>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows<{
      id: string;
      name: string;
      email: string | null;
    }>(db, `SELECT id, name, email FROM departments WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** What every mail about the issue says of it: category, place, township, station, urgency and description. */
  async summary(issueId: string, db: DataSource | EntityManager = this.db): Promise<IssueSummaryRow> {
    const [row] = await queryRows<IssueSummaryRow>(
      db,
      `SELECT i.id, i.number, i.urgency, i.description, c.name_zh AS category, p.name AS place, t.name AS township, s.name AS station
       FROM issues i
       JOIN issue_categories c ON c.id = i.category_id
       JOIN regions p ON p.id = i.place_region_id
       JOIN regions t ON t.id = i.township_region_id
       JOIN stations s ON s.id = i.station_id
       WHERE i.id = $1`,
      [issueId],
    );
    if (!row) throw new Error(`Issue ${issueId} is not in the database`);
    return row;
  }

  // ---------------------------------------------------------------------------------------------------------------

  private async applyPatch(tx: EntityManager, input: RecordTransitionInput): Promise<void> {
    const patch: IssueRowPatch = input.patch ?? {};
    const sets: string[] = [];
    const values: unknown[] = [input.issueId];
    const set = (sql: string, value: unknown) => {
      values.push(value);
      sets.push(sql.replace('?', `$${values.length}`));
    };
    if (input.status) set('status = ?', input.status);
    if (patch.round !== undefined) set('round = ?', patch.round);
    if (patch.escalationLevel !== undefined) set('escalation_level = ?', patch.escalationLevel);
    if (patch.leadDepartmentId !== undefined) set('lead_department_id = ?', patch.leadDepartmentId);
    if (patch.dueAt !== undefined) set('due_at = ?', patch.dueAt);
    if (patch.replyClass !== undefined) set('reply_class = ?', patch.replyClass);
    if (patch.promisedDate !== undefined) set('promised_date = ?', patch.promisedDate);
    if (patch.rating !== undefined) set('satisfaction = ?', patch.rating);
    if (patch.closedAt !== undefined) set('closed_at = ?', patch.closedAt);
    if (patch.repliedAt) {
      set('last_replied_at = ?', patch.repliedAt);
      sets.push(`first_replied_at = COALESCE(first_replied_at, $${values.length})`);
    }
    if (input.type === 'assigned' || input.type === 'reassigned') set('assigned_at = ?', input.at);
    if (input.type === 'sent_back') sets.push('send_back_count = send_back_count + 1');
    if (sets.length === 0) return;
    await tx.query(`UPDATE issues SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, values);
  }

  /** The rows beside the issue that a step changes: assignments, replies, feedback. */
  private async applySideRows(tx: EntityManager, input: RecordTransitionInput): Promise<void> {
    const data = input.data;
    const [issue] = await queryRows<{ round: number; lead_department_id: string | null; due_at: Date | null }>(
      tx,
      `SELECT round, lead_department_id, due_at FROM issues WHERE id = $1`,
      [input.issueId],
    );
    switch (input.type) {
      case 'acknowledged':
        await tx.query(
          `UPDATE assignments SET status = 'acknowledged', acknowledged_at = $4
           WHERE issue_id = $1 AND department_id = $2 AND round = $3 AND status = 'assigned'`,
          [input.issueId, data.departmentId, issue.round, input.at],
        );
        return;
      case 'sent_back':
        await tx.query(
          `UPDATE assignments
           SET status = CASE WHEN role = 'lead' THEN 'sent_back' ELSE 'withdrawn' END,
               sent_back_at = CASE WHEN role = 'lead' THEN $3::timestamptz END,
               send_back_reason = CASE WHEN role = 'lead' THEN $4 END
           WHERE issue_id = $1 AND round = $2 AND status IN ('assigned', 'acknowledged')`,
          [input.issueId, issue.round, input.at, data.reason ?? null],
        );
        return;
      case 'co_handler_input':
        await tx.query(
          `UPDATE assignments SET status = 'answered', input_text = $4, answered_at = $5
           WHERE issue_id = $1 AND department_id = $2 AND round = $3 AND role = 'co' AND status <> 'withdrawn'`,
          [input.issueId, data.departmentId, issue.round, data.text, input.at],
        );
        return;
      case 'replied':
      case 'follow_up_replied':
        await this.insertReply(tx, input, issue);
        return;
      case 'rated':
      case 'not_rated':
        await tx.query(
          `INSERT INTO feedback (issue_id, round, rating, comment, rated_by_user_id, rated_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (issue_id, round) DO NOTHING`,
          [
            input.issueId,
            issue.round,
            input.type === 'rated' ? data.rating : 'not_rated',
            typeof data.comment === 'string' ? data.comment : null,
            input.actor?.userId ?? null,
            input.at,
          ],
        );
        return;
      case 'extended':
        // The lead's assignment carries the deadline in force, so a reply within an extension is on time.
        if (input.patch?.dueAt) {
          await tx.query(
            `UPDATE assignments SET due_at = $3
             WHERE issue_id = $1 AND round = $2 AND role = 'lead' AND status IN ('assigned', 'acknowledged')`,
            [input.issueId, issue.round, input.patch.dueAt],
          );
        }
        return;
      case 'closed':
        await tx.query(
          `UPDATE assignments SET status = 'withdrawn' WHERE issue_id = $1 AND status IN ('assigned', 'acknowledged')`,
          [input.issueId],
        );
        return;
      case 'merged':
        // Merged into another issue: its assignments end, the row points at the target, and the target's log says
        // which issue joined it (its own event, under a key of this issue's step, so a retry writes it once).
        await tx.query(
          `UPDATE assignments SET status = 'withdrawn' WHERE issue_id = $1 AND status IN ('assigned', 'acknowledged')`,
          [input.issueId],
        );
        await tx.query(`UPDATE issues SET merged_into_issue_id = $2 WHERE id = $1`, [
          input.issueId,
          data.targetIssueId,
        ]);
        await appendStepEvent(tx, 'issue_events', String(data.targetIssueId), {
          stepKey: `merged-from:${input.issueId}`,
          type: 'merge_received',
          at: input.at,
          actor: input.actor,
          data: { mergedIssueId: input.issueId, ...(data.reason ? { reason: data.reason } : {}) },
        });
        return;
      case 'merge_received': // written beside a `merged` step, never by a workflow
        return;
      case 'co_handlers_released':
        // The lead replied without their input: their assignments end (the event says why), out of their inboxes.
        await tx.query(
          `UPDATE assignments SET status = 'withdrawn'
           WHERE issue_id = $1 AND round = $2 AND role = 'co' AND department_id = ANY($3::uuid[])
             AND status IN ('assigned', 'acknowledged')`,
          [input.issueId, issue.round, data.departmentIds],
        );
        return;
      case 'triage':
      case 'assigned': // the assignment rows are assignDepartments' work
      case 'reassigned':
      case 'co_handler_overdue':
      case 'reminder':
      case 'overdue':
      case 'escalated':
      case 'urged':
      case 'follow_up_missed':
        return; // the event and the issue row say it all
    }
  }

  private async insertReply(
    tx: EntityManager,
    input: RecordTransitionInput,
    issue: { round: number; lead_department_id: string | null },
  ): Promise<void> {
    const data = input.data;
    const [lead] = await queryRows<{ id: string; department_id: string; due_at: Date }>(
      tx,
      `SELECT id, department_id, due_at FROM assignments
       WHERE issue_id = $1 AND round = $2 AND role = 'lead' AND status <> 'withdrawn'
       ORDER BY assigned_at DESC LIMIT 1`,
      [input.issueId, issue.round],
    );
    if (!lead) throw new Error(`Issue ${input.issueId} has no lead assignment in round ${issue.round}`);
    const followUp = input.type === 'follow_up_replied';
    const onTime = input.onTime ?? (await this.onTimeAsRecorded(tx, input, lead.due_at));
    await tx.query(
      `INSERT INTO replies (issue_id, assignment_id, department_id, round, kind, reply_class, text, promised_date,
                            replied_by_user_id, replied_at, on_time, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (issue_id, request_id) DO NOTHING`,
      [
        input.issueId,
        lead.id,
        lead.department_id,
        issue.round,
        followUp ? 'follow_up' : 'reply',
        data.replyClass,
        data.text,
        typeof data.promisedDate === 'string' ? data.promisedDate : null,
        input.actor?.userId ?? null,
        input.at,
        onTime,
        data.requestId,
      ],
    );
    // A class B reply keeps the assignment open for the follow-up; a final one answers it.
    if (data.replyClass !== 'B') {
      await tx.query(`UPDATE assignments SET status = 'answered', answered_at = $2 WHERE id = $1`, [lead.id, input.at]);
    }
  }

  /**
   * For a reply the workflow did not judge (a task scheduled by a worker older than `onTime`): on time when it was
   * recorded by the deadline; a follow-up, by the date it promised (grace included).
   */
  private async onTimeAsRecorded(tx: EntityManager, input: RecordTransitionInput, leadDueAt: Date): Promise<boolean> {
    const [promise] =
      input.type === 'follow_up_replied'
        ? await queryRows<{ due: string | null }>(
            tx,
            `SELECT data->>'followUpDueAt' AS due FROM issue_events
             WHERE issue_id = $1 AND type = 'replied' ORDER BY id DESC LIMIT 1`,
            [input.issueId],
          )
        : [];
    const dueAt = promise?.due ? new Date(promise.due) : leadDueAt;
    return new Date(input.at).getTime() <= dueAt.getTime();
  }
}
