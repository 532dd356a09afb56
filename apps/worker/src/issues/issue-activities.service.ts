// Owns the issue workflow's side effects: routing, deadlines, assignments and their emails, notifications, and
// the read model. Every method is idempotent by (issue, step key): Temporal retries an activity whose result it
// did not see, and a retry must never write a second row or send a second email. Emails are only recorded in the
// outbox (with the step's rows where the step has a transaction); the worker's MailDeliverer sends them, so a mail
// server that refuses or hangs delays mail and holds up no step. The SQL is in issue-activities.repository.ts.
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addWorkingDays, chinaDay, endOfChinaDay, subtractWorkingDays } from '@app/calendar';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type {
  AssignDepartmentsInput,
  ComputeDeadlinesInput,
  IssueActivities,
  NotifyInput,
  RecordTransitionInput,
  RouteDecision,
  RouteIssueInput,
} from '@app/contracts';
import { COMMAND_ADMISSION_MS, ESCALATION_REGION_LEVELS, type TransitionType } from '@app/contracts';
import { enqueueIssueVoterNotices, type Notice, type NoticeMailbox, Notices, voterTrackUrl } from '@app/mail';
import { PersonalDataCipher } from '@app/personal-data';
import { WorkerMetrics } from '@app/observability';
import { mintReplyLink } from '@app/reply-links';
import { enqueueWebhookDeliveries } from '@app/webhooks';
import { IssueActivitiesRepository, type NoticeUserRow } from './issue-activities.repository';
import { assignmentMail, mergedIssueMail, notificationMail, type IssueSummary } from './issue-mail';

/** The transitions a workflow timer makes (an escalation too, unless a supervisor referred the issue upward). */
const TIMER_STEPS: ReadonlySet<TransitionType> = new Set<TransitionType>([
  'reminder',
  'overdue',
  'co_handler_overdue',
  'follow_up_missed',
  'not_rated',
  'escalated',
]);

@Injectable()
// pendingCommands reads operations.command_receipts alone: CommandReceiptsRepository answers it (see activities.ts).
export class IssueActivitiesService implements Omit<IssueActivities, 'pendingCommands'> {
  constructor(
    @Inject(IssueActivitiesRepository) private readonly repository: IssueActivitiesRepository,
    @Inject(Notices) private readonly notices: Notices,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
    @Optional() @Inject(WorkerMetrics) private readonly metrics?: WorkerMetrics,
  ) {}

  async routeIssue({ issueId }: RouteIssueInput): Promise<RouteDecision | null> {
    const route = await this.repository.routeOf(issueId);
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
    const calendar = await this.repository.workingCalendar();
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
    await this.repository.assign(input, departments, async (tx, ids) => {
      // The assignment notices (mail to the department, in-app to its users) commit with the assignments: none
      // without its assignment, none lost after it.
      const summary = await this.summary(input.issueId, tx);
      const deptIds = departments.map((d) => d.id);
      const names = await this.repository.departments(deptIds, tx);
      const users = await this.repository.departmentUsers(deptIds, tx);
      const notices: Notice[] = [];
      for (const d of departments) {
        const department = names.get(d.id);
        if (!department) continue;
        const assignmentId = ids.get(`${d.role}:${d.id}`)!;
        const replyLinkUrl =
          d.role === 'lead' && department.email
            ? mintReplyLink(this.config, assignmentId, d.id, new Date()).url
            : undefined;
        notices.push({
          key: `${input.issueId}:${input.stepKey}:${d.role}`,
          issueId: input.issueId,
          kind: d.role === 'lead' ? 'assigned' : 'co_assigned',
          // Keyed by department as before this channel existed: a retried step finds its mail already queued.
          mailboxes: department.email ? [{ key: d.id, address: department.email, language: 'zh' }] : [],
          users: users.filter((u) => u.department_id === d.id).map((u) => ({ id: u.id })),
          render: assignmentMail(summary, {
            role: d.role,
            departmentName: department.name,
            dueAt: d.dueAt,
            replyLinkUrl,
            note: input.note,
          }),
        });
      }
      await this.notices.send(notices, tx);
    });
  }

  async notify(input: NotifyInput): Promise<void> {
    const summary = await this.summary(input.issueId);
    const { mailboxes, users } = await this.recipientsFor(input, summary);
    // Mail and in-app rows in one transaction, no SMTP: the deliverer sends the mail.
    await this.notices.send([
      {
        key: `${input.issueId}:${input.stepKey}:${input.kind}`,
        issueId: input.issueId,
        kind: input.kind,
        mailboxes,
        users,
        render: notificationMail(summary, {
          kind: input.kind,
          dueAt: input.dueAt,
          escalationName: input.escalation?.name,
          data: input.data,
        }),
      },
      ...(await this.mergedDeputyNotices(input, summary, new Set(mailboxes.map((m) => m.address)))),
    ]);
  }

  /**
   * The deputies of the issues merged into this one hear its reply and its closing (issue #15 item 4: merged issues
   * share one reply); each under their own issue's number, once per step, and not twice when they filed both.
   */
  private async mergedDeputyNotices(
    input: NotifyInput,
    summary: IssueSummary,
    already: Set<string>,
  ): Promise<Notice[]> {
    const kind = input.kind;
    if (kind !== 'interim_reply' && kind !== 'feedback_requested' && kind !== 'closed') return [];
    const deputies = await this.repository.mergedIssueDeputies(input.issueId);
    return deputies
      .filter((deputy) => !already.has(deputy.email))
      .map((deputy) => ({
        key: `${input.issueId}:${input.stepKey}:${kind}:merged:${deputy.issueId}`,
        issueId: deputy.issueId,
        kind,
        mailboxes: [{ key: deputy.email, address: deputy.email, language: deputy.language }],
        users: [{ id: deputy.userId }],
        render: mergedIssueMail(summary, kind, deputy.number, input.data),
      }));
  }

  async recordTransition(input: RecordTransitionInput): Promise<void> {
    const recorded = await this.repository.recordTransition(input, async (tx) => {
      await this.tellVoters(tx, input);
      // The webhook endpoints' outbox rows commit with the event: announced once, never lost (issue #15 item 6).
      await enqueueWebhookDeliveries(tx, input.issueId, input.stepKey);
    });
    if (recorded) this.count(input);
  }

  /** Voters who wrote through a QR code hear that their issue was answered or closed, with the step's commit. */
  private async tellVoters(tx: EntityManager, input: RecordTransitionInput): Promise<void> {
    const kind = input.type === 'replied' || input.type === 'follow_up_replied' ? 'answered' : input.type;
    if (kind !== 'answered' && kind !== 'closed' && kind !== 'merged') return;
    await enqueueIssueVoterNotices(
      tx,
      this.cipher,
      input.issueId,
      kind,
      input.stepKey,
      voterTrackUrl(this.config.PUBLIC_URL),
    );
  }

  /** The worker's metrics of a step recorded now (once: a retry that finds it recorded counts nothing). */
  private count(input: RecordTransitionInput): void {
    if (!this.metrics) return;
    const trigger = input.data.trigger;
    if (input.type === 'escalated') this.metrics.escalations.inc({ level: String(input.data.level) });
    if (TIMER_STEPS.has(input.type) && !(input.type === 'escalated' && trigger === 'referred')) {
      // A timer step's `at` is its planned instant; it acts COMMAND_ADMISSION_MS after it on purpose.
      const lateMs = Date.now() - Date.parse(input.at) - COMMAND_ADMISSION_MS;
      this.metrics.timerLateness.observe({ step: input.type }, Math.max(0, lateMs) / 1000);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  /**
   * Who hears of a notification: the departments' mailboxes (Chinese) and their users (in-app), and the officers or
   * the deputy the kind concerns (mail in their language when they have an address, in-app always).
   */
  private async recipientsFor(
    input: NotifyInput,
    summary: IssueSummary,
  ): Promise<{ mailboxes: NoticeMailbox[]; users: { id: string }[] }> {
    const departmentMailboxes = [...(await this.repository.departments(input.departmentIds)).values()]
      .map((d) => d.email)
      .filter((email): email is string => !!email)
      .map((address): NoticeMailbox => ({ key: address, address, language: 'zh' }));
    const departmentUsers = await this.repository.departmentUsers(input.departmentIds);
    const officers = (roles: string[], level?: string) => this.repository.officers(summary.issueId, roles, level);
    const deputy = () => this.repository.deputyUsers(input.issueId);
    let extra: NoticeUserRow[] = [];
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
      case 'merged':
        extra = await deputy();
        break;
      case 'reminder':
      case 'co_handler_due':
      case 'urge':
      case 'extension':
        break;
    }
    // One mail per address (a department's address may be an officer's too): the department's wording, Chinese.
    const mailboxes = new Map(departmentMailboxes.map((m) => [m.address, m]));
    for (const user of extra) {
      if (user.email && !mailboxes.has(user.email))
        mailboxes.set(user.email, { key: user.email, address: user.email, language: user.language });
    }
    const users = [...new Set([...departmentUsers, ...extra].map((u) => u.id))].sort().map((id) => ({ id }));
    return { mailboxes: [...mailboxes.values()].sort((a, b) => a.address.localeCompare(b.address)), users };
  }

  private async summary(issueId: string, tx?: EntityManager): Promise<IssueSummary> {
    const row = await this.repository.summary(issueId, tx);
    return {
      issueId,
      number: row.number,
      categoryName: row.category,
      placeName: row.place === row.township ? row.place : `${row.township}${row.place}`,
      stationName: row.station,
      urgency: row.urgency,
      description: row.description,
      url: new URL(`/issues/${issueId}`, this.config.PUBLIC_URL).toString(),
    };
  }
}
