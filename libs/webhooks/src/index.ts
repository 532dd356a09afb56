export * from './webhook-event-types';
export * from './webhook-cloudevent';
export * from './webhook-outbox';
export * from './webhook-signature';
export * from './webhook-target';
