// Owns the issue workflow's side effects: routing, deadlines, assignments and their emails, notifications, and
// the read model. Every method is idempotent by (issue, step key): Temporal retries an activity whose result it
// did not see, and a retry must never write a second row or send a second email. Emails are only recorded in the
// outbox (with the step's rows where the step has a transaction); the worker's MailDeliverer sends them, so a mail
// server that refuses or hangs delays mail and holds up no step.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { addWorkingDays, chinaDay, endOfChinaDay, subtractWorkingDays, type WorkingCalendar } from '@app/calendar';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type {
  AssignDepartmentsInput,
  ComputeDeadlinesInput,
  IssueActivities,
  IssueRowPatch,
  NotifyInput,
  RecordTransitionInput,
  RouteDecision,
  RouteIssueInput,
} from '@app/contracts';
import { ESCALATION_REGION_LEVELS } from '@app/contracts';
import { appendStepEvent, queryRows, retryingTransaction, WorkingCalendarCache } from '@app/database';
import { enqueueIssueVoterNotices, MailOutbox, type OutboxMail, voterTrackUrl } from '@app/mail';
import { mintReplyLink } from '@app/reply-links';
import { findRoute } from '@app/routing';
import { assignmentMail, notificationMail, type IssueSummary } from './issue-mail';

@Injectable()
export class IssueActivitiesService implements IssueActivities {
  // Re-read whenever calendar_days changed, so an admin's calendar edit counts for the next deadline computed.
  private readonly calendar = new WorkingCalendarCache();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MailOutbox) private readonly outbox: MailOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async routeIssue({ issueId }: RouteIssueInput): Promise<RouteDecision | null> {
    const [issue] = await queryRows<{
      category_id: string;
      region_path: string;
    }>(this.db, `SELECT category_id, region_path FROM issues WHERE id = $1`, [issueId]);
    if (!issue) throw new Error(`Issue ${issueId} is not in the database`);
    const route = await findRoute(this.db, { categoryId: issue.category_id, regionPath: issue.region_path });
    return route
      ? {
          leadDepartmentId: route.leadDepartmentId,
          coHandlerDepartmentIds: route.coDepartmentIds,
          ruleKey: route.ruleId,
        }
      : null;
  }

  async computeDeadlines({ fromInstant, workingDays }: ComputeDeadlinesInput): Promise<string[]> {
    const demoDay = this.config.DEMO_WORKING_DAY_SECONDS;
    if (demoDay) {
      // The demo clock (never in production): n working days are n × DEMO_WORKING_DAY_SECONDS from the instant.
      return workingDays.map((n) => new Date(new Date(fromInstant).getTime() + n * demoDay * 1000).toISOString());
    }
    const calendar = await this.workingCalendar();
    const day = chinaDay(new Date(fromInstant));
    return workingDays.map((n) =>
      endOfChinaDay(n >= 0 ? addWorkingDays(day, n, calendar) : subtractWorkingDays(day, -n, calendar)).toISOString(),
    );
  }

  async assignDepartments(input: AssignDepartmentsInput): Promise<void> {
    const departments = [
      { id: input.leadDepartmentId, role: 'lead' as const, dueAt: input.dueAt },
      ...input.coHandlerDepartmentIds.map((id) => ({
        id,
        role: 'co' as const,
        dueAt: input.coHandlerDueAt ?? input.dueAt,
      })),
    ];
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

      // The assignment emails commit with the assignments: none without its assignment, none lost after it.
      const summary = await this.summary(input.issueId, tx);
      const names = await this.departments(
        departments.map((d) => d.id),
        tx,
      );
      const mails: OutboxMail[] = [];
      for (const d of departments) {
        const department = names.get(d.id);
        if (!department?.email) continue;
        const assignmentId = ids.get(`${d.role}:${d.id}`)!;
        const replyLinkUrl =
          d.role === 'lead' ? mintReplyLink(this.config, assignmentId, d.id, new Date()).url : undefined;
        const mail = assignmentMail(summary, {
          role: d.role,
          departmentName: department.name,
          dueAt: d.dueAt,
          replyLinkUrl,
          note: input.note,
        });
        mails.push({
          dedupeKey: `${input.issueId}:${input.stepKey}:${d.role}:${d.id}`,
          issueId: input.issueId,
          to: [department.email],
          ...mail,
        });
      }
      await this.outbox.enqueue(mails, tx);
    });
  }

  async notify(input: NotifyInput): Promise<void> {
    const summary = await this.summary(input.issueId);
    const recipients = await this.recipientsFor(input, summary);
    const mail = notificationMail(summary, {
      kind: input.kind,
      dueAt: input.dueAt,
      escalationName: input.escalation?.name,
      data: input.data,
    });
    // One statement, no SMTP: the deliverer sends them.
    await this.outbox.enqueue(
      recipients.map((address) => ({
        dedupeKey: `${input.issueId}:${input.stepKey}:${input.kind}:${address}`,
        issueId: input.issueId,
        to: [address],
        ...mail,
      })),
    );
  }

  async recordTransition(input: RecordTransitionInput): Promise<void> {
    await retryingTransaction(this.db, 'recordTransition', async (tx) => {
      if (!(await appendStepEvent(tx, 'issue_events', input.issueId, input))) return; // this step was recorded by an earlier attempt
      await this.applyPatch(tx, input);
      await this.applySideRows(tx, input);
      await this.tellVoters(tx, input);
    });
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Voters who wrote through a QR code hear that their issue was answered or closed, with the step's commit. */
  private async tellVoters(tx: EntityManager, input: RecordTransitionInput): Promise<void> {
    const kind = input.type === 'replied' || input.type === 'follow_up_replied' ? 'answered' : input.type;
    if (kind !== 'answered' && kind !== 'closed') return;
    await enqueueIssueVoterNotices(tx, input.issueId, kind, input.stepKey, voterTrackUrl(this.config.PUBLIC_URL));
  }

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

  private async recipientsFor(input: NotifyInput, summary: IssueSummary): Promise<string[]> {
    const departmentEmails = [...(await this.departments(input.departmentIds)).values()]
      .map((d) => d.email)
      .filter((email): email is string => !!email);
    const officers = (roles: string[], level?: string) => this.officerEmails(summary.issueId, roles, level);
    const deputy = () => this.deputyEmails(input.issueId);
    let extra: string[] = [];
    switch (input.kind) {
      case 'triage_needed':
        extra = await officers(['liaison']);
        break;
      case 'overdue':
      case 'follow_up_missed':
        extra = await officers(['supervisor']);
        break;
      case 'escalation':
        extra = await officers(['liaison', 'supervisor'], ESCALATION_REGION_LEVELS[input.escalation?.level ?? 1]);
        break;
      case 'interim_reply':
      case 'feedback_requested':
      case 'rehandling':
      case 'closed':
        extra = await deputy();
        break;
      case 'reminder':
      case 'co_handler_due':
      case 'urge':
      case 'extension':
        break;
    }
    return [...new Set([...departmentEmails, ...extra])].sort();
  }

  /** Officers holding one of `roles` whose scope covers the issue's place, optionally only at one region level. */
  private async officerEmails(issueId: string, roles: string[], level?: string): Promise<string[]> {
    const rows = await queryRows<{ email: string }>(
      this.db,
      `SELECT DISTINCT u.email FROM issues i
       JOIN user_roles ur ON ur.role = ANY($2::text[])
       JOIN regions r ON r.id = ur.region_id AND (i.region_path = r.path OR i.region_path LIKE r.path || '/%')
       JOIN users u ON u.id = ur.user_id AND u.active AND u.email IS NOT NULL
       WHERE i.id = $1 AND ($3::text IS NULL OR r.level = $3)`,
      [issueId, roles, level ?? null],
    );
    return rows.map((r) => r.email);
  }

  private async deputyEmails(issueId: string): Promise<string[]> {
    const rows = await queryRows<{ email: string }>(
      this.db,
      `SELECT u.email FROM issues i JOIN users u ON u.id = i.submitted_by_user_id
       WHERE i.id = $1 AND u.email IS NOT NULL`,
      [issueId],
    );
    return rows.map((r) => r.email);
  }

  private async departments(
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

  private async summary(issueId: string, db: DataSource | EntityManager = this.db): Promise<IssueSummary> {
    const [row] = await queryRows<{
      id: string;
      urgency: 'normal' | 'urgent';
      description: string;
      category: string;
      place: string;
      township: string;
      station: string;
    }>(
      db,
      `SELECT i.id, i.urgency, i.description, c.name_zh AS category, p.name AS place, t.name AS township, s.name AS station
       FROM issues i
       JOIN issue_categories c ON c.id = i.category_id
       JOIN regions p ON p.id = i.place_region_id
       JOIN regions t ON t.id = i.township_region_id
       JOIN stations s ON s.id = i.station_id
       WHERE i.id = $1`,
      [issueId],
    );
    if (!row) throw new Error(`Issue ${issueId} is not in the database`);
    return {
      issueId,
      categoryName: row.category,
      placeName: row.place === row.township ? row.place : `${row.township}${row.place}`,
      stationName: row.station,
      urgency: row.urgency,
      description: row.description,
      url: new URL(`/issues/${issueId}`, this.config.PUBLIC_URL).toString(),
    };
  }

  private workingCalendar(): Promise<WorkingCalendar> {
    return this.calendar.get(this.db);
  }
}
