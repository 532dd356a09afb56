// The single place that binds the worker's injectable activity services into Temporal's activity map.
import type { INestApplicationContext } from '@nestjs/common';
import type {
  InvitationActivities,
  IssueActivities,
  MaintenanceActivities,
  ReceptionActivities,
  VoterSubmissionActivities,
  WebhookActivities,
} from '@app/contracts';
import { InvitationActivitiesService } from './attendance/invitation-activities.service';
import { CommandReceiptsRepository } from './issues/command-receipts.repository';
import { IssueActivitiesService } from './issues/issue-activities.service';
import { MaintenanceActivitiesService } from './maintenance/maintenance-activities.service';
import { RecordsActivitiesService } from './records/records-activities.service';
import { ReceptionActivitiesService } from './reception/reception-activities.service';
import { VoterSubmissionActivitiesService } from './voter/voter-submission-activities.service';
import { WebhookActivitiesService } from './webhooks/webhook-activities.service';

/** Every activity the worker registers; each method keeps its service as `this`. */
export function createActivities(
  app: INestApplicationContext,
): IssueActivities &
  MaintenanceActivities &
  InvitationActivities &
  ReceptionActivities &
  VoterSubmissionActivities &
  WebhookActivities {
  const issues = app.get(IssueActivitiesService);
  const receipts = app.get(CommandReceiptsRepository);
  const invitations = app.get(InvitationActivitiesService);
  const maintenance = app.get(MaintenanceActivitiesService);
  const receptions = app.get(ReceptionActivitiesService);
  const records = app.get(RecordsActivitiesService);
  const submissions = app.get(VoterSubmissionActivitiesService);
  const webhooks = app.get(WebhookActivitiesService);
  return {
    purgeExpiredRecords: maintenance.purgeExpiredRecords.bind(maintenance),
    applyRetention: records.applyRetention.bind(records),
    sealRecords: records.sealRecords.bind(records),
    routeIssue: issues.routeIssue.bind(issues),
    computeDeadlines: issues.computeDeadlines.bind(issues),
    assignDepartments: issues.assignDepartments.bind(issues),
    notify: issues.notify.bind(issues),
    recordTransition: issues.recordTransition.bind(issues),
    // A deadline step's question before it acts: commands received before its instant, saved but not delivered.
    pendingCommands: ({ issueId, receivedBefore }) => receipts.pendingBefore(issueId, receivedBefore),
    // computeDeadlines above serves the invitation workflow too.
    sendInvitationNotice: invitations.sendInvitationNotice.bind(invitations),
    recordInvitationTransition: invitations.recordInvitationTransition.bind(invitations),
    heldOnDates: receptions.heldOnDates.bind(receptions),
    openReception: receptions.openReception.bind(receptions),
    sendReceptionNotice: receptions.sendReceptionNotice.bind(receptions),
    recordReceptionTransition: receptions.recordReceptionTransition.bind(receptions),
    // computeDeadlines above serves the voter-submission workflow too.
    sendSubmissionNotice: submissions.sendSubmissionNotice.bind(submissions),
    nextWebhookDelivery: webhooks.nextWebhookDelivery.bind(webhooks),
    attemptWebhookDelivery: webhooks.attemptWebhookDelivery.bind(webhooks),
  };
}
