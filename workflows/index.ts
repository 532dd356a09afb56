// The worker's workflow bundle: every workflow function the task queue runs.
export { issueWorkflow } from './issue.workflow';
export { maintenanceWorkflow } from './maintenance.workflow';
export { invitationWorkflow } from './invitation.workflow';
export { receptionDayWorkflow, receptionScheduleWorkflow } from './reception.workflow';
export { voterSubmissionWorkflow } from './voter-submission.workflow';
export { webhookEndpointWorkflow } from './webhook-endpoint.workflow';
