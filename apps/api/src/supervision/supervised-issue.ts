// Owns how an issue row becomes the item a supervisor reads in a queue or a drill-down list: names, the deadline
// in working days on the official calendar, the last action, masked voter data, and links to act on it.
import { chinaDay, workingDaysBetween, type WorkingCalendar } from '@app/calendar';
import { ISSUE_STATUS_LABELS, type IssueStatus } from '@app/contracts';
import type { IssueRow } from '@app/metrics';
import type { VoterView } from '../auth/personal-data.service';
// One table of event labels for every view (the issue's timeline and the supervisors' last action).
import { eventLabel } from '../issues/issue-views';
import type { SupervisedIssueView } from './supervision.dto';

export function issueLinks(id: string): SupervisedIssueView['links'] {
  const self = `/api/issues/${id}`;
  return {
    self,
    urge: `${self}/urge`,
    extend: `${self}/extend`,
    reassign: `${self}/reassign`,
    referUpward: `${self}/refer-upward`,
  };
}

export function toSupervisedIssue(
  row: IssueRow,
  voter: VoterView,
  now: Date,
  calendar: WorkingCalendar,
): SupervisedIssueView {
  const status = row.status as IssueStatus;
  let workingDaysOverdue: number | null = null;
  let workingDaysLeft: number | null = null;
  if (row.deadlineAt) {
    const deadline = new Date(row.deadlineAt);
    const days = workingDaysBetween(chinaDay(deadline), chinaDay(now), calendar);
    if (deadline.getTime() < now.getTime()) workingDaysOverdue = Math.max(0, days);
    else workingDaysLeft = Math.max(0, -days);
  }
  return {
    id: row.id,
    number: row.number,
    description: row.description,
    urgency: row.urgency,
    status,
    statusLabel: ISSUE_STATUS_LABELS[status] ?? status,
    round: row.round,
    escalationLevel: row.escalationLevel,
    category: { id: row.categoryId, name: row.categoryName },
    station: { id: row.stationId, name: row.stationName },
    township: { id: row.townshipRegionId, name: row.townshipName },
    place: { id: row.placeRegionId, name: row.placeName },
    deputy: { id: row.deputyId, name: row.deputyName },
    leadDepartment: row.leadDepartmentId ? { id: row.leadDepartmentId, name: row.leadDepartmentName ?? '' } : null,
    submittedAt: row.submittedAt,
    assignedAt: row.assignedAt,
    dueAt: row.dueAt,
    deadlineAt: row.deadlineAt,
    workingDaysOverdue,
    workingDaysLeft,
    firstRepliedAt: row.firstRepliedAt,
    firstReplyOnTime: row.firstReplyOnTime,
    replyClass: row.replyClass,
    satisfaction: row.satisfaction,
    sendBackCount: row.sendBackCount,
    lastAction:
      row.lastEventType && row.lastEventAt
        ? {
            type: row.lastEventType,
            label: eventLabel(row.lastEventType),
            actor: row.lastEventActor,
            at: row.lastEventAt,
          }
        : null,
    voter,
    links: issueLinks(row.id),
  };
}
