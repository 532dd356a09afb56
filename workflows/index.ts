// The worker's workflow bundle: every workflow function the task queue runs.
export { issueWorkflow } from './issue.workflow';
