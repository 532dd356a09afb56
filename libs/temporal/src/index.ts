export * from './temporal-client.service';
export * from './temporal.module';
export * from './issue-workflow-start';
export * from './reception-schedule';
export * from './workflow-gateway';
