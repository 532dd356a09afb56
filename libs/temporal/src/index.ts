export * from './temporal-client.service';
export * from './temporal.module';
export * from './issue-workflow-start';
export * from './voter-submission-start';
export * from './reception-schedule';
export * from './workflow-gateway';
