// The one place where the API, the worker and the workflows agree: queues, inputs, messages, search attributes.
export * from './search-attributes';
export * from './china-date';
export * from './control-characters';
export * from './issue-vocabulary';
export * from './issue-workflow';
export * from './maintenance-workflow';
export * from './reception-workflow';
export * from './invitation-workflow';
export * from './workflow-rejection';
export * from './activity-liveness';

export const DEFAULT_TASK_QUEUE = 'lianluo-issues';
export * from './voter-submission-workflow';
export * from './webhook-workflow';
